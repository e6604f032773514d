// The Deployment controller's wiring, as upstream's deployment_controller.go: a Deployment is
// synced when it changes, when a ReplicaSet it controls changes (an orphan ReplicaSet
// enqueues every Deployment whose selector matches it, for adoption), and when a pod of a
// Recreate Deployment goes (the new ReplicaSet waits for the old pods). A sync claims the
// ReplicaSets (adopting and releasing by selector) and hands over to DeploymentSync; a
// Deployment selecting everything is refused with a SelectingAll event.
import { AppsV1Api, PatchStrategy, setHeaderOptions, type V1Deployment, type V1Pod, type V1ReplicaSet } from '@kubernetes/client-node';
import type { KubeObject } from '../../runtime/cache/index.js';
import type { Controller, ObjectEvent, ReconcileContext, Request, Result } from '../../runtime/controller/index.js';
import { EventRecorder } from '../../runtime/events/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import {
  controlledBy, controllerOwner, ControllerRefManager, indexByController, indexOrphans, isConflict, orphansIn, recheckDeletionTimestamp,
  selectorIsEmpty, selectorMatches,
} from '../common/index.js';
import { DEPLOYMENT, DeploymentSync } from './deploymentSync.js';

const DEPLOYMENTS = '/apis/apps/v1/deployments';
const REPLICA_SETS = '/apis/apps/v1/replicasets';
const PODS = '/api/v1/pods';
const strategicMerge = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);

export function addDeploymentController(manager: Manager): Controller {
  const apps = manager.kubeConfig.makeApiClient(AppsV1Api);
  const recorder = new EventRecorder(manager.kubeConfig, { component: 'deployment-controller' });
  const deployments = manager.informers.forResource(DEPLOYMENTS).store;
  const replicaSets = indexOrphans(indexByController(manager.informers.forResource(REPLICA_SETS))).store;
  const pods = indexByController(manager.informers.forResource(PODS)).store;

  const requestOf = (object: KubeObject | V1Deployment): Request => ({ namespace: object.metadata!.namespace, name: object.metadata!.name! });

  /** The Deployment a controller reference names, if it is cached and the same object. */
  function resolve(namespace: string | undefined, object: { metadata?: { ownerReferences?: Array<{ kind: string; name: string; uid: string; controller?: boolean }> } }, kind: string): KubeObject | undefined {
    const reference = controllerOwner(object as V1ReplicaSet);
    if (!reference || reference.kind !== kind) return undefined;
    const store = kind === 'Deployment' ? deployments : replicaSets;
    const owner = store.get(`${namespace}/${reference.name}`);
    return owner?.metadata?.uid === reference.uid ? owner : undefined;
  }

  function deploymentsMatching(rs: V1ReplicaSet): Request[] {
    return (deployments.byIndex('namespace', rs.metadata?.namespace ?? '') as V1Deployment[])
      .filter((d) => !selectorIsEmpty(d.spec?.selector) && selectorMatches(d.spec?.selector, rs.metadata?.labels))
      .map(requestOf);
  }

  function ownerRequest(rs: V1ReplicaSet): Request[] {
    const owner = resolve(rs.metadata?.namespace, rs, 'Deployment');
    return owner ? [requestOf(owner)] : [];
  }

  function onReplicaSetEvent(event: ObjectEvent): Request[] {
    const rs = event.object as V1ReplicaSet;
    if (event.type === 'delete') return ownerRequest(rs);
    if (event.type === 'create') {
      if (rs.metadata?.deletionTimestamp) return ownerRequest(rs);
      return controllerOwner(rs) ? ownerRequest(rs) : deploymentsMatching(rs);
    }
    const old = event.old as V1ReplicaSet;
    if (old.metadata?.resourceVersion === rs.metadata?.resourceVersion) return [];
    const oldReference = controllerOwner(old);
    const reference = controllerOwner(rs);
    const referenceChanged = oldReference?.uid !== reference?.uid;
    const requests = referenceChanged && oldReference ? ownerRequest(old) : [];
    if (reference) return [...requests, ...ownerRequest(rs)];
    const labelsChanged = JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(rs.metadata?.labels ?? {});
    return labelsChanged || referenceChanged ? [...requests, ...deploymentsMatching(rs)] : requests;
  }

  function onPodEvent(event: ObjectEvent): Request[] {
    if (event.type !== 'delete') return [];
    const pod = event.object as V1Pod;
    const rs = resolve(pod.metadata?.namespace, pod, 'ReplicaSet') as V1ReplicaSet | undefined;
    const deployment = rs && (resolve(rs.metadata?.namespace, rs, 'Deployment') as V1Deployment | undefined);
    return deployment?.spec?.strategy?.type === 'Recreate' ? [requestOf(deployment)] : [];
  }

  async function reconcile(request: Request, context: ReconcileContext): Promise<Result | void> {
    const deployment = deployments.get(`${request.namespace}/${request.name}`) as V1Deployment | undefined;
    if (!deployment) return;
    if (selectorIsEmpty(deployment.spec?.selector)) {
      recorder.event({ ...DEPLOYMENT, name: request.name, namespace: request.namespace, uid: deployment.metadata?.uid }, 'Warning', 'SelectingAll',
        'This deployment is selecting all pods. A non-empty selector is required.');
      if (deployment.status?.observedGeneration !== deployment.metadata?.generation) {
        await apps.replaceNamespacedDeploymentStatus({
          namespace: request.namespace!, name: request.name, body: { ...deployment, status: { ...deployment.status, observedGeneration: deployment.metadata?.generation } },
        });
      }
      return;
    }
    const refs = new ControllerRefManager<V1ReplicaSet>({
      controller: deployment,
      gvk: DEPLOYMENT,
      selector: deployment.spec?.selector,
      patch: (namespace, name, body) => apps.patchNamespacedReplicaSet({ namespace, name, body }, strategicMerge),
      canAdopt: recheckDeletionTimestamp(deployment, () => apps.readNamespacedDeployment({ namespace: request.namespace!, name: request.name })),
    });
    const candidates = [...controlledBy<V1ReplicaSet>(replicaSets, deployment.metadata?.uid), ...orphansIn<V1ReplicaSet>(replicaSets, request.namespace)];
    const owned = await refs.claim(candidates);
    const sync = new DeploymentSync(deployment, owned, {
      apps,
      recorder,
      log: context.log,
      podsOf: (rs) => controlledBy<V1Pod>(pods, rs.metadata?.uid),
      cachedReplicaSet: (namespace, name) => replicaSets.get(`${namespace}/${name}`) as V1ReplicaSet | undefined,
    });
    try {
      const requeueAfter = await sync.run();
      return requeueAfter === undefined ? undefined : { requeueAfter };
    } catch (error) {
      // A write from a cache a step behind our own last write: sync again once it catches up.
      if (isConflict(error)) return { requeue: true };
      throw error;
    }
  }

  return manager.controller()
    .named('deployment')
    .for(DEPLOYMENTS)
    .watches(REPLICA_SETS, { handler: onReplicaSetEvent })
    .watches(PODS, { handler: onPodEvent })
    .withOptions({ maxConcurrentReconciles: 5 })
    .complete(reconcile);
}

