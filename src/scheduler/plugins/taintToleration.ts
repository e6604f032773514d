// TaintToleration: a node's NoSchedule and NoExecute taints keep off the pods that do not
// tolerate them (filter); PreferNoSchedule taints a pod does not tolerate make the node less
// preferred, fewer is better (score, weight 3).
import type { V1Toleration } from '@kubernetes/client-node';
import { normalizeToMax, type FilterPlugin, type ScorePlugin } from '../framework/plugin.js';
import { unresolvable } from '../framework/status.js';
import { toleratedBy } from '../../api/tolerations.js';

export const taintTolerationFilter: FilterPlugin = {
  name: 'TaintToleration',
  events: ['NodeAdd', 'NodeUpdate'],
  filter: (_state, pod, node) => {
    const tolerations = pod.pod.spec?.tolerations;
    for (const taint of node.taints) {
      if ((taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !toleratedBy(tolerations, taint)) {
        return unresolvable('TaintToleration', `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
      }
    }
    return undefined;
  },
};

export const taintTolerationScore: ScorePlugin = {
  name: 'TaintToleration',
  weight: 3,
  preScore: (state, pod) => {
    const preferring = (pod.pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    state.set('TaintToleration', preferring);
    return true;
  },
  score: (state, _pod, node) => {
    const tolerations = state.get('TaintToleration') as V1Toleration[];
    let count = 0;
    for (const taint of node.taints) if (taint.effect === 'PreferNoSchedule' && !toleratedBy(tolerations, taint)) count++;
    return count;
  },
  normalize: (_state, scores) => normalizeToMax(scores, true),
};
