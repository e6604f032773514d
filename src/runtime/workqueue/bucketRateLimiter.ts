// Overall retry rate: a token bucket shared by all items, refilled at qps tokens a second up to
// burst. Every when() takes a token now or reserves the next one, returning the wait until it
// is there; items are not told apart, so forget does nothing and numRequeues is 0. Defaults are
// the controllers' 10 qps with a burst of 100.
import { realClock, type Clock } from './clock.js';
import type { RateLimiter } from './rateLimiter.js';

export class BucketRateLimiter<T> implements RateLimiter<T> {
  private tokens: number;
  private last: number;

  constructor(
    readonly qps = 10,
    readonly burst = 100,
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  when(_item: T): number {
    const now = this.clock.now();
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
      this.last = now;
    }
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;
  }

  forget(_item: T): void {}

  numRequeues(_item: T): number {
    return 0;
  }
}
