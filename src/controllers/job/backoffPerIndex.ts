// backoffLimitPerIndex for Indexed Jobs, as upstream counts it: each pod carries its index's
// failures so far in the batch.kubernetes.io/job-index-failure-count annotation (a replacement
// gets the failed pod's count plus one); an index whose failures exceed the limit — or whose
// pod matched a podFailurePolicy FailIndex rule — is failed for good (status.failedIndexes) and
// gets no more pods; each index waits its own back-off (10 s doubling) after its last failure.
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { parseIndexes, podCompletionIndex } from './completionIndexes.js';
import { DEFAULT_BACKOFF_MS, MAX_BACKOFF_MS, podFinishedTime } from './podBackoff.js';
import { matchPodFailurePolicy } from './podFailurePolicy.js';

export const INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';

export const hasBackoffLimitPerIndex = (job: V1Job) => job.spec?.completionMode === 'Indexed' && job.spec.backoffLimitPerIndex !== undefined && job.spec.backoffLimitPerIndex !== null;

export interface IndexFailures {
  /** Failures so far per index. */
  counts: Map<number, number>;
  /** When each index's last failed pod finished. */
  lastFailure: Map<number, number>;
}

function annotatedCount(pod: V1Pod): number {
  const text = pod.metadata?.annotations?.[INDEX_FAILURE_COUNT];
  return text && /^\d+$/.test(text) ? Number(text) : 0;
}

/** Per-index failure counts from the Job's pods; `ignored` are failed pods not to count. */
export function indexFailures(job: V1Job, pods: V1Pod[], isFailed: (pod: V1Pod) => boolean, ignored: Set<V1Pod>, now: number): IndexFailures {
  const completions = job.spec?.completions ?? 0;
  const counts = new Map<number, number>();
  const lastFailure = new Map<number, number>();
  for (const pod of pods) {
    const index = podCompletionIndex(pod, completions);
    if (index === undefined) continue;
    const failed = isFailed(pod) && !ignored.has(pod);
    counts.set(index, Math.max(counts.get(index) ?? 0, annotatedCount(pod) + (failed ? 1 : 0)));
    if (failed) lastFailure.set(index, Math.max(lastFailure.get(index) ?? 0, podFinishedTime(pod, now)));
  }
  return { counts, lastFailure };
}

/** How long index `index` must still wait before its next pod (0: now). */
export function indexBackoffRemaining(failures: IndexFailures, index: number, now: number): number {
  const count = failures.counts.get(index) ?? 0;
  const last = failures.lastFailure.get(index);
  if (!count || last === undefined) return 0;
  return Math.max(0, last + Math.min(DEFAULT_BACKOFF_MS * 2 ** (count - 1), MAX_BACKOFF_MS) - now);
}

/** The indexes failed for good and every index's failures so far. */
export interface PerIndexState {
  failed: Set<number>;
  failures: IndexFailures;
}

/** The failed indexes: past the limit, or with a pod matching a FailIndex rule; never completed ones. */
export function perIndexState(job: V1Job, pods: V1Pod[], isFailed: (pod: V1Pod) => boolean, completed: Set<number>, now: Date): PerIndexState {
  const completions = job.spec!.completions ?? 0;
  const policies = new Map(pods.filter(isFailed).map((pod) => [pod, matchPodFailurePolicy(job, pod)]));
  const ignored = new Set([...policies].filter(([, match]) => match?.action === 'Ignore').map(([pod]) => pod));
  const failures = indexFailures(job, pods, isFailed, ignored, now.getTime());
  const failed = parseIndexes(job.status?.failedIndexes, completions);
  for (const [index, count] of failures.counts) if (count > job.spec!.backoffLimitPerIndex!) failed.add(index);
  for (const [pod, match] of policies) {
    const index = podCompletionIndex(pod, completions);
    if (match?.action === 'FailIndex' && index !== undefined) failed.add(index);
  }
  for (const index of completed) failed.delete(index);
  return { failed, failures };
}
