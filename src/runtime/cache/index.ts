// runtime/cache: the client side of list/watch, as client-go's tools/cache. ListWatch makes the
// two requests for one resource path; Reflector lists then watches, resumes from the last
// resourceVersion, relists only on 410, backs off on errors and restarts silent watches;
// Indexer is the keyed, indexed cache; SharedInformer puts one reflector and one cache behind
// many non-blocking handlers; SharedInformerFactory shares informers by path and selectors.
// It imports only @kubernetes/client-node (transport and auth) and node built-ins, never the
// API server, registry or storage.
export { ApiError, isExpired, type Status } from './apiError.js';
export { Backoff, type BackoffOptions } from './backoff.js';
export { HandlerQueue, type EventHandler, type Notification } from './handlerQueue.js';
export {
  byControllerUid, byLabel, byNamespace, byOwnerUid, NAMESPACE_INDEX, OWNER_UID_INDEX, type IndexFunc,
} from './indexers.js';
export { SharedInformerFactory, informerKey, type InformerScope, type SharedInformerFactoryOptions } from './informerFactory.js';
export { JsonLineDecoder } from './jsonLines.js';
export {
  ListWatch, type ListResult, type ListWatchOptions, type WatchEvent, type WatchEventType, type WatchStream,
} from './listWatch.js';
export { objectKey, resourceVersionOf, type KubeObject, type ObjectMeta, type OwnerReference } from './object.js';
export {
  Reflector, type ReflectorHealth, type ReflectorOptions, type ReflectorSink, type ReflectorTrace,
} from './reflector.js';
export { SharedInformer, type HandlerRegistration, type SharedInformerOptions } from './sharedInformer.js';
export { Indexer, type Delta, type IndexReader, type Store } from './store.js';
export { composeTransforms, dropLastApplied, dropManagedFields, type Transform } from './transform.js';
