// Queue: the work queue every controller drains. An item added while it is already queued is
// queued once (dedup); an item handed to a worker is handed to no other worker until that
// worker calls done (stingy), and if it was added again meanwhile it is queued again at done.
// get() resolves when an item is available or when the queue is shut down and empty.
import { realClock, type CancelTimer, type Clock } from './clock.js';
import { identityKey, type KeyFunc } from './keyFunc.js';
import { noopMetricsProvider, type MetricsProvider } from './metrics.js';
import { QueueMetrics } from './queueMetrics.js';

export interface QueueOptions<T> {
  /** Labels the queue's metrics; a queue without a name reports none. */
  name?: string;
  metricsProvider?: MetricsProvider;
  clock?: Clock;
  /** How items are told apart; by default the item itself (strings by value). */
  keyOf?: KeyFunc<T>;
  /** How often the unfinished-work gauges are refreshed, in ms (default 500). */
  unfinishedWorkUpdatePeriodMs?: number;
}

export type GetResult<T> = { item: T; shutdown: false } | { item: undefined; shutdown: true };

export interface WorkQueue<T> {
  add(item: T): void;
  len(): number;
  get(): Promise<GetResult<T>>;
  done(item: T): void;
  shutDown(): void;
  shutDownWithDrain(): Promise<void>;
  shuttingDown(): boolean;
}

/** A FIFO of keys with O(1) push and shift. */
class KeyFifo {
  private keys: unknown[] = [];
  private head = 0;

  get length(): number {
    return this.keys.length - this.head;
  }

  push(key: unknown): void {
    this.keys.push(key);
  }

  shift(): unknown {
    const key = this.keys[this.head];
    this.keys[this.head++] = undefined;
    if (this.head > 1024 && this.head * 2 > this.keys.length) {
      this.keys = this.keys.slice(this.head);
      this.head = 0;
    }
    return key;
  }
}

export class Queue<T> implements WorkQueue<T> {
  protected readonly clock: Clock;
  protected readonly keyOf: KeyFunc<T>;
  private readonly fifo = new KeyFifo();
  /** Items that need processing (queued, or re-added while processing), by key. */
  private readonly dirty = new Map<unknown, T>();
  /** Items handed out and not yet done, by key. */
  private readonly processing = new Map<unknown, T>();
  private readonly getters: ((result: GetResult<T>) => void)[] = [];
  private drainWaiters: (() => void)[] = [];
  private shutdownRequested = false;
  private readonly metrics: QueueMetrics | undefined;
  private cancelUnfinishedWorkTimer: CancelTimer | undefined;

  constructor(options: QueueOptions<T> = {}) {
    this.clock = options.clock ?? realClock;
    this.keyOf = options.keyOf ?? identityKey;
    const provider = options.metricsProvider ?? noopMetricsProvider;
    if (options.name && provider !== noopMetricsProvider) {
      this.metrics = new QueueMetrics(options.name, provider, this.clock);
      this.scheduleUnfinishedWorkUpdate(options.unfinishedWorkUpdatePeriodMs ?? 500);
    }
  }

  /** Queues item unless it is queued already or the queue is shutting down. */
  add(item: T): void {
    if (this.shutdownRequested) return;
    const key = this.keyOf(item);
    if (this.dirty.has(key)) return;
    this.metrics?.add(key);
    this.dirty.set(key, item);
    if (this.processing.has(key)) return;
    this.fifo.push(key);
    this.handOutToGetters();
  }

  /** Items waiting to be handed out. */
  len(): number {
    return this.fifo.length;
  }

  /**
   * The next item, once there is one. After shutDown the items still queued are handed out;
   * then every get resolves with shutdown set.
   */
  get(): Promise<GetResult<T>> {
    if (this.fifo.length > 0) return Promise.resolve({ item: this.handOut(), shutdown: false });
    if (this.shutdownRequested) return Promise.resolve({ item: undefined, shutdown: true });
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Marks item processed; if it was added again while processing, it is queued again. */
  done(item: T): void {
    const key = this.keyOf(item);
    if (!this.processing.has(key)) return;
    this.metrics?.done(key);
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.fifo.push(key);
      this.handOutToGetters();
    }
    if (this.processing.size === 0) this.releaseDrainWaiters();
  }

  /** Refuses new items and wakes every waiting get; queued items can still be taken. */
  shutDown(): void {
    this.beginShutdown();
    this.releaseDrainWaiters();
  }

  /**
   * Like shutDown, then resolves once every item handed out has been marked done. Callers must
   * keep calling done for their items, or this never resolves (unless shutDown is called).
   */
  shutDownWithDrain(): Promise<void> {
    this.beginShutdown();
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  shuttingDown(): boolean {
    return this.shutdownRequested;
  }

  private beginShutdown(): void {
    this.shutdownRequested = true;
    this.cancelUnfinishedWorkTimer?.();
    this.cancelUnfinishedWorkTimer = undefined;
    // A getter waits only while nothing is queued, so each one is told the queue is closed.
    for (const resolve of this.getters.splice(0)) resolve({ item: undefined, shutdown: true });
  }

  private releaseDrainWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private handOut(): T {
    const key = this.fifo.shift();
    const item = this.dirty.get(key) as T;
    this.dirty.delete(key);
    this.processing.set(key, item);
    this.metrics?.get(key);
    return item;
  }

  private handOutToGetters(): void {
    while (this.getters.length > 0 && this.fifo.length > 0) {
      const resolve = this.getters.shift()!;
      resolve({ item: this.handOut(), shutdown: false });
    }
  }

  private scheduleUnfinishedWorkUpdate(periodMs: number): void {
    this.cancelUnfinishedWorkTimer = this.clock.after(
      periodMs,
      () => {
        if (this.shutdownRequested) return;
        this.metrics?.updateUnfinishedWork();
        this.scheduleUnfinishedWorkUpdate(periodMs);
      },
      { background: true },
    );
  }
}
