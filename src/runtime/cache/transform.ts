// Transforms an informer applies to each object before caching it, to keep the cache small:
// drop managedFields, the last-applied annotation, or anything else a controller never reads.
import type { KubeObject } from './object.js';

export type Transform<T extends KubeObject = KubeObject> = (object: T) => T;

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Drops `metadata.managedFields` (server-side apply bookkeeping, often most of an object). */
export function dropManagedFields<T extends KubeObject>(object: T): T {
  if (object.metadata?.managedFields === undefined) return object;
  const { managedFields: _, ...metadata } = object.metadata;
  return { ...object, metadata };
}

/** Drops kubectl's last-applied-configuration annotation. */
export function dropLastApplied<T extends KubeObject>(object: T): T {
  const annotations = object.metadata?.annotations;
  if (!annotations || !(LAST_APPLIED in annotations)) return object;
  const { [LAST_APPLIED]: _, ...rest } = annotations;
  return { ...object, metadata: { ...object.metadata, annotations: rest } };
}

/** Applies transforms left to right. */
export function composeTransforms<T extends KubeObject>(...transforms: Array<Transform<T>>): Transform<T> {
  return (object) => transforms.reduce((current, transform) => transform(current), object);
}
