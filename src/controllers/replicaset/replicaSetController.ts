// The replica controller, as upstream's ReplicaSet controller (which also serves
// ReplicationControllers): for each ReplicaSet, claim the active pods its selector matches
// (adopting orphans, releasing strays), then, if its expectations are satisfied and it is not
// being deleted, create the missing pods (at most 500 a sync, in slow-start batches) or
// delete the surplus, most disposable first (ranked by their siblings on the same node,
// counting the pods of every ReplicaSet of the same Deployment); finally write the status.
// Pod events feed the expectations before they enqueue the owner (common/ownedPodEvents); an
// orphan's events enqueue every ReplicaSet that could adopt it.
import { CoreV1Api, PatchStrategy, setHeaderOptions, type V1Pod } from '@kubernetes/client-node';
import type { KubeObject } from '../../runtime/cache/index.js';
import type { Controller, ReconcileContext, Request, Result } from '../../runtime/controller/index.js';
import { EventRecorder } from '../../runtime/events/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import {
  controlledBy, ControllerExpectations, controllerOwner, ControllerRefManager, indexByController, indexOrphans, isConflict, isNamespaceTerminating, isNotFound,
  isPodActive, keyOf, orphansIn, ownedPodEvents, PodControl, podsToDelete, recheckDeletionTimestamp, sameStatus, selectorMatches,
  slowStartBatch, statusMessage, SLOW_START_INITIAL_BATCH_SIZE,
} from '../common/index.js';
import type { ReplicaKind, ReplicaOwner } from './replicaKinds.js';
import { calculateStatus, nextAvailableIn, type ManageFailure } from './replicaStatus.js';

/** The most pods one sync creates or deletes, as upstream's BurstReplicas. */
export const BURST_REPLICAS = 500;

const PODS = '/api/v1/pods';
const strategicMerge = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);

export function addReplicaController(manager: Manager, kind: ReplicaKind): Controller {
  const core = manager.kubeConfig.makeApiClient(CoreV1Api);
  const recorder = new EventRecorder(manager.kubeConfig, { component: kind.component });
  const podControl = new PodControl(manager.kubeConfig, recorder);
  const expectations = new ControllerExpectations();
  // Informer caches hold plain JSON objects; these read them as the client's types.
  const owners = manager.informers.forResource(kind.path).store;
  const pods = indexOrphans(indexByController(manager.informers.forResource(PODS))).store;
  const replicaSets = indexByController(manager.informers.forResource('/apis/apps/v1/replicasets')).store;
  const asOwners = (objects: KubeObject[]) => objects as ReplicaOwner[];

  const requestOf = (owner: ReplicaOwner): Request => ({ namespace: owner.metadata!.namespace, name: owner.metadata!.name! });

  /** Every owner whose selector matches an orphan pod (any of them may adopt it). */
  function ownersMatching(pod: V1Pod): Request[] {
    return asOwners(owners.byIndex('namespace', pod.metadata?.namespace ?? ''))
      .filter((owner) => selectorMatches(kind.selectorOf(owner), pod.metadata?.labels))
      .map(requestOf);
  }

  /** Pods of every ReplicaSet controlled by the same controller (the Deployment's), for ranking. */
  function relatedPods(owner: ReplicaOwner, claimed: V1Pod[]): V1Pod[] {
    const deployment = controllerOwner(owner);
    if (!deployment) return claimed;
    const siblings = controlledBy<ReplicaOwner>(replicaSets, deployment.uid);
    return siblings.flatMap((sibling) => controlledBy<V1Pod>(pods, sibling.metadata?.uid));
  }

  async function manageReplicas(owner: ReplicaOwner, claimed: V1Pod[], context: ReconcileContext): Promise<ManageFailure | undefined> {
    const key = keyOf(owner);
    const wanted = owner.spec?.replicas ?? 1;
    const diff = claimed.length - wanted;
    if (diff < 0) {
      const count = Math.min(-diff, BURST_REPLICAS);
      expectations.expectCreations(key, count);
      context.log.v(2).info('too few replicas', { need: wanted, creating: count });
      const { successes, error } = await slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, async () => {
        try {
          await podControl.createPod(owner, kind.type, owner.spec!.template!);
        } catch (refusal) {
          // The namespace is being deleted: its pods go anyway, nothing to retry.
          if (!isNamespaceTerminating(refusal)) throw refusal;
        }
      });
      // Creations never attempted or refused will never be observed.
      if (count - successes > 0) expectations.lowerCreations(key, count - successes);
      return error === undefined ? undefined : { reason: 'FailedCreate', message: statusMessage(error) };
    }
    if (diff > 0) {
      const count = Math.min(diff, BURST_REPLICAS);
      context.log.v(2).info('too many replicas', { need: wanted, deleting: count });
      const victims = podsToDelete(claimed, relatedPods(owner, claimed), count);
      expectations.expectDeletions(key, victims.map(keyOf));
      const results = await Promise.allSettled(victims.map(async (pod) => {
        try {
          await podControl.deletePod(owner, kind.type, pod.metadata!.namespace!, pod.metadata!.name!);
        } catch (error) {
          // The informer will not see this deletion: stop waiting for it.
          expectations.deletionObserved(key, keyOf(pod));
          if (!isNotFound(error)) throw error;
        }
      }));
      const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      return failed ? { reason: 'FailedDelete', message: statusMessage(failed.reason) } : undefined;
    }
    return undefined;
  }

  /** Writes the status if it changed; false when the cached object was behind (sync again). */
  async function writeStatus(owner: ReplicaOwner, status: ReturnType<typeof calculateStatus>): Promise<boolean> {
    if (sameStatus(owner.status, status)) return true;
    try {
      await kind.replaceStatus({ ...owner, status });
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  async function reconcile(request: Request, context: ReconcileContext): Promise<Result | void> {
    const key = `${request.namespace}/${request.name}`;
    const owner = owners.get(key) as ReplicaOwner | undefined;
    if (!owner) {
      expectations.delete(key);
      return;
    }
    const needsSync = expectations.satisfied(key);
    const selector = kind.selectorOf(owner);
    // Claim candidates: the pods it controls and the namespace's orphans (others' pods are never ours).
    const candidates = [...controlledBy<V1Pod>(pods, owner.metadata?.uid), ...orphansIn<V1Pod>(pods, request.namespace)];
    const active = candidates.filter(isPodActive);
    const refs = new ControllerRefManager<V1Pod>({
      controller: owner,
      gvk: kind.type,
      selector,
      patch: (namespace, name, body) => core.patchNamespacedPod({ namespace, name, body }, strategicMerge),
      canAdopt: recheckDeletionTimestamp(owner, () => kind.read(request.namespace!, request.name)),
    });
    const claimed = await refs.claim(active);
    const failure = needsSync && !owner.metadata?.deletionTimestamp ? await manageReplicas(owner, claimed, context) : undefined;
    const now = new Date();
    const written = await writeStatus(owner, calculateStatus(owner, claimed, failure, now));
    if (failure) throw new Error(failure.message);
    if (!written) return { requeue: true };
    const wait = nextAvailableIn(owner, claimed, now);
    return wait === undefined ? undefined : { requeueAfter: wait };
  }

  return manager.controller()
    .named(kind.controllerName)
    .for(kind.path)
    .watches(PODS, { handler: ownedPodEvents({ ownerKind: kind.type, owners, expectations, orphanOwners: ownersMatching }) })
    .withOptions({ maxConcurrentReconciles: 5 })
    .complete(reconcile);
}
