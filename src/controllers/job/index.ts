// job: upstream's job-controller. Each Job runs pods to its completions with its parallelism
// (NonIndexed or Indexed), counts finished pods through the batch.kubernetes.io/job-tracking
// finalizer and status.uncountedTerminatedPods, retries failures with exponential back-off up
// to backoffLimit or backoffLimitPerIndex (as its podFailurePolicy and podReplacementPolicy
// say), succeeds by its
// successPolicy, fails at activeDeadlineSeconds, honours suspend, leaves Jobs managedBy other
// controllers alone, and keeps the Job's status and conditions. It imports src/runtime,
// ../common and client-node.
export { findJobCondition, jobFinishedCondition, setJobCondition, type JobConditionType } from './jobConditions.js';
export { addJobController } from './jobController.js';
export { JOB_CONTROLLER_NAME } from './jobReconciler.js';
export { COMPLETION_INDEX, formatIndexes, parseIndexes } from './completionIndexes.js';
export { JOB_TRACKING_FINALIZER, JOB_COMPLETION_INDEX_ENV } from './jobPods.js';
export { PodBackoff, DEFAULT_BACKOFF_MS, MAX_BACKOFF_MS } from './podBackoff.js';
export { matchPodFailurePolicy, type FailurePolicyAction, type FailurePolicyMatch } from './podFailurePolicy.js';
export { matchSuccessPolicy } from './successPolicy.js';
export { INDEX_FAILURE_COUNT } from './backoffPerIndex.js';
