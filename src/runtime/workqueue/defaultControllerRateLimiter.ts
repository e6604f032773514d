// The rate limiter controllers use unless they choose another: per-item exponential backoff
// from 5 ms to 1000 s, and overall no more than 10 retries a second after a burst of 100.
import type { Clock } from './clock.js';
import { BucketRateLimiter } from './bucketRateLimiter.js';
import { ItemExponentialFailureRateLimiter } from './itemExponentialFailureRateLimiter.js';
import type { KeyFunc } from './keyFunc.js';
import { MaxOfRateLimiter } from './maxOfRateLimiter.js';
import type { RateLimiter } from './rateLimiter.js';

export function DefaultControllerRateLimiter<T>(
  options: { keyOf?: KeyFunc<T>; clock?: Clock } = {},
): RateLimiter<T> {
  return new MaxOfRateLimiter<T>(
    new ItemExponentialFailureRateLimiter<T>(5, 1000_000, options.keyOf),
    new BucketRateLimiter<T>(10, 100, options.clock),
  );
}
