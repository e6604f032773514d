// InterPodAffinity: required pod affinity (the node's domain of the term's topologyKey must
// already hold a matching pod, unless no pod matches anywhere and the pod matches its own
// terms), required pod anti-affinity (no matching pod in the domain), and existing pods'
// required anti-affinity against this pod (filter); preferred terms of the pod and of the
// pods already placed add or subtract their weights per domain (score, weight 2). Domains are
// `topologyKey=value` pairs of the nodes' labels. A term's namespaces are those it lists and
// those its namespaceSelector matches (from the namespace informer), or with neither the
// namespace of the pod that has the term.
import type { V1Namespace, V1PodAffinityTerm } from '@kubernetes/client-node';
import type { NodeInfo } from '../cache/nodeInfo.js';
import type { PodInfo } from '../cache/podInfo.js';
import { labelSelectorMatches } from '../../api/selectors.js';
import { MAX_NODE_SCORE, type CycleState, type FilterPlugin, type ScorePlugin, type SchedulingContext } from '../framework/plugin.js';
import { unresolvable, unschedulable } from '../framework/status.js';

const NAME = 'InterPodAffinity';

/** A namespace's labels, from the namespace informer (for namespaceSelector). */
type NamespaceLabels = (namespace: string) => Record<string, string> | undefined;

function termMatches(term: V1PodAffinityTerm, ownerNamespace: string, target: PodInfo, namespaceLabels: NamespaceLabels): boolean {
  const namespaces = term.namespaces ?? [];
  const selector = term.namespaceSelector;
  const namespaceOk = namespaces.length === 0 && !selector
    ? target.namespace === ownerNamespace
    : namespaces.includes(target.namespace) || (!!selector && labelSelectorMatches(selector, namespaceLabels(target.namespace)));
  return namespaceOk && labelSelectorMatches(term.labelSelector, target.labels);
}

function namespaceLabelsOf(context: SchedulingContext): NamespaceLabels {
  return (namespace) => context.lookup<V1Namespace>('namespaces', namespace)?.metadata?.labels;
}

const pair = (key: string, node: NodeInfo) => (key in node.labels ? `${key}=${node.labels[key]}` : undefined);

function bump(counts: Map<string, number>, key: string | undefined, by = 1): void {
  if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + by);
}

interface FilterState {
  namespaceLabels: NamespaceLabels;
  existingAnti: Map<string, number>;
  existingAntiKeys: Set<string>;
  affinity: Map<string, number>;
  anti: Map<string, number>;
}

function prepare(pod: PodInfo, context: SchedulingContext): FilterState {
  const namespaceLabels = namespaceLabelsOf(context);
  const state: FilterState = { namespaceLabels, existingAnti: new Map(), existingAntiKeys: new Set(), affinity: new Map(), anti: new Map() };
  for (const node of context.cache.nodesWithAffinityPods) {
    if (!node.node) continue;
    for (const existing of node.podsWithAffinity) {
      for (const term of existing.requiredAntiAffinity) {
        if (!termMatches(term, existing.namespace, pod, namespaceLabels)) continue;
        state.existingAntiKeys.add(term.topologyKey);
        bump(state.existingAnti, pair(term.topologyKey, node));
      }
    }
  }
  if (pod.requiredAffinity.length + pod.requiredAntiAffinity.length === 0) return state;
  for (const node of context.cache.nodes) {
    for (const existing of node.pods.values()) {
      for (const term of pod.requiredAffinity) if (termMatches(term, pod.namespace, existing, namespaceLabels)) bump(state.affinity, pair(term.topologyKey, node));
      for (const term of pod.requiredAntiAffinity) if (termMatches(term, pod.namespace, existing, namespaceLabels)) bump(state.anti, pair(term.topologyKey, node));
    }
  }
  return state;
}

