// Where a Job's pods stand for it, as upstream's pod helpers in the job controller: active,
// terminating (being deleted, not yet finished), succeeded or failed — a deleted pod that did
// not succeed counts as failed unless the Job replaces only failed pods.
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { hasBackoffLimitPerIndex } from './backoffPerIndex.js';

export type PodState = 'active' | 'terminating' | 'succeeded' | 'failed';

/** Where a pod stands for its Job; deleted pods that did not succeed count as failed (upstream's isPodFailed). */
export function podState(pod: V1Pod, job: V1Job): PodState {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded') return 'succeeded';
  if (phase === 'Failed') return 'failed';
  if (pod.metadata?.deletionTimestamp) return onlyReplaceFailedPods(job) ? 'terminating' : 'failed';
  return 'active';
}

/**
 * Pods count as failed only in phase Failed (and are replaced only then) with podReplacementPolicy
 * Failed, a podFailurePolicy or backoffLimitPerIndex.
 */
export const onlyReplaceFailedPods = (job: V1Job) => job.spec?.podReplacementPolicy === 'Failed' || !!job.spec?.podFailurePolicy || hasBackoffLimitPerIndex(job);

export const isTerminatingPod = (pod: V1Pod) => !!pod.metadata?.deletionTimestamp && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
