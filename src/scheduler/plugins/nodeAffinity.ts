// NodeAffinity: a node must carry every label of the pod's nodeSelector and match one term of
// its required node affinity (filter); the weights of the preferred terms a node matches add
// up to its score (weight 2, scaled so the best node has 100).
import type { V1PreferredSchedulingTerm } from '@kubernetes/client-node';
import type { NodeInfo } from '../cache/nodeInfo.js';
import type { PodInfo } from '../cache/podInfo.js';
import { nodeSelectorMatches, nodeSelectorTermMatches } from '../../api/selectors.js';
import { normalizeToMax, type FilterPlugin, type ScorePlugin } from '../framework/plugin.js';
import { unresolvable } from '../framework/status.js';

/** Whether the node satisfies the pod's nodeSelector and required node affinity. */
export function nodeMatchesPod(pod: PodInfo, node: NodeInfo): boolean {
  const selector = pod.pod.spec?.nodeSelector;
  for (const key in selector ?? {}) if (node.labels[key] !== selector![key]) return false;
  const required = pod.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return !required || nodeSelectorMatches(required, node.name, node.labels);
}

export const nodeAffinityFilter: FilterPlugin = {
  name: 'NodeAffinity',
  events: ['NodeAdd', 'NodeUpdate'],
  filter: (_state, pod, node) =>
    nodeMatchesPod(pod, node) ? undefined : unresolvable('NodeAffinity', "node(s) didn't match Pod's node affinity/selector"),
};

export const nodeAffinityScore: ScorePlugin = {
  name: 'NodeAffinity',
  weight: 2,
  preScore: (state, pod) => {
    const preferred = pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    state.set('NodeAffinity', preferred);
    return preferred.length > 0;
  },
  score: (state, _pod, node) => {
    let total = 0;
    for (const term of state.get('NodeAffinity') as V1PreferredSchedulingTerm[]) {
      if (term.weight !== 0 && nodeSelectorTermMatches(term.preference, node.name, node.labels)) total += term.weight;
    }
    return total;
  },
  normalize: (_state, scores) => normalizeToMax(scores),
};
