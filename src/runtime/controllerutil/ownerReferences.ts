// Owner references, as controller-runtime's controllerutil sets them: one controller owner
// per object (blockOwnerDeletion so foreground deletion waits for it), any number of plain
// owners.
import type { KubernetesObject, V1OwnerReference } from '@kubernetes/client-node';

export class AlreadyOwnedError extends Error {
  constructor(object: KubernetesObject, owner: V1OwnerReference) {
    super(`Object ${object.metadata?.namespace}/${object.metadata?.name} is already owned by another ${owner.kind} controller ${owner.name}`);
    this.name = 'AlreadyOwnedError';
  }
}

function referenceTo(owner: KubernetesObject): V1OwnerReference {
  const { apiVersion, kind, metadata } = owner;
  if (!apiVersion || !kind || !metadata?.name || !metadata.uid) {
    throw new Error('an owner needs apiVersion, kind, metadata.name and metadata.uid');
  }
  return { apiVersion, kind, name: metadata.name, uid: metadata.uid };
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** The same owner: same group, kind and name (the version may differ). */
function sameOwner(a: V1OwnerReference, b: V1OwnerReference): boolean {
  return groupOf(a.apiVersion) === groupOf(b.apiVersion) && a.kind === b.kind && a.name === b.name;
}

function checkNamespaces(owner: KubernetesObject, object: KubernetesObject): void {
  const ownerNamespace = owner.metadata?.namespace;
  const objectNamespace = object.metadata?.namespace;
  if (ownerNamespace && ownerNamespace !== objectNamespace) {
    throw new Error(`cross-namespace owner references are disallowed, owner's namespace ${ownerNamespace}, obj's namespace ${objectNamespace ?? ''}`);
  }
}

function upsert(object: KubernetesObject, reference: V1OwnerReference): void {
  const metadata = (object.metadata ??= {});
  const references = metadata.ownerReferences ?? [];
  const index = references.findIndex((r) => sameOwner(r, reference));
  if (index >= 0) references[index] = reference;
  else references.push(reference);
  metadata.ownerReferences = references;
}

/** Makes `owner` the controller of `object` (in place). Fails if another controller owns it. */
export function setControllerReference(owner: KubernetesObject, object: KubernetesObject): void {
  checkNamespaces(owner, object);
  const reference = { ...referenceTo(owner), controller: true, blockOwnerDeletion: true };
  const existing = object.metadata?.ownerReferences?.find((r) => r.controller);
  if (existing && !sameOwner(existing, reference)) throw new AlreadyOwnedError(object, existing);
  upsert(object, reference);
}

/** Adds `owner` as a plain (non-controller) owner of `object` (in place). */
export function setOwnerReference(owner: KubernetesObject, object: KubernetesObject): void {
  checkNamespaces(owner, object);
  upsert(object, referenceTo(owner));
}

/** The controller owner of an object, if it has one. */
export function controllerOf(object: KubernetesObject): V1OwnerReference | undefined {
  return object.metadata?.ownerReferences?.find((r) => r.controller);
}
