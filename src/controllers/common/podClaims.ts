// The pods a pod-making controller (Job, DaemonSet, StatefulSet) owns this sync, as upstream's
// getPodsForX: those it controls and the orphans of its namespace (from the shared pod cache's
// controller-UID and orphan indexes) go through a ControllerRefManager, which adopts matching
// orphans (after re-reading the owner once) and releases pods whose labels no longer match.
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubernetesObject, type V1LabelSelector, type V1Pod } from '@kubernetes/client-node';
import type { IndexReader } from '../../runtime/cache/index.js';
import { controlledBy, orphansIn } from './controllerIndex.js';
import { ControllerRefManager, recheckDeletionTimestamp } from './controllerRefManager.js';
import { selectorMatches } from './labelSelector.js';
import type { KindRef } from './objectReference.js';

const strategicMerge = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);

export interface PodClaimOptions {
  owner: KubernetesObject;
  gvk: KindRef;
  selector: V1LabelSelector | undefined;
  /** The pod cache, indexed with indexByController and indexOrphans. */
  pods: IndexReader;
  core: CoreV1Api;
  /** Reads the owner from the API server (for the check before adopting). */
  readOwner: () => Promise<KubernetesObject>;
  /** Orphans the owner may adopt besides matching its selector (a StatefulSet: pods of its names). */
  adoptable?: (pod: V1Pod) => boolean;
}

export async function claimPods({ owner, gvk, selector, pods, core, readOwner, adoptable }: PodClaimOptions): Promise<V1Pod[]> {
  const owned = controlledBy<V1Pod>(pods, owner.metadata?.uid);
  const orphans = orphansIn<V1Pod>(pods, owner.metadata?.namespace)
    .filter((pod) => selectorMatches(selector, pod.metadata?.labels) && (adoptable?.(pod) ?? true));
  // The usual case: nothing to adopt or release, no API calls.
  if (!orphans.length && owned.every((pod) => selectorMatches(selector, pod.metadata?.labels))) return owned;
  return new ControllerRefManager<V1Pod>({
    controller: owner,
    gvk,
    selector,
    patch: (namespace, name, body) => core.patchNamespacedPod({ namespace, name, body }, strategicMerge),
    canAdopt: recheckDeletionTimestamp(owner, readOwner),
  }).claim([...owned, ...orphans]);
}
