// The controller ownerReference a controller puts on what it makes or adopts (controller and
// blockOwnerDeletion set, as upstream's NewControllerRef), and the `namespace/name` key
// controllers, caches and expectations name objects by.
import type { KubernetesObject, V1OwnerReference } from '@kubernetes/client-node';
import type { KindRef } from './objectReference.js';

export function controllerRef(type: KindRef, owner: KubernetesObject): V1OwnerReference {
  return {
    apiVersion: type.apiVersion,
    kind: type.kind,
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function keyOf(object: KubernetesObject): string {
  const { namespace, name } = object.metadata ?? {};
  return namespace ? `${namespace}/${name}` : name ?? '';
}
