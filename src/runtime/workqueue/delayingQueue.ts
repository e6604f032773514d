// DelayingQueue: a Queue that can also take an item to add later. Held items wait in a heap
// ordered by ready time; one timer is armed for the earliest. Adding an item that is already
// held keeps whichever ready time is earlier. Each addAfter counts as a retry in the metrics.
import type { CancelTimer } from './clock.js';
import { noopMetricsProvider, type CounterMetric } from './metrics.js';
import { Queue, type QueueOptions, type WorkQueue } from './queue.js';
import { WaitingHeap } from './waitingHeap.js';

export interface DelayingWorkQueue<T> extends WorkQueue<T> {
  addAfter(item: T, delayMs: number): void;
}

export class DelayingQueue<T> extends Queue<T> implements DelayingWorkQueue<T> {
  private readonly waiting = new WaitingHeap<T>();
  private readonly retries: CounterMetric | undefined;
  private cancelTimer: CancelTimer | undefined;
  private timerDue = Infinity;

  constructor(options: QueueOptions<T> = {}) {
    super(options);
    const provider = options.metricsProvider ?? noopMetricsProvider;
    if (options.name && provider !== noopMetricsProvider) this.retries = provider.newRetriesMetric(options.name);
  }

  /** Adds item once delayMs have passed (at once when delayMs <= 0). */
  addAfter(item: T, delayMs: number): void {
    if (this.shuttingDown()) return;
    this.retries?.inc();
    if (!(delayMs > 0)) {
      this.add(item);
      return;
    }
    this.waiting.insert(this.keyOf(item), item, this.clock.now() + delayMs);
    this.armTimer();
  }

  /** Items held back by addAfter and not yet added. */
  waitingLen(): number {
    return this.waiting.size;
  }

  override shutDown(): void {
    this.stopWaiting();
    super.shutDown();
  }

  override shutDownWithDrain(): Promise<void> {
    this.stopWaiting();
    return super.shutDownWithDrain();
  }

  private stopWaiting(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.timerDue = Infinity;
    this.waiting.clear();
  }

  private armTimer(): void {
    const next = this.waiting.peek();
    if (!next) return;
    if (this.cancelTimer && this.timerDue <= next.readyAt) return;
    this.cancelTimer?.();
    this.timerDue = next.readyAt;
    this.cancelTimer = this.clock.after(next.readyAt - this.clock.now(), () => this.releaseReady());
  }

  private releaseReady(): void {
    this.cancelTimer = undefined;
    this.timerDue = Infinity;
    const now = this.clock.now();
    for (let next = this.waiting.peek(); next && next.readyAt <= now; next = this.waiting.peek()) {
      this.waiting.pop();
      this.add(next.item);
    }
    this.armTimer();
  }
}
