// The recent changes of one watch cache, oldest first. Keeps at least `minEvents` events and at
// least `minAgeMs` of history, and never more than `maxEvents`. The defaults are upstream's
// window: 75 s of history (its bookmark interval and 15 s), between 100 and 102,400 events.
import type { WatchEvent } from '../storage.js';

export interface RetentionOptions {
  minEvents: number;
  minAgeMs: number;
  maxEvents: number;
}

export const DEFAULT_RETENTION: RetentionOptions = { minEvents: 100, minAgeMs: 75_000, maxEvents: 100 * 1024 };

export class EventBuffer {
  private events: WatchEvent[] = [];
  private times: number[] = [];
  private head = 0;
  /** Every change after this revision is held (older ones are gone). */
  private servableFrom: number;

  constructor(startRevision: number, private readonly retention: RetentionOptions = DEFAULT_RETENTION) {
    this.servableFrom = startRevision;
  }

  get oldestServable(): number {
    return this.servableFrom;
  }

  get size(): number {
    return this.events.length - this.head;
  }

  append(events: readonly WatchEvent[], now = Date.now()): void {
    for (const event of events) {
      this.events.push(event);
      this.times.push(now);
    }
    this.evict(now);
  }

  /** The held changes after `revision`, or undefined if some of them are already gone. */
  since(revision: number): WatchEvent[] | undefined {
    if (revision < this.servableFrom) return undefined;
    let low = this.head;
    let high = this.events.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.events[mid].kv.modRevision <= revision) low = mid + 1;
      else high = mid;
    }
    return this.events.slice(low);
  }

  private evict(now: number): void {
    const { minEvents, minAgeMs, maxEvents } = this.retention;
    while (this.size > maxEvents || (this.size > minEvents && now - this.times[this.head] > minAgeMs)) {
      this.servableFrom = this.events[this.head].kv.modRevision;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}
