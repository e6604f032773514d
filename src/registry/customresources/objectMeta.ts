// A custom object's metadata is an ObjectMeta: decoding keeps only ObjectMeta's fields, so
// any other key a client sends there is dropped (fieldValidation reports it first).
import type { KubeObject } from '../object.js';

const OBJECT_META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

/** Drops the metadata keys ObjectMeta does not have (in place). */
export function dropUnknownMetadata(object: KubeObject): void {
  const metadata = object.metadata as Record<string, unknown> | undefined;
  if (!metadata || typeof metadata !== 'object') return;
  for (const key of Object.keys(metadata)) if (!OBJECT_META_FIELDS.has(key)) delete metadata[key];
}
