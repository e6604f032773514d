// NodePorts: a pod's host ports must be free on the node: a port is taken for a protocol when
// a pod there uses it on the same IP, or either side binds every address (0.0.0.0).
import type { NodeInfo } from '../cache/nodeInfo.js';
import type { HostPort } from '../cache/podInfo.js';
import type { FilterPlugin } from '../framework/plugin.js';
import { unschedulable } from '../framework/status.js';

function taken(node: NodeInfo, { ip, protocol, port }: HostPort): boolean {
  if (node.usedPorts.size === 0) return false;
  if (ip === '0.0.0.0') {
    const prefix = `${protocol}/${port}/`;
    for (const key of node.usedPorts.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }
  return node.usedPorts.has(`${protocol}/${port}/${ip}`) || node.usedPorts.has(`${protocol}/${port}/0.0.0.0`);
}

export const nodePorts: FilterPlugin = {
  name: 'NodePorts',
  events: ['AssignedPodDelete', 'NodeAdd'],
  filter: (_state, pod, node) => {
    for (const port of pod.hostPorts) {
      if (taken(node, port)) return unschedulable('NodePorts', "node(s) didn't have free ports for the requested pod ports");
    }
    return undefined;
  },
};
