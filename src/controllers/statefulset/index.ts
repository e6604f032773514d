// statefulset: upstream's statefulset-controller. Each StatefulSet keeps pods with stable
// names `<set>-<ordinal>`, hostnames under its governing service and one claim per
// volumeClaimTemplate and ordinal (kept after scale-down unless the retention policy says
// Delete); OrderedReady makes and removes them one at a time in ordinal order, Parallel all at
// once; RollingUpdate (with partition) replaces them highest ordinal first, OnDelete as users
// delete them; ControllerRevisions name the versions. It imports src/runtime, ../common and
// client-node.
export { addStatefulSetController } from './statefulSetController.js';
export { claimName, podName, podOrdinal, POD_INDEX_LABEL, POD_NAME_LABEL } from './statefulPods.js';
