// A Deployment's status and conditions, as upstream's sync.go and progress.go compute them:
//   counts     replicas/readyReplicas/availableReplicas summed over its ReplicaSets' status,
//              updatedReplicas the new ReplicaSet's, unavailableReplicas = sum of spec.replicas
//              − available (never negative), observedGeneration, collisionCount
//   Available  True MinimumReplicasAvailable "Deployment has minimum availability." while at
//              least replicas − maxUnavailable are available, else False
//              MinimumReplicasUnavailable "Deployment does not have minimum availability."
//   Progressing (only with a progress deadline) NewReplicaSetAvailable once complete,
//              ReplicaSetUpdated while anything moves (its transition time kept),
//              ProgressDeadlineExceeded once nothing moved for progressDeadlineSeconds;
//              NewReplicaSetCreated / FoundNewReplicaSet / DeploymentPaused / DeploymentResumed
//              are set where those things happen
//   ReplicaFailure copied from a ReplicaSet that has it (the new one first)
import type { V1Deployment, V1DeploymentCondition, V1DeploymentStatus, V1ReplicaSet } from '@kubernetes/client-node';
import { desiredReplicas, maxUnavailable } from './rollingArithmetic.js';
import { totalSpecReplicas, totalStatus } from './replicaSets.js';

export const PROGRESSING = 'Progressing';
export const AVAILABLE = 'Available';
export const REPLICA_FAILURE = 'ReplicaFailure';

export const REASONS = {
  newReplicaSetCreated: 'NewReplicaSetCreated',
  foundNewReplicaSet: 'FoundNewReplicaSet',
  replicaSetUpdated: 'ReplicaSetUpdated',
  newReplicaSetAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  failedReplicaSetCreate: 'ReplicaSetCreateError',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  minimumAvailable: 'MinimumReplicasAvailable',
  minimumUnavailable: 'MinimumReplicasUnavailable',
} as const;

const MAX_INT32 = 2 ** 31 - 1;

export function hasProgressDeadline(deployment: V1Deployment): boolean {
  const seconds = deployment.spec?.progressDeadlineSeconds;
  return seconds !== undefined && seconds !== null && seconds !== MAX_INT32;
}

export function condition(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string, now: Date): V1DeploymentCondition {
  return { type, status, reason, message, lastUpdateTime: now, lastTransitionTime: now };
}

export function getCondition(status: V1DeploymentStatus | undefined, type: string): V1DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * Sets a condition (in place) as upstream's SetDeploymentCondition: nothing changes when one
 * with the same status and reason is there; the transition time is kept when the status is.
 */
export function setCondition(status: V1DeploymentStatus, next: V1DeploymentCondition): void {
  const current = getCondition(status, next.type);
  if (current && current.status === next.status && current.reason === next.reason) return;
  const updated = current && current.status === next.status ? { ...next, lastTransitionTime: current.lastTransitionTime } : next;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== next.type), updated];
}

export function removeCondition(status: V1DeploymentStatus, type: string): void {
  const remaining = (status.conditions ?? []).filter((c) => c.type !== type);
  if (remaining.length > 0) status.conditions = remaining;
  else delete status.conditions;
}

