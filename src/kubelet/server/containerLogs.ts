// A container's log as `GET /containerLogs/...` serves it: the lines of its CRI log file from
// sinceTime/sinceSeconds on, the last tailLines of them, each after its time when timestamps is
// set, cut at limitBytes; with follow, new lines as the runtime writes them, until the
// container stops or the client goes.
import { open, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { CriLogReader, type LogLine } from './criLogLines.js';

export interface LogOptions {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  /** Only lines at or after this time (ms since the epoch). */
  sinceMs?: number;
  limitBytes?: number;
}

export interface LogSink {
  write(data: Buffer): void;
  /** Whether the client has gone. */
  readonly closed: boolean;
}

const pollMs = 100;
/** How long the file may stay quiet before the container's state is checked again. */
const stateCheckMs = 1000;

const isTrue = (value: string | null) => value === 'true' || value === '1';

function count(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  return value === null || value === '' || !/^-?\d+$/.test(value) ? undefined : Number(value);
}

/** The options of a log request, as the API server forwards them. */
export function logOptions(query: URLSearchParams, now = Date.now()): LogOptions {
  const sinceSeconds = count(query, 'sinceSeconds');
  const sinceTime = query.get('sinceTime');
  const sinceMs = sinceTime ? Date.parse(sinceTime) : sinceSeconds !== undefined ? now - sinceSeconds * 1000 : undefined;
  return {
    follow: isTrue(query.get('follow')),
    previous: isTrue(query.get('previous')),
    timestamps: isTrue(query.get('timestamps')),
    tailLines: count(query, 'tailLines'),
    sinceMs: Number.isNaN(sinceMs) ? undefined : sinceMs,
    limitBytes: count(query, 'limitBytes'),
  };
}

class LimitedWriter {
  private left: number;

  constructor(private readonly sink: LogSink, private readonly options: LogOptions) {
    this.left = options.limitBytes ?? Infinity;
  }

  get done(): boolean {
    return this.left <= 0 || this.sink.closed;
  }

  write(lines: LogLine[]): void {
    for (const line of lines) {
      if (this.done) return;
      if (this.options.sinceMs !== undefined && line.ms < this.options.sinceMs) continue;
      const bytes = this.options.timestamps ? Buffer.concat([Buffer.from(`${line.time} `), line.text]) : line.text;
      const out = bytes.length > this.left ? bytes.subarray(0, this.left) : bytes;
      this.left -= out.length;
      this.sink.write(out);
    }
  }
}

async function readFrom(file: FileHandle, offset: number): Promise<Buffer> {
  const { size } = await file.stat();
  if (size <= offset) return Buffer.alloc(0);
  const buffer = Buffer.alloc(size - offset);
  const { bytesRead } = await file.read(buffer, 0, buffer.length, offset);
  return buffer.subarray(0, bytesRead);
}

/** The log file, once there: a runtime may create it with the container's first output (a
 * container that wrote nothing has an empty log). Undefined when there is none and, for a
 * follow, the container stopped without one. */
async function openLog(path: string, followWhile?: () => Promise<boolean>): Promise<FileHandle | undefined> {
  for (;;) {
    try {
      return await open(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (!followWhile || !(await followWhile())) return undefined;
      await sleep(stateCheckMs);
    }
  }
}

/**
 * Writes the log at `path` to `sink` as `options` ask. `running` says whether the container
 * still runs: a follow ends once it does not and the file has no more to give.
 */
export async function streamContainerLog(path: string, options: LogOptions, sink: LogSink, running: () => Promise<boolean>): Promise<void> {
  const file = await openLog(path, options.follow ? running : undefined);
  if (!file) return;
  try {
    const reader = new CriLogReader();
    const writer = new LimitedWriter(sink, options);
    let data = await readFrom(file, 0);
    let offset = data.length;
    const lines = reader.push(data).filter((line) => options.sinceMs === undefined || line.ms >= options.sinceMs);
    writer.write(options.tailLines === undefined ? lines : lines.slice(Math.max(0, lines.length - options.tailLines)));
    if (!options.follow) return;
    let quietSince = Date.now();
    while (!writer.done) {
      data = await readFrom(file, offset);
      if (data.length > 0) {
        offset += data.length;
        writer.write(reader.push(data));
        quietSince = Date.now();
        continue;
      }
      if (Date.now() - quietSince >= stateCheckMs) {
        if (!(await running())) {
          data = await readFrom(file, offset);
          writer.write(reader.push(data));
          return;
        }
        quietSince = Date.now();
      }
      await sleep(pollMs);
    }
  } finally {
    await file.close();
  }
}
