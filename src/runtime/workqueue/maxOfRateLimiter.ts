// Several rate limiters at once: every one records the failure, and the item waits as long as
// the strictest of them says.
import type { RateLimiter } from './rateLimiter.js';

export class MaxOfRateLimiter<T> implements RateLimiter<T> {
  private readonly limiters: readonly RateLimiter<T>[];

  constructor(...limiters: RateLimiter<T>[]) {
    this.limiters = limiters;
  }

  when(item: T): number {
    let wait = 0;
    for (const limiter of this.limiters) wait = Math.max(wait, limiter.when(item));
    return wait;
  }

  forget(item: T): void {
    for (const limiter of this.limiters) limiter.forget(item);
  }

  numRequeues(item: T): number {
    let requeues = 0;
    for (const limiter of this.limiters) requeues = Math.max(requeues, limiter.numRequeues(item));
    return requeues;
  }
}
