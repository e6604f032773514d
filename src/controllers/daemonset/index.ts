// daemonset: upstream's daemonset-controller. Each DaemonSet keeps one pod on every node that
// fits it (nodeSelector, required node affinity, taints against its tolerations and the
// automatic daemon tolerations), placed through required node affinity for the scheduler to
// bind, with ControllerRevisions and the controller-revision-hash label, RollingUpdate
// (maxUnavailable, maxSurge) or OnDelete, and the node-counting status. It imports
// src/runtime, ../common, the scheduler's node-selector and toleration matching, the
// deployment controller's int-or-percent arithmetic, and client-node.
export { addDaemonSetController } from './daemonSetController.js';
export { daemonPodTolerations, nodeShouldRunDaemonPod, type NodeFit } from './nodeEligibility.js';
export { planRollingUpdate, type NodePods, type RollingUpdatePlan } from './rollingUpdate.js';
