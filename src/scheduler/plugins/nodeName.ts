// NodeName: a pod that names its node (spec.nodeName) fits that node only.
import type { FilterPlugin } from '../framework/plugin.js';
import { unresolvable } from '../framework/status.js';

export const nodeName: FilterPlugin = {
  name: 'NodeName',
  events: ['NodeAdd'],
  filter: (_state, pod, node) => {
    const wanted = pod.pod.spec?.nodeName;
    return wanted && wanted !== node.name ? unresolvable('NodeName', "node(s) didn't match the requested node name") : undefined;
  },
};
