// A watch cache for one key prefix (one resource), in front of a backend. It keeps the current
// state and the recent changes in memory: lists that accept any recent state (resourceVersion=0,
// or "not older than N") and every watch are served from memory, so one backend watch feeds any
// number of watchers, each handed the same event objects. Writes and exact reads go through.
import { StorageError } from '../errors.js';
import type {
  KeyValue, ListOptions, ListResult, Storage, Watch, WatchEvent, WatchHandler,
} from '../storage.js';
import { Subscriber } from '../subscriber.js';
import { DEFAULT_RETENTION, EventBuffer, type RetentionOptions } from './eventBuffer.js';
import { Snapshot } from './snapshot.js';

export interface WatchCacheOptions {
  retention?: Partial<RetentionOptions>;
  /** How long a read waits for the cache to reach a requested revision. */
  freshnessTimeoutMs?: number;
  /** Pause before rebuilding after the backend watch fails. */
  restartDelayMs?: number;
}

export class WatchCache implements Storage {
  private readonly snapshot = new Snapshot();
  private buffer: EventBuffer;
  private revision = 0;
  private readonly subscribers = new Set<Subscriber>();
  private waiters: Array<() => void> = [];
  private backendWatch: Watch | undefined;
  private ready: Promise<void>;
  private closed = false;
  private synced = false;
  private readonly retention: RetentionOptions;

  constructor(
    private readonly backend: Storage,
    readonly prefix: string,
    private readonly options: WatchCacheOptions = {},
  ) {
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.buffer = new EventBuffer(0, this.retention);
    this.ready = this.sync();
  }

  /** Resolves once the cache holds the backend's state. */
  waitUntilReady(): Promise<void> {
    return this.ready;
  }

  async create(key: string, value: Buffer): Promise<KeyValue> {
    return this.backend.create(this.own(key), value);
  }

  async update(key: string, value: Buffer, expectedModRevision: number): Promise<KeyValue> {
    return this.backend.update(this.own(key), value, expectedModRevision);
  }

