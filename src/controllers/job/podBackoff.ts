// The delay before a Job makes new pods after failures, as upstream's backoff records: every
// pod failure since the last success doubles it, from 10 s up to 6 minutes, counted from the
// last failure's finish time. Records live in memory per Job; a success resets one.
import type { V1Pod } from '@kubernetes/client-node';

export const DEFAULT_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 6 * 60_000;

interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

/** When a finished pod finished: its containers' last finish, else its deletion, else now. */
export function podFinishedTime(pod: V1Pod, now: number): number {
  const finishes = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]
    .map((s) => s.state?.terminated?.finishedAt)
    .filter((t): t is Date => !!t)
    .map((t) => new Date(t).getTime());
  if (finishes.length) return Math.max(...finishes);
  return pod.metadata?.deletionTimestamp ? new Date(pod.metadata.deletionTimestamp).getTime() : now;
}

export class PodBackoff {
  private readonly records = new Map<string, BackoffRecord>();

  /** Takes in the pods newly seen finished for the Job `key`, in any order. */
  observe(key: string, finished: { pod: V1Pod; succeeded: boolean }[], now: number): void {
    if (!finished.length) return;
    const record = this.records.get(key) ?? { failuresAfterLastSuccess: 0 };
    const byTime = finished.map((f) => ({ ...f, at: podFinishedTime(f.pod, now) })).sort((a, b) => a.at - b.at);
    for (const { succeeded, at } of byTime) {
      if (succeeded) {
        record.failuresAfterLastSuccess = 0;
        record.lastFailureTime = undefined;
      } else {
        record.failuresAfterLastSuccess++;
        record.lastFailureTime = Math.max(record.lastFailureTime ?? 0, at);
      }
    }
    this.records.set(key, record);
  }

  /** How long the Job must still wait before creating pods (0: now). */
  remaining(key: string, now: number): number {
    const record = this.records.get(key);
    if (!record?.failuresAfterLastSuccess || record.lastFailureTime === undefined) return 0;
    const delay = Math.min(DEFAULT_BACKOFF_MS * 2 ** (record.failuresAfterLastSuccess - 1), MAX_BACKOFF_MS);
    return Math.max(0, record.lastFailureTime + delay - now);
  }

  forget(key: string): void {
    this.records.delete(key);
  }
}
