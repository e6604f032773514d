// When a Job has succeeded or failed, as upstream decides it, in upstream's order: too many
// failed indexes (backoffLimitPerIndex), failures beyond backoffLimit (with restartPolicy
// OnFailure, container restarts), activeDeadlineSeconds passed, then a successPolicy rule met
// or completions reached (for a Job without completions: any success and nothing active).
// The answer is the condition to set (FailureTarget or SuccessCriteriaMet), or when to look
// again for the deadline.
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { matchSuccessPolicy } from './successPolicy.js';

export const MESSAGES = {
  backoffLimitExceeded: 'Job has reached the specified backoff limit',
  deadlineExceeded: 'Job was active longer than specified deadline',
  completionsReached: 'Reached expected number of succeeded pods',
  maxFailedIndexesExceeded: 'Job has exceeded the specified maximal number of failed indexes',
  failedIndexes: 'Job has failed indexes',
};

export interface JobProgress {
  active: V1Pod[];
  succeeded: number;
  failed: number;
  /** Indexed: the succeeded indexes. */
  completed: Set<number>;
  /** backoffLimitPerIndex: the failed indexes. */
  failedIndexes?: Set<number>;
}

export type JobVerdict =
  | { type: 'FailureTarget' | 'SuccessCriteriaMet'; reason: string; message: string }
  | { requeueAfter: number }
  | undefined;

export function judgeJob(job: V1Job, { active, succeeded, failed, completed, failedIndexes }: JobProgress, now: Date): JobVerdict {
  const spec = job.spec!;
  const completions = spec.completions ?? undefined;
  const deadline = spec.activeDeadlineSeconds ?? undefined;
  const startedAt = job.status?.startTime ? new Date(job.status.startTime).getTime() : undefined;
  const timed = deadline !== undefined && startedAt !== undefined && !spec.suspend;
  const fail = (reason: string, message: string) => ({ type: 'FailureTarget' as const, reason, message });
  if (failedIndexes) {
    if (spec.maxFailedIndexes !== undefined && spec.maxFailedIndexes !== null && failedIndexes.size > spec.maxFailedIndexes) {
      return fail('MaxFailedIndexesExceeded', MESSAGES.maxFailedIndexesExceeded);
    }
    if (failedIndexes.size > 0 && completed.size + failedIndexes.size >= (completions ?? 0)) return fail('FailedIndexes', MESSAGES.failedIndexes);
  } else if (failed > (spec.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, active)) {
    return fail('BackoffLimitExceeded', MESSAGES.backoffLimitExceeded);
  }
  if (timed && now.getTime() - startedAt >= deadline * 1000) return fail('DeadlineExceeded', MESSAGES.deadlineExceeded);
  const policy = spec.completionMode === 'Indexed' ? matchSuccessPolicy(job, completed) : undefined;
  if (policy) return { type: 'SuccessCriteriaMet', reason: 'SuccessPolicy', message: policy };
  if (completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0) {
    return { type: 'SuccessCriteriaMet', reason: 'CompletionsReached', message: MESSAGES.completionsReached };
  }
  return timed ? { requeueAfter: startedAt + deadline * 1000 - now.getTime() } : undefined;
}

/**
 * restartPolicy OnFailure: pods do not fail, their containers restart; the restarts of the
 * running and pending pods count toward backoffLimit (any restart when it is 0).
 */
function pastBackoffLimitOnFailure(job: V1Job, active: V1Pod[]): boolean {
  if (job.spec!.template.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const pod of active) {
    if (pod.status?.phase !== 'Running' && pod.status?.phase !== 'Pending') continue;
    for (const status of [...(pod.status.initContainerStatuses ?? []), ...(pod.status.containerStatuses ?? [])]) restarts += status.restartCount ?? 0;
  }
  const limit = job.spec!.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}
