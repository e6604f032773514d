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
    const want = pod.requests;
    const have = node.allocatable;
    const used = node.requested;
    const tooMany = node.pods.size + 1 > node.allowedPods;
    const cpu = want.milliCpu > 0 && have.milliCpu < want.milliCpu + used.milliCpu;
    const memory = want.memory > 0 && have.memory < want.memory + used.memory;
    const storage = want.ephemeralStorage > 0 && have.ephemeralStorage < want.ephemeralStorage + used.ephemeralStorage;
    const scalar = want.scalar.size > 0 ? insufficientScalars(pod, node) : undefined;
    if (!tooMany && !cpu && !memory && !storage && !scalar) return undefined;
    // Reasons are made only on a miss: this runs for hundreds of nodes per pod.
    const reasons: string[] = [];
    if (tooMany) reasons.push('Too many pods');
    if (cpu) reasons.push('Insufficient cpu');
    if (memory) reasons.push('Insufficient memory');
    if (storage) reasons.push('Insufficient ephemeral-storage');
    if (scalar) reasons.push(...scalar);
    return unschedulable('NodeResourcesFit', ...reasons);
  },
};

function insufficientScalars(pod: PodInfo, node: NodeInfo): string[] | undefined {
  const names: string[] = [];
  for (const [name, amount] of pod.requests.scalar) {
    if (amount > 0 && (node.allocatable.scalar.get(name) ?? 0) < amount + (node.requested.scalar.get(name) ?? 0)) names.push(`Insufficient ${name}`);
  }
  return names.length > 0 ? names : undefined;
}

/** The fractions of the node's CPU and memory requested once the pod is placed (for the two scorers). */
export function cpuFraction(pod: PodInfo, node: NodeInfo): number {
  const allocatable = node.allocatable.milliCpu;
  return allocatable > 0 ? (node.nonZeroRequested.milliCpu + pod.nonZeroRequests.milliCpu) / allocatable : 1;
}

export function memoryFraction(pod: PodInfo, node: NodeInfo): number {
  const allocatable = node.allocatable.memory;
  return allocatable > 0 ? (node.nonZeroRequested.memory + pod.nonZeroRequests.memory) / allocatable : 1;
}

const freeScore = (fraction: number) => (fraction > 1 ? 0 : Math.floor((1 - fraction) * MAX_NODE_SCORE));

export const leastAllocatedScore: ScorePlugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  score: (_state, pod, node) =>
    Math.floor((freeScore(cpuFraction(pod, node)) + freeScore(memoryFraction(pod, node))) / 2),
};