  async delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    return this.backend.delete(this.own(key), expectedModRevision);
  }

  /** A consistent read (no revision) comes from memory when the cache has caught up with the
   * backend's current revision, which makes it the same answer; otherwise from the backend. */
  async get(key: string, revision?: number): Promise<KeyValue | undefined> {
    this.own(key);
    if (!revision && await this.fresh()) return this.snapshot.get(key);
    return this.backend.get(key, revision);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.own(prefix);
    const consistent = options.notOlderThan === undefined && !options.revision;
    if (consistent && await this.fresh()) return this.fromMemory(prefix, options);
    if (options.notOlderThan === undefined || options.revision) return this.backend.list(prefix, options);
    await this.ready;
    await this.waitFor(options.notOlderThan, prefix);
    return this.fromMemory(prefix, options);
  }

  private fromMemory(prefix: string, options: ListOptions): ListResult {
    const { kvs, remaining } = this.snapshot.list(prefix, options.after, options.limit ?? 0);
    return { kvs, remaining, revision: this.revision };
  }

  /** Whether the cache holds the backend's latest state (never while it is rebuilding). */
  private async fresh(): Promise<boolean> {
    if (!this.synced) return false;
    return this.revision >= await this.backend.currentRevision();
  }

  watch(prefix: string, fromRevision: number, handler: WatchHandler): Watch {
    const subscriber = new Subscriber(prefix, fromRevision, handler, (s) => this.subscribers.delete(s));
    this.ready.then(
      () => this.startWatch(subscriber, fromRevision),
    ).catch((error: Error) => subscriber.fail(error));
    return subscriber;
  }

  async compact(revision: number): Promise<void> {
    return this.backend.compact(revision);
  }

  async currentRevision(): Promise<number> {
    return this.backend.currentRevision();
  }

  /** Stops the cache and its watchers; the backend stays open (it is not the cache's). */
  async close(): Promise<void> {
    this.closed = true;
    this.backendWatch?.stop();
    for (const subscriber of [...this.subscribers]) {
      subscriber.fail(StorageError.unavailable(subscriber.prefix, 'watch cache is closed'));
    }
  }

  /** How many keys the cache holds. */
  get objectCount(): number {
    return this.snapshot.size;
  }

  /** The revision the cache has caught up to. */
  get cachedRevision(): number {
    return this.revision;
  }

  private async startWatch(subscriber: Subscriber, fromRevision: number): Promise<void> {
    this.own(subscriber.prefix);
    if (this.closed) return subscriber.fail(StorageError.unavailable(subscriber.prefix, 'watch cache is closed'));
    if (fromRevision > this.revision) {
      const current = await this.backend.currentRevision();
      if (fromRevision > current) {
        return subscriber.fail(StorageError.futureRevision(subscriber.prefix, fromRevision, current));
      }
    }
    const history = this.buffer.since(fromRevision);
    if (!history) {
      return subscriber.fail(StorageError.compacted(subscriber.prefix, fromRevision, this.buffer.oldestServable));
    }
    subscriber.push(history);
    this.subscribers.add(subscriber);
  }

  /** Lists the backend, then follows its changes from that revision. */
  private async sync(): Promise<void> {
    const listed = await this.backend.list(this.prefix);
    this.snapshot.reset(listed.kvs);
    this.revision = listed.revision;
    this.buffer = new EventBuffer(listed.revision, this.retention);
    this.synced = true;
    this.backendWatch = this.backend.watch(this.prefix, listed.revision, {
      onEvents: (events) => this.receive(events),
      onProgress: (revision) => this.advance(revision),
      onError: (error) => this.restart(error),
    });
  }

  private receive(backendEvents: readonly WatchEvent[]): void {
    const events = backendEvents.map((backendEvent) => {
      const event = this.sharePrevious(backendEvent);
      this.snapshot.apply(event);
      return event;
    });
    this.buffer.append(events);
    for (const subscriber of this.subscribers) subscriber.push(events);
    this.advance(events[events.length - 1].kv.modRevision);
  }

  /** The backend reads an event's previous value afresh; the cache already holds those bytes
   * (the key's current value), so the event points at them instead of keeping a second copy. */
  private sharePrevious(event: WatchEvent): WatchEvent {
    const held = this.snapshot.get(event.kv.key)?.value;
    if (!event.prevValue || !held || held === event.prevValue || !held.equals(event.prevValue)) return event;
    return { ...event, prevValue: held };
  }

  private advance(revision: number): void {
    if (revision <= this.revision) return;
    this.revision = revision;
    for (const subscriber of this.subscribers) subscriber.progress(revision);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** The backend watch broke: every watcher must start over, and the cache rebuilds itself. */
  private restart(error: Error): void {
    if (this.closed) return;
    this.synced = false;
    for (const subscriber of [...this.subscribers]) subscriber.fail(error);
    this.ready = this.resync();
  }

  private async resync(): Promise<void> {
    const delay = this.options.restartDelayMs ?? 1000;
    for (let attempt = 0; !this.closed; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, delay * Math.min(2 ** attempt, 30)).unref());
      try {
        return await this.sync();
      } catch {
        // The backend is still unreachable: try again, less often.
      }
    }
  }

  private async waitFor(revision: number, key: string): Promise<void> {
    if (revision <= this.revision) return;
    const timeoutMs = this.options.freshnessTimeoutMs ?? 3000;
    const deadline = Date.now() + timeoutMs;
    while (this.revision < revision) {
      const left = deadline - Date.now();
      if (left <= 0) throw StorageError.futureRevision(key, revision, this.revision);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  private own(key: string): string {
    if (!key.startsWith(this.prefix)) {
      throw new StorageError('NotFound', key, `key ${key} is outside the watch cache for ${this.prefix}`);
    }
    return key;
  }
}
