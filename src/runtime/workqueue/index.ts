// workqueue: the work queues controllers drain, with client-go's util/workqueue semantics.
//   Queue              dedup (an item queued twice is queued once) and "stingy" processing (an
//                      item is with one worker at a time; re-added meanwhile, it comes back at
//                      done); async get; shutDown and shutDownWithDrain        (queue.ts)
//   DelayingQueue      addAfter(item, ms) over a heap of ready times   (delayingQueue.ts)
//   RateLimitingQueue  addRateLimited / forget / numRequeues through a RateLimiter
//                      (rateLimitingQueue.ts); the limiters: ItemExponentialFailureRateLimiter,
//                      ItemFastSlowRateLimiter, BucketRateLimiter, MaxOfRateLimiter and
//                      DefaultControllerRateLimiter() (5 ms → 1000 s per item, 10 qps burst 100)
//   metrics            a MetricsProvider per queue name (no-op by default); the prom-client one
//                      reports workqueue_depth, workqueue_adds_total, ... on a given registry
// Times are milliseconds from a Clock (FakeClock for tests); metric values are seconds.
// It imports nothing of kubets: it is a leaf any part of the runtime can build on.
export { realClock } from './clock.js';
export type { Clock, CancelTimer } from './clock.js';
export { FakeClock } from './fakeClock.js';
export { identityKey } from './keyFunc.js';
export type { KeyFunc } from './keyFunc.js';
export { Queue } from './queue.js';
export type { GetResult, QueueOptions, WorkQueue } from './queue.js';
export { DelayingQueue } from './delayingQueue.js';
export type { DelayingWorkQueue } from './delayingQueue.js';
export { RateLimitingQueue } from './rateLimitingQueue.js';
export type { RateLimitingQueueOptions, RateLimitingWorkQueue } from './rateLimitingQueue.js';
export type { RateLimiter } from './rateLimiter.js';
export { ItemExponentialFailureRateLimiter } from './itemExponentialFailureRateLimiter.js';
export { ItemFastSlowRateLimiter } from './itemFastSlowRateLimiter.js';
export { BucketRateLimiter } from './bucketRateLimiter.js';
export { MaxOfRateLimiter } from './maxOfRateLimiter.js';
export { DefaultControllerRateLimiter } from './defaultControllerRateLimiter.js';
export { noopMetricsProvider } from './metrics.js';
export type {
  CounterMetric,
  GaugeMetric,
  HistogramMetric,
  MetricsProvider,
  SettableGaugeMetric,
} from './metrics.js';
export { PrometheusMetricsProvider, WORKQUEUE_DURATION_BUCKETS } from './prometheusMetricsProvider.js';
