// One scheduling attempt's decision, synchronous over the cache (so it sees one consistent
// state): preFilter, then filter nodes round-robin from where the last attempt stopped until
// enough feasible ones are found (upstream's adaptive share of large clusters: 50% less 1%
// per 125 nodes, at least 5% and at least 100 nodes), then score them and pick the best,
// ties broken at random. A node with pods nominated to it (waiting for their victims to go)
// is judged with those pods of equal or higher priority counted.
import type { NodeInfo } from './cache/nodeInfo.js';
import type { PodInfo } from './cache/podInfo.js';
import type { CycleState, SchedulingContext } from './framework/plugin.js';
import type { Profile } from './framework/profile.js';
import type { Status } from './framework/status.js';

export type Decision =
  | { node: string; evaluated: number; feasible: number }
  | { node?: undefined; statuses: Map<string, Status>; preFilter?: Status; allNodes: number; state: CycleState };

export interface Nominations {
  /** Whether any pod is nominated anywhere (the common case is none: the check is skipped). */
  readonly size: number;
  /** Pods nominated to this node (other than `except`) with at least `priority`. */
  on(node: string, priority: number, except: string): PodInfo[];
}

const MIN_FEASIBLE_NODES = 100;
const MIN_FEASIBLE_PERCENTAGE = 5;

export function feasibleNodesToFind(allNodes: number): number {
  if (allNodes < MIN_FEASIBLE_NODES) return allNodes;
  const percentage = Math.max(MIN_FEASIBLE_PERCENTAGE, 50 - Math.floor(allNodes / 125));
  return Math.max(MIN_FEASIBLE_NODES, Math.floor((allNodes * percentage) / 100));
}

export class Algorithm {
  private nextStart = 0;

  constructor(private readonly profile: Profile, private readonly context: SchedulingContext, private readonly nominations: Nominations) {}

  /** The filters for one node, with the pods nominated there counted. */
  fits(state: CycleState, pod: PodInfo, priority: number, node: NodeInfo): Status | undefined {
    if (this.nominations.size === 0) return this.profile.filter(state, pod, node);
    const nominated = this.nominations.on(node.name, priority, pod.key);
    if (nominated.length === 0) return this.profile.filter(state, pod, node);
    const withNominated = node.clone();
    for (const other of nominated) withNominated.addPod(other);
    return this.profile.filter(state, pod, withNominated) ?? this.profile.filter(state, pod, node);
  }

  /** The preFilter state with `other` added to (1) or taken from (−1) `node` (preemption's simulation). */
  adjust(state: CycleState, pod: PodInfo, other: PodInfo, node: NodeInfo, sign: 1 | -1): void {
    this.profile.adjust(state, pod, other, node, sign);
  }

  schedule(pod: PodInfo, priority: number): Decision {
    const nodes = this.context.cache.nodes;
    const state: CycleState = new Map();
    const statuses = new Map<string, Status>();
    if (nodes.length === 0) return { statuses, allNodes: 0, state };
    const preFilter = this.profile.preFilter(state, pod, this.context);
    if (preFilter) return { statuses, preFilter, allNodes: nodes.length, state };
    const wanted = feasibleNodesToFind(nodes.length);
    const feasible: NodeInfo[] = [];
    let evaluated = 0;
    const start = this.nextStart % nodes.length;
    for (; evaluated < nodes.length && feasible.length < wanted; evaluated++) {
      const node = nodes[(start + evaluated) % nodes.length]!;
      const status = this.fits(state, pod, priority, node);
      if (status) statuses.set(node.name, status);
      else feasible.push(node);
    }
    this.nextStart = (start + evaluated) % nodes.length;
    if (feasible.length === 0) return { statuses, allNodes: nodes.length, state };
    if (feasible.length === 1) return { node: feasible[0]!.name, evaluated, feasible: 1 };
    const scores = this.profile.score(state, pod, feasible, this.context);
    return { node: feasible[pickBest(scores)]!.name, evaluated, feasible: feasible.length };
  }
}

/** The index of the highest score; among equals, each is as likely (reservoir sampling). */
export function pickBest(scores: number[], random: () => number = Math.random): number {
  let best = 0;
  let ties = 1;
  for (let i = 1; i < scores.length; i++) {
    if (scores[i]! > scores[best]!) {
      best = i;
      ties = 1;
    } else if (scores[i] === scores[best] && random() * ++ties < 1) {
      best = i;
    }
  }
  return best;
}
