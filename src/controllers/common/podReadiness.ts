// Pod states controllers count by, as upstream's pod helpers: ready (the Ready condition is
// True), available (ready for at least minReadySeconds), active (not finished, not deleting).
import type { V1Pod, V1PodCondition } from '@kubernetes/client-node';

export function podReadyCondition(pod: V1Pod): V1PodCondition | undefined {
  return pod.status?.conditions?.find((condition) => condition.type === 'Ready');
}

export function isPodReady(pod: V1Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/** When the pod last became Ready, if it is Ready now. */
export function podReadySince(pod: V1Pod): Date | undefined {
  const condition = podReadyCondition(pod);
  if (condition?.status !== 'True' || !condition.lastTransitionTime) return undefined;
  return new Date(condition.lastTransitionTime);
}

/** Ready, and for more than minReadySeconds by `now` (any ready pod when minReadySeconds is 0). */
export function isPodAvailable(pod: V1Pod, minReadySeconds: number, now: Date = new Date()): boolean {
  if (!isPodReady(pod)) return false;
  if (!minReadySeconds) return true;
  const since = podReadySince(pod);
  return since !== undefined && since.getTime() + minReadySeconds * 1000 < now.getTime();
}

/** Not Succeeded, not Failed and not being deleted. */
export function isPodActive(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

/** Not being deleted (finished pods included), as upstream's IsPodTerminating negated. */
export function isPodTerminating(pod: V1Pod): boolean {
  return !!pod.metadata?.deletionTimestamp;
}

/** The largest restart count of the pod's containers. */
export function maxContainerRestarts(pod: V1Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((status) => status.restartCount ?? 0));
}
