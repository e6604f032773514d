// Index functions for the Indexer: each maps an object to the index values it is found under.
// Namespace and owner UID come built in; any other function of the object can be added.
import type { KubeObject } from './object.js';

export type IndexFunc<T extends KubeObject = KubeObject> = (object: T) => string[];

export const NAMESPACE_INDEX = 'namespace';
export const OWNER_UID_INDEX = 'ownerUid';

export const byNamespace: IndexFunc = (object) => [object.metadata?.namespace ?? ''];

export const byOwnerUid: IndexFunc = (object) => (object.metadata?.ownerReferences ?? []).map((owner) => owner.uid);

/** The controller owner's UID only (the owner whose `controller` is true). */
export const byControllerUid: IndexFunc = (object) =>
  (object.metadata?.ownerReferences ?? []).filter((owner) => owner.controller).map((owner) => owner.uid);

/** An index on one label's value; objects without the label are left out. */
export function byLabel(label: string): IndexFunc {
  return (object) => {
    const value = object.metadata?.labels?.[label];
    return value === undefined ? [] : [value];
  };
}
