// runtime: the operator framework kubets' own controllers and its users' operators are written
// on, split as controller-runtime and client-go are: workqueue/ (dedup, stingy, rate-limited
// queues), cache/ (list/watch, reflector, indexer, shared informers), controller/ (reconcile
// loop, predicates, handlers that enqueue, builder), controllerutil/ (owner references,
// finalizers, conditions, server-side apply), leaderelection/ (Lease-based), events/ (Event
// recording with repeats folded), client/ (what a kubeconfig says besides the connection),
// metrics/ (the HTTP endpoint Prometheus scrapes, with health checks) and manager/ (caches,
// controllers, leader election and shutdown for one process). It talks to the API server only
// through @kubernetes/client-node, never through kubets' server code.
export * as workqueue from './workqueue/index.js';
export * as cache from './cache/index.js';
export * as controller from './controller/index.js';
export * as controllerutil from './controllerutil/index.js';
export * as leaderelection from './leaderelection/index.js';
export * as events from './events/index.js';
export * as client from './client/index.js';
export * as metrics from './metrics/index.js';
export { Manager } from './manager/index.js';
