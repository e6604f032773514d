// A scheduling profile: the filter, score and pre-bind plugins in order, and the running of
// them for one pod: preFilter once, filter per node (first rejection wins), then the scores
// of the feasible nodes, normalized and weighted.
import type { NodeInfo } from '../cache/nodeInfo.js';
import type { PodInfo } from '../cache/podInfo.js';
import type { CycleState, FilterPlugin, PreBindPlugin, SchedulingContext, ScorePlugin } from './plugin.js';
import type { Status } from './status.js';

export class Profile {
  constructor(
    readonly name: string,
    readonly filters: readonly FilterPlugin[],
    readonly scorers: readonly ScorePlugin[],
    readonly preBinders: readonly PreBindPlugin[],
  ) {}

  preFilter(state: CycleState, pod: PodInfo, context: SchedulingContext): Status | undefined {
    for (const plugin of this.filters) {
      const status = plugin.preFilter?.(state, pod, context);
      if (status) return status;
    }
    return undefined;
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined {
    for (const plugin of this.filters) {
      const status = plugin.filter(state, pod, node);
      if (status) return status;
    }
    return undefined;
  }

  /** Updates every plugin's preFilter state for `other` added to or taken from `node`. */
  adjust(state: CycleState, pod: PodInfo, other: PodInfo, node: NodeInfo, sign: 1 | -1): void {
    for (const plugin of this.filters) plugin.adjust?.(state, pod, other, node, sign);
  }

  /** The weighted total score of each node, in the order given. */
  score(state: CycleState, pod: PodInfo, nodes: NodeInfo[], context: SchedulingContext): number[] {
    const totals = new Array<number>(nodes.length).fill(0);
    const scores = new Array<number>(nodes.length);
    for (const plugin of this.scorers) {
      if (plugin.preScore && !plugin.preScore(state, pod, nodes, context)) continue;
      for (let i = 0; i < nodes.length; i++) scores[i] = plugin.score(state, pod, nodes[i]!);
      plugin.normalize?.(state, scores);
      for (let i = 0; i < nodes.length; i++) totals[i] = totals[i]! + scores[i]! * plugin.weight;
    }
    return totals;
  }
}
