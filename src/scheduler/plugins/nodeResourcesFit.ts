// NodeResourcesFit: the pod's requests must fit in the node's allocatable less what the pods
// on it request, and the node must have room for one more pod (filter). Scored by
// LeastAllocated (weight 1): the more CPU and memory left free after placing the pod, the
// better, with requests of 0 counted as 100m / 200Mi.
import type { NodeInfo } from '../cache/nodeInfo.js';
import type { FilterPlugin, ScorePlugin } from '../framework/plugin.js';
import { MAX_NODE_SCORE } from '../framework/plugin.js';
import { unschedulable } from '../framework/status.js';

export const nodeResourcesFitFilter: FilterPlugin = {
  name: 'NodeResourcesFit',
  events: ['AssignedPodDelete', 'NodeAdd', 'NodeUpdate'],
  filter: (_state, pod, node) => {
    const reasons: string[] = [];
    if (node.pods.size + 1 > node.allowedPods) reasons.push('Too many pods');
    const want = pod.requests;
    const have = node.allocatable;
    const used = node.requested;
    if (want.milliCpu > 0 && have.milliCpu < want.milliCpu + used.milliCpu) reasons.push('Insufficient cpu');
    if (want.memory > 0 && have.memory < want.memory + used.memory) reasons.push('Insufficient memory');
    if (want.ephemeralStorage > 0 && have.ephemeralStorage < want.ephemeralStorage + used.ephemeralStorage) reasons.push('Insufficient ephemeral-storage');
    for (const [name, amount] of want.scalar) {
      if (amount > 0 && (have.scalar.get(name) ?? 0) < amount + (used.scalar.get(name) ?? 0)) reasons.push(`Insufficient ${name}`);
    }
    return reasons.length > 0 ? unschedulable('NodeResourcesFit', ...reasons) : undefined;
  },
};

/** The fraction of a resource requested once the pod is placed (for the two scorers). */
export function requestedFractions(pod: { nonZeroRequests: { milliCpu: number; memory: number } }, node: NodeInfo): [number, number] {
  const cpu = node.allocatable.milliCpu;
  const memory = node.allocatable.memory;
  return [
    cpu > 0 ? (node.nonZeroRequested.milliCpu + pod.nonZeroRequests.milliCpu) / cpu : 1,
    memory > 0 ? (node.nonZeroRequested.memory + pod.nonZeroRequests.memory) / memory : 1,
  ];
}

export const leastAllocatedScore: ScorePlugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  score: (_state, pod, node) => {
    const [cpu, memory] = requestedFractions(pod, node);
    const free = (fraction: number) => (fraction > 1 ? 0 : Math.floor((1 - fraction) * MAX_NODE_SCORE));
    return Math.floor((free(cpu) + free(memory)) / 2);
  },
};
