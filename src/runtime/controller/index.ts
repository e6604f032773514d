// controller: the reconcile loop, as controller-runtime's controller, reconcile, handler,
// predicate and builder packages. The contract users write is one function,
// reconcile(request, {signal, log}) → {requeue?, requeueAfter?}; handlers never reconcile,
// they enqueue request keys.
//   Request, Result, requestKey                                          (request.ts)
//   Reconciler / ReconcileFunc, TerminalError (not retried)              (reconciler.ts)
//   Controller: rate-limited stingy queue, maxConcurrentReconciles workers, watches on shared
//     informers, graceful stop that waits for reconciles in flight      (controller.ts)
//   predicates: generationChanged, labelsChanged, annotationsChanged, and/or/not  (predicate.ts)
//   handlers: enqueueRequestForObject, enqueueRequestForOwner, enqueueRequestsFromMapFunc (handler.ts)
//   ControllerBuilder: named/for/owns/watches/withOptions/complete on a ControllerHost (builder.ts)
//   controller_runtime_reconcile_total{controller,result}, _errors_total, _reconcile_time_seconds,
//     _max_concurrent_reconciles, _active_workers and the workqueue_* metrics   (metrics.ts)
// It imports runtime/cache, runtime/workqueue, src/log, prom-client; never the API server,
// registry or storage.
export { ControllerBuilder, type BuilderOptions, type ControllerHost, type WatchOptions } from './builder.js';
export { Controller, type ControllerOptions, type StopOptions } from './controller.js';
export type { ObjectEvent } from './event.js';
export {
  enqueueRequestForObject, enqueueRequestForOwner, enqueueRequestsFromMapFunc, type EventHandler, type MapFunc, type OwnerMatch,
} from './handler.js';
export {
  controllerMetrics, RECONCILE_TIME_BUCKETS, workqueueMetricsProvider, type ControllerMetrics, type ReconcileResultLabel,
} from './metrics.js';
export {
  and, annotationsChanged, generationChanged, labelsChanged, not, or, resourceVersionChanged, type Predicate,
} from './predicate.js';
export {
  isTerminalError, TerminalError, toReconcileFunc, type ReconcileContext, type ReconcileFunc, type Reconciler, type ReconcilerLike,
} from './reconciler.js';
export { requestFromKey, requestKey, type Request, type Result } from './request.js';
