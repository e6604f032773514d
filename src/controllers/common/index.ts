// controllers/common: what the workload controllers (ReplicaSet, ReplicationController,
// Deployment, Job, CronJob, DaemonSet, StatefulSet) share, as upstream's
// pkg/controller/controller_utils.go and controller_ref_manager.go:
//   PodControl            create a pod from a template (generateName `<owner>-`, controller
//                         ownerReference) and delete pods, with the upstream events
//   ControllerExpectations adds/deletes a controller waits to observe before acting again
//   ControllerRefManager  adoption and orphaning by selector and ownerReferences
//   podReadiness          IsPodReady / IsPodAvailable(minReadySeconds) / IsPodActive
//   activePods            the order of deletion (ActivePods, ActivePodsWithRanks)
//   slowStartBatch        creations in batches of 1, 2, 4, ...
//   labelSelector         matchLabels/matchExpressions matching and query-string form
//   objectReference, controllerRef, controllerIndex   references for events and owners; an
//                         informer index of objects by their controller's UID, one of orphans
//   ownedPodEvents        the pod event handler feeding expectations and enqueuing owners
//   templateHash          pod-template-hash / controller-revision-hash (ComputeHash)
//   controllerHistory     ControllerRevisions of an owner's templates
//   sameStatus            whether a computed status says what the stored one says
//   activeNamespace       a namespace that exists and is not being deleted
// It imports src/runtime (events) and client-node only.
export { activeNamespace } from './activeNamespace.js';
export { isConflict, isNamespaceTerminating, isNotFound, statusCode, statusMessage } from './apiErrors.js';
export {
  comparePodsForDeletion, podDeletionCost, podsToDelete, sortActivePods, POD_DELETION_COST, type RankedPod,
} from './activePods.js';
export {
  ControllerRefManager, controllerOwner, recheckDeletionTimestamp, type ControllerRefManagerOptions, type StrategicPatch,
} from './controllerRefManager.js';
export { ControllerExpectations, EXPECTATIONS_TIMEOUT_MS } from './expectations.js';
export { selectorIsEmpty, selectorMatches, selectorToString, type Labels } from './labelSelector.js';
export {
  CONTROLLER_UID_INDEX, controlledBy, indexByController, indexOrphans, orphansIn, ORPHANS_BY_NAMESPACE,
} from './controllerIndex.js';
export { controllerRef, keyOf } from './controllerRef.js';
export {
  objectReference, CRON_JOB, DAEMON_SET, JOB, POD, STATEFUL_SET, type KindRef,
} from './objectReference.js';
export { PodControl, podFromTemplate, podNamePrefix } from './podControl.js';
export {
  isPodActive, isPodAvailable, isPodReady, isPodTerminating, maxContainerRestarts, podReadyCondition, podReadySince,
} from './podReadiness.js';
export { slowStartBatch, SLOW_START_INITIAL_BATCH_SIZE } from './slowStartBatch.js';
export { ControllerHistory, templateRevisionData } from './controllerHistory.js';
export { ownedPodEvents, type OwnedPodEventsOptions } from './ownedPodEvents.js';
export { sameStatus } from './sameStatus.js';
export { computeHash, safeEncodeString } from './templateHash.js';
