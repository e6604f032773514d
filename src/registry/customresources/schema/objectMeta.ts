// A custom object's metadata, and that of the resources embedded in it, is an ObjectMeta:
// decoding keeps only ObjectMeta's fields, so any other key a client sends there is dropped
// (fieldValidation reports it first).
import type { KubeObject } from '../../object.js';

const OBJECT_META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

/** Drops the keys ObjectMeta does not have from a metadata map (in place); returns them. */
export function dropUnknownMetadataKeys(metadata: unknown): string[] {
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) return [];
  const unknown = Object.keys(metadata).filter((key) => !OBJECT_META_FIELDS.has(key));
  for (const key of unknown) delete (metadata as Record<string, unknown>)[key];
  return unknown;
}

/** Drops an object's unknown metadata fields (in place). */
export function dropUnknownMetadata(object: KubeObject): void {
  dropUnknownMetadataKeys(object.metadata);
}
