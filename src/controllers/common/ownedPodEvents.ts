// The pod event handler of a controller that makes pods (Job, DaemonSet, StatefulSet): a pod's
// events enqueue its controller owner (the owner cached under that name with the UID its
// reference names) after feeding the owner's expectations — a pod seen created counts as an
// expected creation, a pod seen terminating or gone as an expected deletion; an update that
// moves a pod between owners enqueues both; an orphan's events enqueue what `orphanOwners`
// returns (the owners whose selectors match it, which may adopt it).
import type { V1Pod } from '@kubernetes/client-node';
import type { IndexReader } from '../../runtime/cache/index.js';
import type { ObjectEvent, Request } from '../../runtime/controller/index.js';
import { controllerOwner } from './controllerRefManager.js';
import { keyOf } from './controllerRef.js';
import type { ControllerExpectations } from './expectations.js';
import type { KindRef } from './objectReference.js';

export interface OwnedPodEventsOptions {
  ownerKind: KindRef;
  owners: IndexReader;
  expectations: ControllerExpectations;
  orphanOwners?: (pod: V1Pod) => Request[];
}

export function ownedPodEvents({ ownerKind, owners, expectations, orphanOwners }: OwnedPodEventsOptions): (event: ObjectEvent) => Request[] {
  const ownerKey = (pod: V1Pod): string | undefined => {
    const reference = controllerOwner(pod);
    if (!reference || reference.kind !== ownerKind.kind) return undefined;
    const key = `${pod.metadata?.namespace}/${reference.name}`;
    return owners.get(key)?.metadata?.uid === reference.uid ? key : undefined;
  };
  const requestFor = (key: string): Request => {
    const slash = key.indexOf('/');
    return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
  };
  const orphan = (pod: V1Pod): Request[] => (controllerOwner(pod) || !orphanOwners || pod.metadata?.deletionTimestamp ? [] : orphanOwners(pod));

  return (event) => {
    const pod = event.object as unknown as V1Pod;
    const key = ownerKey(pod);
    if (event.type === 'delete' || pod.metadata?.deletionTimestamp) {
      if (key) expectations.deletionObserved(key, keyOf(pod));
    } else if (event.type === 'create' && key) {
      expectations.creationObserved(key);
    }
    const requests = key ? [requestFor(key)] : orphan(pod);
    if (event.type === 'update') {
      const oldKey = ownerKey(event.old as unknown as V1Pod);
      if (oldKey && oldKey !== key) requests.push(requestFor(oldKey));
    }
    return requests;
  };
}
