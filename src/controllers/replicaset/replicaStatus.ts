// A ReplicaSet's (or ReplicationController's) status from the pods it owns, as upstream's
// calculateStatus: replicas (active owned pods), fullyLabeledReplicas (those carrying every
// template label), readyReplicas, availableReplicas (ready for minReadySeconds), and the
// ReplicaFailure condition (FailedCreate / FailedDelete with the API error) while creating or
// deleting fails, removed once it succeeds.
import type { V1Pod, V1ReplicaSetCondition, V1ReplicaSetStatus } from '@kubernetes/client-node';
import { isPodAvailable, isPodReady } from '../common/index.js';
import type { ReplicaOwner } from './replicaKinds.js';

export interface ManageFailure {
  /** FailedCreate or FailedDelete. */
  reason: string;
  message: string;
}

export function calculateStatus(owner: ReplicaOwner, pods: readonly V1Pod[], failure: ManageFailure | undefined, now: Date): V1ReplicaSetStatus {
  const templateLabels = owner.spec?.template?.metadata?.labels ?? {};
  const minReadySeconds = owner.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    const labels = pod.metadata?.labels ?? {};
    if (Object.entries(templateLabels).every(([key, value]) => labels[key] === value)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, now)) available++;
    }
  }
  let conditions = [...(owner.status?.conditions ?? [])];
  const failureCondition = conditions.find((condition) => condition.type === 'ReplicaFailure');
  if (failure && !failureCondition) {
    const condition: V1ReplicaSetCondition = {
      type: 'ReplicaFailure', status: 'True', reason: failure.reason, message: failure.message, lastTransitionTime: now,
    };
    conditions.push(condition);
  } else if (!failure && failureCondition) {
    conditions = conditions.filter((condition) => condition.type !== 'ReplicaFailure');
  }
  return {
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: owner.metadata?.generation,
    ...(conditions.length > 0 ? { conditions } : {}),
  };
}

/**
 * How long until the next ready pod becomes available (minReadySeconds after it became
 * ready), so the status is computed again then; undefined when no pod is waiting.
 */
export function nextAvailableIn(owner: ReplicaOwner, pods: readonly V1Pod[], now: Date): number | undefined {
  const minReadySeconds = owner.spec?.minReadySeconds ?? 0;
  if (!minReadySeconds) return undefined;
  let soonest: number | undefined;
  for (const pod of pods) {
    if (!isPodReady(pod) || isPodAvailable(pod, minReadySeconds, now)) continue;
    const since = pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime;
    const wait = since ? new Date(since).getTime() + minReadySeconds * 1000 - now.getTime() : minReadySeconds * 1000;
    soonest = Math.min(soonest ?? Infinity, Math.max(wait, 0) + 1000);
  }
  return soonest;
}
