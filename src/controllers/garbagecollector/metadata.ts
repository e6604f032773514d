// What the garbage collector keeps of an object: its identity, owners, finalizers and deletion
// timestamp. The informers' transform reduces every object to this, so the GC's caches hold
// metadata only, however big the objects are.
import type { KubeObject, OwnerReference } from '../../runtime/cache/index.js';

export interface GcOwnerReference extends OwnerReference {
  blockOwnerDeletion?: boolean;
}

/** An object's coordinates: what a live GET or DELETE needs, plus the UID to compare. */
export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid: string;
}

export interface GcObject extends KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid: string;
    resourceVersion?: string;
    ownerReferences?: GcOwnerReference[];
    finalizers?: string[];
    deletionTimestamp?: string;
  };
}

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

/** A transform to metadata only; list items carry no kind, so the resource's is set. */
export function metadataOnly(apiVersion: string, kind: string): (object: KubeObject) => KubeObject {
  return (object) => {
    const m = object.metadata ?? {};
    const metadata: GcObject['metadata'] = { name: m.name ?? '', uid: m.uid ?? '' };
    if (m.namespace) metadata.namespace = m.namespace;
    if (m.resourceVersion) metadata.resourceVersion = m.resourceVersion;
    if (m.ownerReferences?.length) metadata.ownerReferences = m.ownerReferences as GcOwnerReference[];
    const finalizers = m.finalizers as string[] | undefined;
    if (finalizers?.length) metadata.finalizers = finalizers;
    if (m.deletionTimestamp) metadata.deletionTimestamp = String(m.deletionTimestamp);
    const reduced: GcObject = { apiVersion, kind, metadata };
    return reduced;
  };
}

export function identityOf(object: GcObject): ObjectIdentity {
  const { name, namespace, uid } = object.metadata;
  return { apiVersion: object.apiVersion, kind: object.kind, name, uid, ...(namespace ? { namespace } : {}) };
}

/** The group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
