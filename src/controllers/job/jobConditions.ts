// A Job's conditions as the batch controllers read and write them: finished means a Complete
// or Failed condition that is True; the condition types and reasons are upstream's.
import type { V1Job, V1JobCondition } from '@kubernetes/client-node';

export type JobConditionType = 'Complete' | 'Failed' | 'SuccessCriteriaMet' | 'FailureTarget' | 'Suspended';

/** The True Complete or Failed condition of a finished Job. */
export function jobFinishedCondition(job: V1Job): V1JobCondition | undefined {
  return job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

export function findJobCondition(job: V1Job, type: JobConditionType): V1JobCondition | undefined {
  return job.status?.conditions?.find((c) => c.type === type);
}

/**
 * Sets a condition on the Job's status; lastTransitionTime changes only with the status.
 * Returns whether anything changed.
 */
export function setJobCondition(job: V1Job, type: JobConditionType, status: 'True' | 'False', reason: string, message: string, now: Date): boolean {
  const conditions = ((job.status ??= {}).conditions ??= []);
  const existing = conditions.find((c) => c.type === type);
  if (!existing) {
    conditions.push({ type, status, reason, message, lastProbeTime: now, lastTransitionTime: now });
    return true;
  }
  if (existing.status === status && existing.reason === reason && existing.message === message) return false;
  if (existing.status !== status) existing.lastTransitionTime = now;
  Object.assign(existing, { status, reason, message, lastProbeTime: now });
  return true;
}
