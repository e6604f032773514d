// NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods tolerating the
// node.kubernetes.io/unschedulable:NoSchedule taint.
import type { FilterPlugin } from '../framework/plugin.js';
import { unresolvable } from '../framework/status.js';
import { toleratedBy } from '../../api/tolerations.js';

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export const nodeUnschedulable: FilterPlugin = {
  name: 'NodeUnschedulable',
  events: ['NodeAdd', 'NodeUpdate'],
  filter: (_state, pod, node) =>
    node.unschedulable && !toleratedBy(pod.pod.spec?.tolerations, UNSCHEDULABLE_TAINT)
      ? unresolvable('NodeUnschedulable', 'node(s) were unschedulable')
      : undefined,
};
