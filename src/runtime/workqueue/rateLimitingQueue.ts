// RateLimitingQueue: a DelayingQueue whose retries wait as long as a rate limiter says.
// Controllers call addRateLimited after a failed reconcile and forget after a successful one.
import { DelayingQueue, type DelayingWorkQueue } from './delayingQueue.js';
import { DefaultControllerRateLimiter } from './defaultControllerRateLimiter.js';
import type { QueueOptions } from './queue.js';
import type { RateLimiter } from './rateLimiter.js';

export interface RateLimitingWorkQueue<T> extends DelayingWorkQueue<T> {
  addRateLimited(item: T): void;
  forget(item: T): void;
  numRequeues(item: T): number;
}

export interface RateLimitingQueueOptions<T> extends QueueOptions<T> {
  /** Defaults to DefaultControllerRateLimiter() on the queue's clock and key function. */
  rateLimiter?: RateLimiter<T>;
}

export class RateLimitingQueue<T> extends DelayingQueue<T> implements RateLimitingWorkQueue<T> {
  readonly rateLimiter: RateLimiter<T>;

  constructor(options: RateLimitingQueueOptions<T> = {}) {
    super(options);
    this.rateLimiter =
      options.rateLimiter ?? DefaultControllerRateLimiter<T>({ keyOf: options.keyOf, clock: options.clock });
  }

  /** Adds item after the wait the rate limiter gives it. */
  addRateLimited(item: T): void {
    this.addAfter(item, this.rateLimiter.when(item));
  }

  /** Clears the item's failure history; it does not remove the item from the queue. */
  forget(item: T): void {
    this.rateLimiter.forget(item);
  }

  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }
}
