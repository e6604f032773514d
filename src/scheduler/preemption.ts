// Preemption (upstream's DefaultPreemption), tried when no node fits: on each node whose rejection
// preemption could resolve (Unschedulable, not UnschedulableAndUnresolvable), take away every pod
// of lower priority and check the pod fits (the plugins' preFilter state, such as affinity and
// spreading counts, follows each pod taken or given back); then give back as many of them as still
// let it fit, highest priority first (those whose eviction would break a PodDisruptionBudget first
// of all). Of the nodes that work, pick the one with the fewest budget violations, then the lowest
// highest victim priority, then the lowest sum of priorities, then the fewest victims. Without a
// candidate, the reasons are counted as a FitError of their own.
import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import type { NodeInfo } from './cache/nodeInfo.js';
import { labelSelectorMatches } from '../api/selectors.js';
import type { PodInfo } from './cache/podInfo.js';
import type { Algorithm } from './algorithm.js';
import { fitErrorMessage } from './framework/fitError.js';
import type { CycleState, SchedulingContext } from './framework/plugin.js';
import { unresolvable, type Status } from './framework/status.js';

export type PreemptionResult = { node: string; victims: PodInfo[] } | { node?: undefined; message: string };

const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';
const MIN_CANDIDATES = 100;

export function preempt(
  algorithm: Algorithm, context: SchedulingContext, state: CycleState, pod: PodInfo, priority: number,
  statuses: Map<string, Status>, priorityOf: (pod: PodInfo) => number, nominatedNode?: string,
): PreemptionResult {
  if (pod.pod.spec?.preemptionPolicy === 'Never') return { message: 'preemption: not eligible due to preemptionPolicy=Never.' };
  const nodes = context.cache.nodes;
  // Victims chosen last time still leaving: wait for them rather than pick more.
  const nominated = nominatedNode === undefined ? undefined : nodes.find((n) => n.name === nominatedNode);
  if (nominated && statuses.get(nominated.name)?.code !== 'UnschedulableAndUnresolvable'
    && [...nominated.pods.values()].some((other) => other.pod.metadata?.deletionTimestamp && priorityOf(other) < priority)) {
    return { message: 'preemption: not eligible due to a terminating pod on the nominated node.' };
  }
  const budgets = context.list<V1PodDisruptionBudget>('poddisruptionbudgets');
  const results = new Map<string, Status>();
  let best: { node: string; victims: PodInfo[]; key: number[] } | undefined;
  // As upstream, the dry run stops once it has max(10% of the nodes, 100) candidates, starting
  // from a random node so that repeated preemptions spread.
  const wanted = Math.max(Math.floor(nodes.length / 10), MIN_CANDIDATES);
  const offset = Math.floor(Math.random() * nodes.length);
  let found = 0;
  for (let i = 0; i < nodes.length && found < wanted; i++) {
    const node = nodes[(offset + i) % nodes.length]!;
    const status = statuses.get(node.name);
    if (!status || status.code !== 'Unschedulable') {
      results.set(node.name, unresolvable('DefaultPreemption', NOT_HELPFUL));
      continue;
    }
    const outcome = victimsOn(algorithm, state, pod, priority, node, priorityOf, budgets);
    if ('reason' in outcome) {
      results.set(node.name, outcome.reason);
      continue;
    }
    found++;
    const priorities = outcome.victims.map(priorityOf);
    const key = [outcome.violations, Math.max(...priorities), priorities.reduce((a, b) => a + b, 0), priorities.length];
    if (!best || lexicallyLess(key, best.key)) best = { node: node.name, victims: outcome.victims, key };
  }
  if (best) return { node: best.node, victims: best.victims };
  return { message: `preemption: ${fitErrorMessage(nodes.length, results.values())}` };
}

function victimsOn(
  algorithm: Algorithm, state: CycleState, pod: PodInfo, priority: number, node: NodeInfo, priorityOf: (pod: PodInfo) => number,
  budgets: V1PodDisruptionBudget[],
): { victims: PodInfo[]; violations: number } | { reason: Status } {
  const simulated = node.clone();
  const simulatedState: CycleState = new Map(state);
  const candidates = [...node.pods.values()].filter((other) => priorityOf(other) < priority);
  if (candidates.length === 0) return { reason: unresolvable('DefaultPreemption', NO_VICTIMS) };
  for (const victim of candidates) {
    simulated.removePod(victim.key);
    algorithm.adjust(simulatedState, pod, victim, node, -1);
  }
  const status = algorithm.fits(simulatedState, pod, priority, simulated);
  if (status) return { reason: status };
  candidates.sort((a, b) => priorityOf(b) - priorityOf(a));
  const violating = breakingBudgets(candidates, budgets);
  const victims: PodInfo[] = [];
  let violations = 0;
  // Reprieve as many as possible, those that would break a budget first.
  for (const candidate of [...candidates.filter((c) => violating.has(c)), ...candidates.filter((c) => !violating.has(c))]) {
    simulated.addPod(candidate);
    algorithm.adjust(simulatedState, pod, candidate, node, 1);
    if (algorithm.fits(simulatedState, pod, priority, simulated)) {
      simulated.removePod(candidate.key);
      algorithm.adjust(simulatedState, pod, candidate, node, -1);
      victims.push(candidate);
      if (violating.has(candidate)) violations++;
    }
  }
  return { victims, violations };
}

/** The pods (in order) whose eviction would take a PodDisruptionBudget below zero disruptions allowed. */
function breakingBudgets(pods: PodInfo[], budgets: V1PodDisruptionBudget[]): Set<PodInfo> {
  const allowed = new Map(budgets.map((b) => [b, b.status?.disruptionsAllowed ?? 0]));
  const breaking = new Set<PodInfo>();
  for (const pod of pods) {
    for (const budget of budgets) {
      // As upstream's preemption, a budget with an empty selector is passed over.
      const selector = budget.spec?.selector;
      const empty = Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;
      if (empty || budget.metadata?.namespace !== pod.namespace || !labelSelectorMatches(selector, pod.labels)) continue;
      const left = allowed.get(budget)! - 1;
      allowed.set(budget, left);
      if (left < 0) breaking.add(pod);
    }
  }
  return breaking;
}

function lexicallyLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}
