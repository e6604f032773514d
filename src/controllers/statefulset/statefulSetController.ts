// Wires the StatefulSet reconciler into a Manager: StatefulSets, their pods and
// ControllerRevisions (indexed by controller UID) and the claims from the shared caches. Pod
// events enqueue the owning StatefulSet (or those an orphan matches); a claim's events, the set
// whose claim templates name it (so a deleted claim is made again). StatefulSets keep no
// expectations: their pods have fixed names, so a second creation only meets AlreadyExists.
import type { V1StatefulSet } from '@kubernetes/client-node';
import type { Controller } from '../../runtime/controller/index.js';
import { EventRecorder } from '../../runtime/events/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import { ControllerExpectations, indexByController, indexOrphans, selectorMatches, STATEFUL_SET } from '../common/index.js';
import { ownedPodEvents } from '../common/ownedPodEvents.js';
import { StatefulSetReconciler } from './statefulSetReconciler.js';

export function addStatefulSetController(manager: Manager): Controller {
  const sets = manager.informers.forResource('/apis/apps/v1/statefulsets');
  const pods = indexOrphans(indexByController(manager.informers.forResource('/api/v1/pods')));
  const claims = manager.informers.forResource('/api/v1/persistentvolumeclaims');
  const revisions = indexByController(manager.informers.forResource('/apis/apps/v1/controllerrevisions'));
  const recorder = new EventRecorder(manager.kubeConfig, { component: 'statefulset-controller' });
  return manager.controller()
    .named('statefulset')
    .for('/apis/apps/v1/statefulsets')
    .owns('/apis/apps/v1/controllerrevisions', { kind: 'StatefulSet', group: 'apps' })
    .watches('/api/v1/pods', {
      handler: ownedPodEvents({
        ownerKind: STATEFUL_SET,
        owners: sets.store,
        expectations: new ControllerExpectations(),
        orphanOwners: (pod) => (sets.store.byIndex('namespace', pod.metadata?.namespace ?? '') as unknown as V1StatefulSet[])
          .filter((set) => selectorMatches(set.spec?.selector, pod.metadata?.labels))
          .map((set) => ({ namespace: set.metadata!.namespace, name: set.metadata!.name! })),
      }),
    })
    .watches('/api/v1/persistentvolumeclaims', (claim) => (sets.store.byIndex('namespace', claim.metadata?.namespace ?? '') as unknown as V1StatefulSet[])
      .filter((set) => (set.spec?.volumeClaimTemplates ?? []).some((t) => claim.metadata?.name?.startsWith(`${t.metadata?.name}-${set.metadata!.name}-`)))
      .map((set) => ({ namespace: set.metadata!.namespace, name: set.metadata!.name! })))
    .complete(new StatefulSetReconciler(manager.kubeConfig, sets.store, pods.store, claims.store, revisions.store, recorder));
}
