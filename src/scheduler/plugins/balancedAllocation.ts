// NodeResourcesBalancedAllocation (weight 1): prefers the node where, with the pod placed,
// CPU and memory are used in the most similar proportions (100 × (1 − their standard deviation)).
import { MAX_NODE_SCORE, type ScorePlugin } from '../framework/plugin.js';
import { cpuFraction, memoryFraction } from './nodeResourcesFit.js';

export const balancedAllocationScore: ScorePlugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  score: (_state, pod, node) => {
    const cpu = Math.min(cpuFraction(pod, node), 1);
    const memory = Math.min(memoryFraction(pod, node), 1);
    const deviation = Math.abs(cpu - memory) / 2;
    return Math.floor((1 - deviation) * MAX_NODE_SCORE);
  },
};
