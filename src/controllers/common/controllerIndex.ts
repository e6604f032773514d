// Finding what a controller controls in a shared informer's cache: an index of objects by
// their controller owner's UID, and one of orphans (no controller owner) by namespace, the
// objects a controller may adopt; each added once to whichever informer a controller shares.
// Cached objects are plain JSON; callers name the client-node type they read them as.
import { byControllerUid, type IndexReader, type KubeObject, type SharedInformer } from '../../runtime/cache/index.js';

export const CONTROLLER_UID_INDEX = 'controllerUid';

/** Adds the controller-UID index to the informer unless another controller already did. */
export function indexByController<T extends KubeObject>(informer: SharedInformer<T>): SharedInformer<T> {
  if (!informer.store.indexNames().includes(CONTROLLER_UID_INDEX)) informer.addIndex(CONTROLLER_UID_INDEX, byControllerUid);
  return informer;
}

/** The cached objects whose controller owner has this UID. */
export function controlledBy<T>(store: IndexReader, uid: string | undefined): T[] {
  return uid ? (store.byIndex(CONTROLLER_UID_INDEX, uid) as unknown as T[]) : [];
}

export const ORPHANS_BY_NAMESPACE = 'orphansByNamespace';

/** Adds the index of orphans by namespace to the informer unless another controller already did. */
export function indexOrphans<T extends KubeObject>(informer: SharedInformer<T>): SharedInformer<T> {
  if (!informer.store.indexNames().includes(ORPHANS_BY_NAMESPACE)) {
    informer.addIndex(ORPHANS_BY_NAMESPACE, (object) =>
      (object.metadata?.ownerReferences ?? []).some((owner) => owner.controller) ? [] : [object.metadata?.namespace ?? '']);
  }
  return informer;
}

/** The cached objects of a namespace that no controller owns. */
export function orphansIn<T>(store: IndexReader, namespace: string | undefined): T[] {
  return store.byIndex(ORPHANS_BY_NAMESPACE, namespace ?? '') as unknown as T[];
}
