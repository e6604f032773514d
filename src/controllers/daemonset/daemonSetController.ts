// Wires the DaemonSet reconciler into a Manager: DaemonSets, their pods and ControllerRevisions
// (indexed by controller UID) and the nodes from the shared caches. Pod events feed the
// expectations and enqueue the owning DaemonSet (or those an orphan matches); a node added,
// removed, or changed in labels, taints or schedulability enqueues every DaemonSet.
import type { V1DaemonSet, V1Node } from '@kubernetes/client-node';
import type { Controller, ObjectEvent, Request } from '../../runtime/controller/index.js';
import { EventRecorder } from '../../runtime/events/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import { ControllerExpectations, DAEMON_SET, indexByController, indexOrphans, selectorMatches } from '../common/index.js';
import { ownedPodEvents } from '../common/ownedPodEvents.js';
import { DaemonSetReconciler } from './daemonSetReconciler.js';

const eligibilityOf = (node: V1Node) => JSON.stringify([node.metadata?.labels ?? {}, node.spec?.taints ?? [], node.spec?.unschedulable ?? false]);

export function addDaemonSetController(manager: Manager): Controller {
  const daemonSets = manager.informers.forResource('/apis/apps/v1/daemonsets');
  const pods = indexOrphans(indexByController(manager.informers.forResource('/api/v1/pods')));
  const nodes = manager.informers.forResource('/api/v1/nodes');
  const revisions = indexByController(manager.informers.forResource('/apis/apps/v1/controllerrevisions'));
  const expectations = new ControllerExpectations();
  const recorder = new EventRecorder(manager.kubeConfig, { component: 'daemonset-controller' });
  const all = (): Request[] => daemonSets.store.list().map((ds) => ({ namespace: ds.metadata!.namespace, name: ds.metadata!.name! }));

  const onNodeEvent = (event: ObjectEvent): Request[] => {
    if (event.type !== 'update') return all();
    return eligibilityOf(event.old as unknown as V1Node) === eligibilityOf(event.object as unknown as V1Node) ? [] : all();
  };

  return manager.controller()
    .named('daemonset')
    .for('/apis/apps/v1/daemonsets')
    .owns('/apis/apps/v1/controllerrevisions', { kind: 'DaemonSet', group: 'apps' })
    .watches('/api/v1/pods', {
      handler: ownedPodEvents({
        ownerKind: DAEMON_SET,
        owners: daemonSets.store,
        expectations,
        orphanOwners: (pod) => (daemonSets.store.byIndex('namespace', pod.metadata?.namespace ?? '') as unknown as V1DaemonSet[])
          .filter((ds) => selectorMatches(ds.spec?.selector, pod.metadata?.labels))
          .map((ds) => ({ namespace: ds.metadata!.namespace, name: ds.metadata!.name! })),
      }),
    })
    .watches('/api/v1/nodes', { handler: onNodeEvent })
    .complete(new DaemonSetReconciler(manager.kubeConfig, daemonSets.store, pods.store, nodes.store, revisions.store, recorder, expectations));
}
