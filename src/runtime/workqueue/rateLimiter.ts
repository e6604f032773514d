// RateLimiter: decides how long an item waits before it is retried. when() records a failure
// and returns the wait in ms; forget() clears the item's history once it succeeded;
// numRequeues() is how many failures are on record.

export interface RateLimiter<T> {
  when(item: T): number;
  forget(item: T): void;
  numRequeues(item: T): number;
}
