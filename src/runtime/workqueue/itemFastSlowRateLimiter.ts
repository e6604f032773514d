// Per-item two-speed retries: the first maxFastAttempts failures of an item wait fastDelay,
// later ones slowDelay, until the item is forgotten.
import { identityKey, type KeyFunc } from './keyFunc.js';
import type { RateLimiter } from './rateLimiter.js';

export class ItemFastSlowRateLimiter<T> implements RateLimiter<T> {
  private readonly failures = new Map<unknown, number>();

  constructor(
    readonly fastDelayMs: number,
    readonly slowDelayMs: number,
    readonly maxFastAttempts: number,
    private readonly keyOf: KeyFunc<T> = identityKey,
  ) {}

  when(item: T): number {
    const key = this.keyOf(item);
    const attempts = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, attempts);
    return attempts <= this.maxFastAttempts ? this.fastDelayMs : this.slowDelayMs;
  }

  forget(item: T): void {
    this.failures.delete(this.keyOf(item));
  }

  numRequeues(item: T): number {
    return this.failures.get(this.keyOf(item)) ?? 0;
  }
}
