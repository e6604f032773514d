// One watcher's delivery line: filters changes by prefix, drops what it has already seen, and
// hands batches to its handler asynchronously, in revision order. Shared by every backend that
// fans events out in-process (the SQLite backend, the watch cache).
import type { Watch, WatchEvent, WatchHandler } from './storage.js';

export class Subscriber implements Watch {
  private pending: WatchEvent[] = [];
  private scheduled = false;
  private stopped = false;
  private failure: Error | undefined;

  constructor(
    readonly prefix: string,
    /** The revision already seen: only later changes are delivered. */
    private lastRevision: number,
    private readonly handler: WatchHandler,
    private readonly onStop: (subscriber: Subscriber) => void,
  ) {}

  get active(): boolean {
    return !this.stopped && this.failure === undefined;
  }

  /** Queues the events under this watcher's prefix that are newer than what it has. */
  push(events: readonly WatchEvent[]): void {
    if (!this.active) return;
    for (const event of events) {
      if (event.kv.modRevision <= this.lastRevision || !event.kv.key.startsWith(this.prefix)) continue;
      this.pending.push(event);
      this.lastRevision = event.kv.modRevision;
    }
    if (this.pending.length > 0) this.schedule();
  }

  /** The store reached `revision` with nothing more for this watcher up to there. */
  progress(revision: number): void {
    if (!this.active || revision <= this.lastRevision || this.pending.length > 0) return;
    this.lastRevision = revision;
    this.handler.onProgress?.(revision);
  }

  /** Ends the watch with an error, after the events already queued. */
  fail(error: Error): void {
    if (!this.active) return;
    this.failure = error;
    this.schedule();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.pending = [];
    this.onStop(this);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.deliver());
  }

  private deliver(): void {
    this.scheduled = false;
    if (this.stopped) return;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) this.handler.onEvents(batch);
    if (this.failure !== undefined && !this.stopped) {
      this.stopped = true;
      this.onStop(this);
      this.handler.onError(this.failure);
    }
  }
}
