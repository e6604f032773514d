// NodeResourcesFit: the pod's requests must fit in the node's allocatable less what the pods
// on it request, and the node must have room for one more pod (filter). Scored by
// LeastAllocated (weight 1): the more CPU and memory left free after placing the pod, the
// better, with requests of 0 counted as 100m / 200Mi.
import type { NodeInfo } from '../cache/nodeInfo.js';
import type { PodInfo } from '../cache/podInfo.js';
import type { FilterPlugin, ScorePlugin } from '../framework/plugin.js';
import { MAX_NODE_SCORE } from '../framework/plugin.js';
import { unschedulable } from '../framework/status.js';

export const nodeResourcesFitFilter: FilterPlugin = {
  name: 'NodeResourcesFit',
  events: ['AssignedPodDelete', 'NodeAdd', 'NodeUpdate'],
  filter: (_state, pod, node) => {
    // Reasons are collected only on a miss: this runs for hundreds of nodes per pod.
    let reasons: string[] | undefined;
    const miss = (reason: string) => (reasons ??= []).push(reason);
    if (node.pods.size + 1 > node.allowedPods) miss('Too many pods');
    const want = pod.requests;
    const have = node.allocatable;
    const used = node.requested;
    if (want.milliCpu > 0 && have.milliCpu < want.milliCpu + used.milliCpu) miss('Insufficient cpu');
    if (want.memory > 0 && have.memory < want.memory + used.memory) miss('Insufficient memory');
    if (want.ephemeralStorage > 0 && have.ephemeralStorage < want.ephemeralStorage + used.ephemeralStorage) miss('Insufficient ephemeral-storage');
    if (want.scalar.size > 0) {
      for (const [name, amount] of want.scalar) {
        if (amount > 0 && (have.scalar.get(name) ?? 0) < amount + (used.scalar.get(name) ?? 0)) miss(`Insufficient ${name}`);
      }
    }
    return reasons ? unschedulable('NodeResourcesFit', ...reasons) : undefined;
  },
};

/** The fraction of the node's CPU (or memory) requested once the pod is placed (for the two scorers). */
export function requestedFraction(pod: PodInfo, node: NodeInfo, resource: 'milliCpu' | 'memory'): number {
  const allocatable = node.allocatable[resource];
  return allocatable > 0 ? (node.nonZeroRequested[resource] + pod.nonZeroRequests[resource]) / allocatable : 1;
}

const freeScore = (fraction: number) => (fraction > 1 ? 0 : Math.floor((1 - fraction) * MAX_NODE_SCORE));

export const leastAllocatedScore: ScorePlugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  score: (_state, pod, node) =>
    Math.floor((freeScore(requestedFraction(pod, node, 'milliCpu')) + freeScore(requestedFraction(pod, node, 'memory'))) / 2),
};
