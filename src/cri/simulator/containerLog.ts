// Container log files in the CRI format the kubelet reads: one line per line of output,
// `<RFC3339Nano timestamp> <stdout|stderr> F <text>` (F: a full line; text without a trailing
// newline ends in a P partial line). Writes to one file are kept in order; the file (and its
// directory) is made by the first write, so a container that prints nothing costs no file call.
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The current time as RFC 3339 with nanoseconds, as Go's time.RFC3339Nano prints UTC. */
export function rfc3339Nano(date = new Date(), extraNanos = 0): string {
  const iso = date.toISOString();
  const fraction = `${iso.slice(20, 23)}${String(extraNanos).padStart(6, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}

export class ContainerLog {
  private pending: Promise<void> = Promise.resolve();
  private opened = false;

  constructor(private readonly path: string) {}

  write(stream: 'stdout' | 'stderr', text: string): void {
    if (!this.path || text === '') return;
    const time = rfc3339Nano();
    const lines = text.split('\n');
    const last = lines.pop()!;
    const body = lines.map((line) => `${time} ${stream} F ${line}\n`).join('')
      + (last ? `${time} ${stream} P ${last}\n` : '');
    if (!this.opened) {
      this.opened = true;
      this.pending = this.pending.then(() => mkdir(dirname(this.path), { recursive: true })).then(() => undefined, () => undefined);
    }
    this.pending = this.pending.then(() => appendFile(this.path, body)).catch(() => undefined);
  }

  /** Resolves when everything written so far is on disk. */
  flushed(): Promise<void> {
    return this.pending;
  }
}
