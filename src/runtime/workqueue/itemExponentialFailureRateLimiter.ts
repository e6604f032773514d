// Per-item exponential backoff: the n-th failure of an item since it was last forgotten waits
// baseDelay * 2^(n-1), never more than maxDelay. Defaults are the controllers' 5 ms and 1000 s.
import { identityKey, type KeyFunc } from './keyFunc.js';
import type { RateLimiter } from './rateLimiter.js';

export class ItemExponentialFailureRateLimiter<T> implements RateLimiter<T> {
  private readonly failures = new Map<unknown, number>();

  constructor(
    readonly baseDelayMs = 5,
    readonly maxDelayMs = 1000_000,
    private readonly keyOf: KeyFunc<T> = identityKey,
  ) {}

  when(item: T): number {
    const key = this.keyOf(item);
    const exponent = this.failures.get(key) ?? 0;
    this.failures.set(key, exponent + 1);
    const backoff = this.baseDelayMs * 2 ** exponent;
    return Number.isFinite(backoff) && backoff <= this.maxDelayMs ? backoff : this.maxDelayMs;
  }

  forget(item: T): void {
    this.failures.delete(this.keyOf(item));
  }

  numRequeues(item: T): number {
    return this.failures.get(this.keyOf(item)) ?? 0;
  }
}
