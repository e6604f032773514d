// workqueue: the work queues controllers drain, with client-go's util/workqueue semantics.
//   Queue              dedup (an item queued twice is queued once) and "stingy" processing (an
//                      item is with one worker at a time; re-added meanwhile, it comes back at
//                      done); async get; shutDown and shutDownWithDrain        (queue.ts)
//   DelayingQueue      addAfter(item, ms) over a heap of ready times   (delayingQueue.ts)
//   metrics            a MetricsProvider per queue name (no-op by default)
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
export { noopMetricsProvider } from './metrics.js';
export type {
  CounterMetric,
  GaugeMetric,
  HistogramMetric,
  MetricsProvider,
  SettableGaugeMetric,
} from './metrics.js';