export const interPodAffinityFilter: FilterPlugin = {
  name: NAME,
  events: ['NodeAdd', 'NodeUpdate', 'AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete'],
  preFilter: (state, pod, context) => {
    state.set(NAME, prepare(pod, context));
    return undefined;
  },
  adjust: (cycle, pod, other, node, sign) => {
    const state = cycle.get(NAME) as FilterState;
    const next = { ...state, existingAnti: new Map(state.existingAnti), affinity: new Map(state.affinity), anti: new Map(state.anti) };
    for (const term of other.requiredAntiAffinity) {
      if (!termMatches(term, other.namespace, pod, state.namespaceLabels)) continue;
      next.existingAntiKeys = new Set([...next.existingAntiKeys, term.topologyKey]);
      bump(next.existingAnti, pair(term.topologyKey, node), sign);
    }
    for (const term of pod.requiredAffinity) if (termMatches(term, pod.namespace, other, state.namespaceLabels)) bump(next.affinity, pair(term.topologyKey, node), sign);
    for (const term of pod.requiredAntiAffinity) if (termMatches(term, pod.namespace, other, state.namespaceLabels)) bump(next.anti, pair(term.topologyKey, node), sign);
    cycle.set(NAME, next);
  },
  filter: (cycle, pod, node) => {
    const state = cycle.get(NAME) as FilterState;
    if (pod.requiredAffinity.length > 0) {
      const satisfied = pod.requiredAffinity.every((term) => {
        const at = pair(term.topologyKey, node);
        return at !== undefined && (state.affinity.get(at) ?? 0) > 0;
      });
      const firstOfItsKind = [...state.affinity.values()].every((count) => count <= 0) && pod.requiredAffinity.every((term) => termMatches(term, pod.namespace, pod, state.namespaceLabels));
      if (!satisfied && !(firstOfItsKind && pod.requiredAffinity.every((term) => term.topologyKey in node.labels))) {
        return unresolvable(NAME, "node(s) didn't match pod affinity rules");
      }
    }
    for (const term of pod.requiredAntiAffinity) {
      const at = pair(term.topologyKey, node);
      if (at !== undefined && (state.anti.get(at) ?? 0) > 0) return unschedulable(NAME, "node(s) didn't match pod anti-affinity rules");
    }
    for (const key of state.existingAntiKeys) {
      const at = pair(key, node);
      if (at !== undefined && (state.existingAnti.get(at) ?? 0) > 0) return unschedulable(NAME, "node(s) didn't satisfy existing pods anti-affinity rules");
    }
    return undefined;
  },
};

interface ScoreState {
  namespaceLabels: NamespaceLabels;
  scores: Map<string, number>;
  keys: Set<string>;
}

function addPreferred(state: ScoreState, terms: Array<{ weight: number; podAffinityTerm: V1PodAffinityTerm }>, sign: 1 | -1, owner: string, target: PodInfo, node: NodeInfo): void {
  for (const { weight, podAffinityTerm } of terms) {
    if (!termMatches(podAffinityTerm, owner, target, state.namespaceLabels)) continue;
    const at = pair(podAffinityTerm.topologyKey, node);
    if (at === undefined) continue;
    state.keys.add(podAffinityTerm.topologyKey);
    bump(state.scores, at, sign * weight);
  }
}

export const interPodAffinityScore: ScorePlugin = {
  name: NAME,
  weight: 2,
  preScore: (cycle: CycleState, pod, _nodes, context) => {
    const state: ScoreState = { namespaceLabels: namespaceLabelsOf(context), scores: new Map(), keys: new Set() };
    for (const node of context.cache.nodesWithAffinityPods) {
      if (!node.node) continue;
      for (const existing of node.podsWithAffinity) {
        addPreferred(state, existing.preferredAffinity, 1, existing.namespace, pod, node);
        addPreferred(state, existing.preferredAntiAffinity, -1, existing.namespace, pod, node);
      }
    }
    if (pod.preferredAffinity.length + pod.preferredAntiAffinity.length > 0) {
      for (const node of context.cache.nodes) {
        for (const existing of node.pods.values()) {
          addPreferred(state, pod.preferredAffinity, 1, pod.namespace, existing, node);
          addPreferred(state, pod.preferredAntiAffinity, -1, pod.namespace, existing, node);
        }
      }
    }
    cycle.set(NAME, state);
    return state.scores.size > 0;
  },
  score: (cycle, _pod, node) => {
    const state = cycle.get(NAME) as ScoreState;
    let score = 0;
    for (const key of state.keys) {
      const at = pair(key, node);
      if (at !== undefined) score += state.scores.get(at) ?? 0;
    }
    return score;
  },
  normalize: (_state, scores) => {
    let [min, max] = [Infinity, -Infinity];
    for (const score of scores) { min = Math.min(min, score); max = Math.max(max, score); }
    for (let i = 0; i < scores.length; i++) scores[i] = max === min ? 0 : Math.floor((MAX_NODE_SCORE * (scores[i]! - min)) / (max - min));
  },
};
