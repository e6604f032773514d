// A DaemonSet's RollingUpdate step, as upstream's rollingUpdate: per node, the pod of the
// current revision and the older ones. Without surge, old pods are deleted within
// maxUnavailable (unavailable old pods are replaced at once, missing or unavailable pods use up
// the budget) and the manage step makes their replacements; with maxSurge, a new pod starts
// beside the old one on up to maxSurge nodes at a time and the old pod goes once the new one is
// available.
import type { V1Pod } from '@kubernetes/client-node';
import { isPodAvailable } from '../common/index.js';

export interface NodePods {
  node: string;
  /** The node's pod of the current revision, if any. */
  current?: V1Pod;
  /** Its pods of older revisions. */
  old: V1Pod[];
}

export interface RollingUpdatePlan {
  deletions: V1Pod[];
  /** Nodes that get a pod of the current revision beside their old one. */
  surgeNodes: string[];
}

export function planRollingUpdate(nodes: NodePods[], maxSurge: number, maxUnavailable: number, minReadySeconds: number, now: Date): RollingUpdatePlan {
  const available = (pod: V1Pod) => isPodAvailable(pod, minReadySeconds, now);
  const deletions: V1Pod[] = [];
  if (maxSurge === 0) {
    let unavailable = 0;
    const candidates: V1Pod[] = [];
    for (const { current, old } of nodes) {
      if (current) {
        if (!available(current)) unavailable++;
        deletions.push(...old);
        continue;
      }
      if (!old.length) {
        unavailable++;
        continue;
      }
      for (const pod of old) {
        if (available(pod)) candidates.push(pod);
        else {
          unavailable++;
          deletions.push(pod);
        }
      }
    }
    return { deletions: [...deletions, ...candidates.slice(0, Math.max(0, maxUnavailable - unavailable))], surgeNodes: [] };
  }
  let surging = 0;
  const candidates: string[] = [];
  const surgeNodes: string[] = [];
  for (const { node, current, old } of nodes) {
    if (!old.length) continue;
    if (current) {
      if (available(current)) deletions.push(...old);
      else surging++;
    } else if (old.some((pod) => !available(pod))) {
      surgeNodes.push(node); // an unavailable old pod is replaced at once
    } else {
      candidates.push(node);
    }
  }
  return { deletions, surgeNodes: [...surgeNodes, ...candidates.slice(0, Math.max(0, maxSurge - surging))] };
}