/** Counts, observedGeneration and the Available condition from the ReplicaSets. */
export function calculateStatus(deployment: V1Deployment, all: readonly (V1ReplicaSet | undefined)[], newRS: V1ReplicaSet | undefined, now: Date): V1DeploymentStatus {
  const available = totalStatus(all, 'availableReplicas');
  const status: V1DeploymentStatus = {
    observedGeneration: deployment.metadata?.generation,
    replicas: totalStatus(all, 'replicas'),
    updatedReplicas: totalStatus([newRS], 'replicas'),
    readyReplicas: totalStatus(all, 'readyReplicas'),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, totalSpecReplicas(all) - available),
    ...(deployment.status?.collisionCount !== undefined ? { collisionCount: deployment.status.collisionCount } : {}),
    ...(deployment.status?.conditions ? { conditions: [...deployment.status.conditions] } : {}),
  };
  if (available >= desiredReplicas(deployment) - maxUnavailable(deployment)) {
    setCondition(status, condition(AVAILABLE, 'True', REASONS.minimumAvailable, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, condition(AVAILABLE, 'False', REASONS.minimumUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

/** Every replica updated and available, and the latest spec observed. */
export function deploymentComplete(deployment: V1Deployment, status: V1DeploymentStatus): boolean {
  const desired = desiredReplicas(deployment);
  return (status.updatedReplicas ?? 0) === desired && (status.replicas ?? 0) === desired &&
    (status.availableReplicas ?? 0) === desired && (status.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0);
}

/** Something moved since the last status: more updated, fewer old, more ready or available. */
export function deploymentProgressing(deployment: V1Deployment, status: V1DeploymentStatus): boolean {
  const old = deployment.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

export function deploymentTimedOut(deployment: V1Deployment, status: V1DeploymentStatus, now: Date): boolean {
  if (!hasProgressDeadline(deployment)) return false;
  const progressing = getCondition(status, PROGRESSING);
  if (!progressing || progressing.reason === REASONS.newReplicaSetAvailable) return false;
  if (progressing.reason === REASONS.timedOut) return true;
  const from = progressing.lastUpdateTime ? new Date(progressing.lastUpdateTime).getTime() : 0;
  return from + deployment.spec!.progressDeadlineSeconds! * 1000 < now.getTime();
}

/** The status a rollout step ends with (upstream's syncRolloutStatus, before the write). */
export function rolloutStatus(deployment: V1Deployment, all: readonly (V1ReplicaSet | undefined)[], newRS: V1ReplicaSet | undefined, now: Date): V1DeploymentStatus {
  const status = calculateStatus(deployment, all, newRS, now);
  const name = deployment.metadata?.name;
  if (!hasProgressDeadline(deployment)) removeCondition(status, PROGRESSING);
  const current = getCondition(deployment.status, PROGRESSING);
  const complete = status.replicas === status.updatedReplicas && current?.reason === REASONS.newReplicaSetAvailable;
  if (hasProgressDeadline(deployment) && !complete) {
    const subject = newRS ? `ReplicaSet "${newRS.metadata?.name}"` : `Deployment "${name}"`;
    if (deploymentComplete(deployment, status)) {
      setCondition(status, condition(PROGRESSING, 'True', REASONS.newReplicaSetAvailable, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(deployment, status)) {
      const next = condition(PROGRESSING, 'True', REASONS.replicaSetUpdated, `${subject} is progressing.`, now);
      if (current?.status === 'True') next.lastTransitionTime = current.lastTransitionTime;
      removeCondition(status, PROGRESSING);
      setCondition(status, next);
    } else if (deploymentTimedOut(deployment, status, now)) {
      setCondition(status, condition(PROGRESSING, 'False', REASONS.timedOut, `${subject} has timed out progressing.`, now));
    }
  }
  const failure = [newRS, ...all.filter((rs) => rs !== newRS)]
    .map((rs) => rs?.status?.conditions?.find((c) => c.type === REPLICA_FAILURE))
    .find((c) => c !== undefined);
  if (failure) {
    setCondition(status, {
      type: REPLICA_FAILURE, status: failure.status, reason: failure.reason, message: failure.message,
      lastUpdateTime: failure.lastTransitionTime, lastTransitionTime: failure.lastTransitionTime,
    });
  } else {
    removeCondition(status, REPLICA_FAILURE);
  }
  return status;
}

/** When to look again at a rollout that may run out of time (upstream's requeueStuckDeployment); ms. */
export function stuckRequeueAfter(deployment: V1Deployment, status: V1DeploymentStatus, now: Date): number | undefined {
  const current = getCondition(deployment.status, PROGRESSING);
  if (!hasProgressDeadline(deployment) || !current) return undefined;
  if (deploymentComplete(deployment, status) || current.reason === REASONS.timedOut) return undefined;
  const updated = current.lastUpdateTime ? new Date(current.lastUpdateTime).getTime() : now.getTime();
  const after = updated + deployment.spec!.progressDeadlineSeconds! * 1000 - now.getTime();
  return after < 1000 ? 1000 : after + 1000;
}
