// Event handlers turn an object event into the requests to enqueue; they never reconcile.
//   enqueueRequestForObject()        the object itself
//   enqueueRequestForOwner(kind)     the object's controller owner of that kind (for updates,
//                                    the owners before and after, so a change of owner reaches both)
//   enqueueRequestsFromMapFunc(fn)   whatever fn returns for the object
import type { KubeObject } from '../cache/index.js';
import type { ObjectEvent } from './event.js';
import type { Request } from './request.js';

export type EventHandler<T extends KubeObject = KubeObject> = (event: ObjectEvent<T>) => Request[];

export type MapFunc<T extends KubeObject = KubeObject> = (object: T) => Request[];

function requestFor(object: KubeObject): Request[] {
  const name = object.metadata?.name;
  if (!name) return [];
  const namespace = object.metadata?.namespace;
  return [namespace ? { namespace, name } : { name }];
}

/** Objects of the event, the old and the new one for updates. */
function objectsOf<T extends KubeObject>(event: ObjectEvent<T>): T[] {
  return event.type === 'update' ? [event.old, event.object] : [event.object];
}

export function enqueueRequestForObject<T extends KubeObject = KubeObject>(): EventHandler<T> {
  return (event) => requestFor(event.object);
}

export interface OwnerMatch {
  kind: string;
  /** When set, the owner reference's API group must match (the part of apiVersion before '/'; '' for core). */
  group?: string;
}

/**
 * Enqueues the controller owner (ownerReferences with controller: true) of the given kind. The
 * owner is looked for in the object's namespace; a cluster-scoped owner of a namespaced object
 * is requested by name only when `clusterScopedOwner` is set.
 */
export function enqueueRequestForOwner<T extends KubeObject = KubeObject>(
  owner: string | OwnerMatch,
  options: { clusterScopedOwner?: boolean } = {},
): EventHandler<T> {
  const match = typeof owner === 'string' ? { kind: owner } : owner;
  return (event) => {
    const requests: Request[] = [];
    for (const object of objectsOf(event)) {
      const ref = object.metadata?.ownerReferences?.find((r) => r.controller === true);
      if (!ref || ref.kind !== match.kind) continue;
      if (match.group !== undefined && groupOf(ref.apiVersion) !== match.group) continue;
      const namespace = options.clusterScopedOwner ? undefined : object.metadata?.namespace;
      requests.push(namespace ? { namespace, name: ref.name } : { name: ref.name });
    }
    return requests;
  };
}

export function enqueueRequestsFromMapFunc<T extends KubeObject = KubeObject>(fn: MapFunc<T>): EventHandler<T> {
  return (event) => objectsOf(event).flatMap((object) => fn(object));
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
