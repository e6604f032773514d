// Preemption (upstream's DefaultPreemption), tried when no node fits: on each node whose
// rejection preemption could resolve (Unschedulable, not UnschedulableAndUnresolvable), take
// away every pod of lower priority and check the pod fits; then give back as many of them as
// still let it fit, highest priority first. Of the nodes that work, pick the one whose
// victims have the lowest highest priority, then the lowest sum of priorities, then the
// fewest victims. Without a candidate, the reasons are counted as a FitError of their own.
import type { NodeInfo } from './cache/nodeInfo.js';
import type { PodInfo } from './cache/podInfo.js';
import type { Algorithm } from './algorithm.js';
import { fitErrorMessage } from './framework/fitError.js';
import type { CycleState, SchedulingContext } from './framework/plugin.js';
import { unresolvable, type Status } from './framework/status.js';

export type PreemptionResult = { node: string; victims: PodInfo[] } | { node?: undefined; message: string };

const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';

export function preempt(
  algorithm: Algorithm, context: SchedulingContext, state: CycleState, pod: PodInfo, priority: number,
  statuses: Map<string, Status>, priorityOf: (pod: PodInfo) => number,
): PreemptionResult {
  if (pod.pod.spec?.preemptionPolicy === 'Never') return { message: 'preemption: not eligible due to preemptionPolicy=Never.' };
  const nodes = context.cache.nodes;
  const results = new Map<string, Status>();
  let best: { node: string; victims: PodInfo[]; key: number[] } | undefined;
  for (const node of nodes) {
    const status = statuses.get(node.name);
    if (!status || status.code !== 'Unschedulable') {
      results.set(node.name, unresolvable('DefaultPreemption', NOT_HELPFUL));
      continue;
    }
    const outcome = victimsOn(algorithm, state, pod, priority, node, priorityOf);
    if ('reason' in outcome) {
      results.set(node.name, outcome.reason);
      continue;
    }
    const priorities = outcome.victims.map(priorityOf);
    const key = [Math.max(...priorities), priorities.reduce((a, b) => a + b, 0), priorities.length];
    if (!best || lexicallyLess(key, best.key)) best = { node: node.name, victims: outcome.victims, key };
  }
  if (best) return { node: best.node, victims: best.victims };
  return { message: `preemption: ${fitErrorMessage(nodes.length, results.values())}` };
}

function victimsOn(
  algorithm: Algorithm, state: CycleState, pod: PodInfo, priority: number, node: NodeInfo, priorityOf: (pod: PodInfo) => number,
): { victims: PodInfo[] } | { reason: Status } {
  const simulated = node.clone();
  const candidates = [...node.pods.values()].filter((other) => priorityOf(other) < priority);
  if (candidates.length === 0) return { reason: unresolvable('DefaultPreemption', NO_VICTIMS) };
  for (const victim of candidates) simulated.removePod(victim.key);
  const status = algorithm.fits(state, pod, priority, simulated);
  if (status) return { reason: status };
  candidates.sort((a, b) => priorityOf(b) - priorityOf(a));
  const victims: PodInfo[] = [];
  for (const candidate of candidates) {
    simulated.addPod(candidate);
    if (algorithm.fits(state, pod, priority, simulated)) {
      simulated.removePod(candidate.key);
      victims.push(candidate);
    }
  }
  return { victims };
}

function lexicallyLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}
