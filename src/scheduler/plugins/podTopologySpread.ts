// PodTopologySpread: the pod's topologySpreadConstraints. For DoNotSchedule constraints
// (filter), placing the pod in a node's domain (the node's value of topologyKey) must keep
// that domain's count of matching pods within maxSkew of the emptiest domain (taken as 0 while
// there are fewer domains than minDomains); nodes without the key do not qualify. For
// ScheduleAnyway constraints (score, weight 2), domains with fewer matching pods are preferred.
// Domains are counted over the nodes the pod's node affinity and nodeSelector allow (and, with
// nodeTaintsPolicy Honor, whose taints it tolerates), from the pods in the pod's namespace
// matching the constraint's selector and matchLabelKeys (terminating pods left out).
import type { V1LabelSelector, V1TopologySpreadConstraint } from '@kubernetes/client-node';
import type { ClusterCache } from '../cache/clusterCache.js';
import type { NodeInfo } from '../cache/nodeInfo.js';
import type { PodInfo } from '../cache/podInfo.js';
import { labelSelectorMatches } from '../../api/selectors.js';
import { MAX_NODE_SCORE, type FilterPlugin, type ScorePlugin } from '../framework/plugin.js';
import { unresolvable, unschedulable } from '../framework/status.js';
import { nodeMatchesPod } from './nodeAffinity.js';
import { taintTolerationFilter } from './taintToleration.js';

const NAME = 'PodTopologySpread';

interface Counted {
  constraint: V1TopologySpreadConstraint;
  selector: V1LabelSelector | undefined;
  selfMatch: number;
  counts: Map<string, number>;
}

/** The constraint's selector with its matchLabelKeys: the pod's own values of those labels. */
function selectorOf(pod: PodInfo, constraint: V1TopologySpreadConstraint): V1LabelSelector | undefined {
  const keys = (constraint.matchLabelKeys ?? []).filter((key) => key in pod.labels);
  if (!constraint.labelSelector || keys.length === 0) return constraint.labelSelector;
  const extra = keys.map((key) => ({ key, operator: 'In', values: [pod.labels[key]!] }));
  return { ...constraint.labelSelector, matchExpressions: [...(constraint.labelSelector.matchExpressions ?? []), ...extra] };
}

/** Whether a node's domain counts for the constraint: nodeAffinityPolicy Honor (the default)
 * keeps to the nodes the pod's node affinity allows, nodeTaintsPolicy Honor to the nodes whose
 * taints it tolerates (the default Ignore does not look). */
function nodeCounts(pod: PodInfo, constraint: V1TopologySpreadConstraint, node: NodeInfo): boolean {
  if (constraint.nodeAffinityPolicy !== 'Ignore' && !nodeMatchesPod(pod, node)) return false;
  return constraint.nodeTaintsPolicy !== 'Honor' || taintTolerationFilter.filter(new Map(), pod, node) === undefined;
}

function countsFor(pod: PodInfo, constraints: V1TopologySpreadConstraint[], nodes: readonly NodeInfo[]): Counted[] {
  const counted = constraints.map((constraint) => {
    const selector = selectorOf(pod, constraint);
    return { constraint, selector, selfMatch: labelSelectorMatches(selector, pod.labels) ? 1 : 0, counts: new Map<string, number>() };
  });
  for (const node of nodes) {
    if (!constraints.every((c) => c.topologyKey in node.labels)) continue;
    for (const { constraint, selector, counts } of counted) {
      if (!nodeCounts(pod, constraint, node)) continue;
      const domain = node.labels[constraint.topologyKey]!;
      counts.set(domain, (counts.get(domain) ?? 0) + matchingPods(node, pod.namespace, selector));
    }
  }
  return counted;
}

function matchingPods(node: NodeInfo, namespace: string, selector: V1LabelSelector | undefined): number {
  let count = 0;
  for (const other of node.pods.values()) {
    if (other.namespace === namespace && !other.pod.metadata?.deletionTimestamp && labelSelectorMatches(selector, other.labels)) count++;
  }
  return count;
}

const constraintsOf = (pod: PodInfo, when: 'DoNotSchedule' | 'ScheduleAnyway') =>
  (pod.pod.spec?.topologySpreadConstraints ?? []).filter((c) => c.whenUnsatisfiable === when);

export const podTopologySpreadFilter: FilterPlugin = {
  name: NAME,
  events: ['NodeAdd', 'NodeUpdate', 'AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete'],
  preFilter: (state, pod, context) => {
    const constraints = constraintsOf(pod, 'DoNotSchedule');
    if (constraints.length > 0) state.set(NAME, prepare(pod, constraints, context.cache));
    return undefined;
  },
  adjust: (state, pod, other, node, sign) => {
    const counted = state.get(NAME) as Prepared[] | undefined;
    if (!counted || other.namespace !== pod.namespace || other.pod.metadata?.deletionTimestamp) return;
    state.set(NAME, counted.map((c) => {
      const domain = node.labels[c.constraint.topologyKey];
      if (domain === undefined || !c.counts.has(domain) || !labelSelectorMatches(c.selector, other.labels)) return c;
      const counts = new Map(c.counts);
      counts.set(domain, counts.get(domain)! + sign);
      return withMin({ ...c, counts });
    }));
  },
  filter: (state, _pod, node) => {
    const counted = state.get(NAME) as Prepared[] | undefined;
    if (!counted) return undefined;
    for (const { constraint, selfMatch, counts, min } of counted) {
      const domain = node.labels[constraint.topologyKey];
      if (domain === undefined) return unresolvable(NAME, "node(s) didn't match pod topology spread constraints (missing required label)");
      if ((counts.get(domain) ?? 0) + selfMatch - min > constraint.maxSkew) {
        return unschedulable(NAME, "node(s) didn't match pod topology spread constraints");
      }
    }
    return undefined;
  },
};

type Prepared = Counted & { min: number };

/** The emptiest domain's count (0 while there are fewer domains than minDomains). */
function withMin(counted: Counted): Prepared {
  let min = counted.counts.size > 0 ? Infinity : 0;
  for (const count of counted.counts.values()) min = Math.min(min, count);
  if (counted.counts.size < (counted.constraint.minDomains ?? 1)) min = 0;
  return { ...counted, min };
}

function prepare(pod: PodInfo, constraints: V1TopologySpreadConstraint[], cache: ClusterCache): Prepared[] {
  return countsFor(pod, constraints, cache.nodes).map(withMin);
}

export const podTopologySpreadScore: ScorePlugin = {
  name: NAME,
  weight: 2,
  preScore: (state, pod, _nodes, context) => {
    const constraints = constraintsOf(pod, 'ScheduleAnyway');
    if (constraints.length === 0) return false;
    state.set(`${NAME}/score`, countsFor(pod, constraints, context.cache.nodes));
    return true;
  },
  score: (state, _pod, node) => {
    let score = 0;
    for (const { constraint, counts } of state.get(`${NAME}/score`) as Counted[]) {
      const domain = node.labels[constraint.topologyKey];
      if (domain === undefined) continue;
      score += (counts.get(domain) ?? 0) * Math.log(counts.size + 2) + (constraint.maxSkew - 1);
    }
    return Math.round(score);
  },
  normalize: (_state, scores) => {
    let [min, max] = [Infinity, 0];
    for (const score of scores) { min = Math.min(min, score); max = Math.max(max, score); }
    for (let i = 0; i < scores.length; i++) {
      scores[i] = max === 0 ? MAX_NODE_SCORE : Math.floor((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
    }
  },
};
