// The plugin contract, a small version of upstream's scheduling framework: a filter plugin
// may compute per-pod state once (preFilter) and then says for each node whether the pod
// fits; a score plugin rates the feasible nodes 0..100 (after its own normalization), and the
// weighted sum picks the node. Plugins name the cluster events that can make a pod they
// rejected schedulable, so the queue retries only the pods an event can help.
import type { V1Pod } from '@kubernetes/client-node';
import type { ClusterCache } from '../cache/clusterCache.js';
import type { NodeInfo } from '../cache/nodeInfo.js';
import type { PodInfo } from '../cache/podInfo.js';
import type { Status } from './status.js';

export const MAX_NODE_SCORE = 100;

export type ClusterEvent =
  | 'NodeAdd' | 'NodeUpdate'
  | 'AssignedPodAdd' | 'AssignedPodUpdate' | 'AssignedPodDelete'
  | 'PvAdd' | 'PvUpdate' | 'PvcAdd' | 'PvcUpdate' | 'StorageClassAdd';

/** What plugins may read besides the pod and the node: the whole cache, and other informers' objects. */
export interface SchedulingContext {
  cache: ClusterCache;
  /** Reads another informer's cached object by key (`namespace/name` or `name`). */
  lookup<T>(resource: 'persistentvolumeclaims' | 'persistentvolumes' | 'storageclasses' | 'namespaces', key: string): T | undefined;
  list<T>(resource: 'persistentvolumes' | 'poddisruptionbudgets'): T[];
}

/** Per scheduling attempt state, keyed by plugin name. */
export type CycleState = Map<string, unknown>;

export interface FilterPlugin {
  readonly name: string;
  readonly events: readonly ClusterEvent[];
  /** A status here rejects every node at once (as upstream's PreFilter). */
  preFilter?(state: CycleState, pod: PodInfo, context: SchedulingContext): Status | undefined;
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined;
  /** Brings the preFilter state up to date with `other` added to (sign 1) or taken from (−1)
   * `node`, as preemption simulates; the state is a copy, the plugin replaces its own entry. */
  adjust?(state: CycleState, pod: PodInfo, other: PodInfo, node: NodeInfo, sign: 1 | -1): void;
}

export interface ScorePlugin {
  readonly name: string;
  readonly weight: number;
  /** Returns false when the plugin has nothing to say for this pod (all its scores 0). */
  preScore?(state: CycleState, pod: PodInfo, nodes: NodeInfo[], context: SchedulingContext): boolean;
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** Scales the raw scores (in place) to 0..100. */
  normalize?(state: CycleState, scores: number[]): void;
}

/** Work that must happen before the binding (VolumeBinding's PVC annotations). */
export interface PreBindPlugin {
  readonly name: string;
  preBind(pod: V1Pod, nodeName: string, context: SchedulingContext): Promise<void>;
}

/** Scores scaled so the highest is 100 (reversed: so the lowest is 100), as upstream's default normalizer. */
export function normalizeToMax(scores: number[], reverse = false): void {
  let max = 0;
  for (const score of scores) if (score > max) max = score;
  for (let i = 0; i < scores.length; i++) {
    if (max === 0) scores[i] = reverse ? MAX_NODE_SCORE : 0;
    else {
      const scaled = Math.floor((MAX_NODE_SCORE * scores[i]!) / max);
      scores[i] = reverse ? MAX_NODE_SCORE - scaled : scaled;
    }
  }
}
