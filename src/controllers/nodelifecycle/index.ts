// nodelifecycle: upstream's node lifecycle controller (nodes whose kubelet went quiet turn
// Unknown and get the `not-ready`/`unreachable` taints) and its taint-eviction controller
// (pods on NoExecute-tainted nodes deleted once their tolerations run out). It imports
// src/runtime and client-node.
export { addNodeLifecycleController, DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS, type NodeLifecycleOptions } from './nodeLifecycleController.js';
export { addTaintEvictionController, evictionTime } from './taintEvictionController.js';
export { NOT_READY_TAINT, UNREACHABLE_TAINT } from './taints.js';
