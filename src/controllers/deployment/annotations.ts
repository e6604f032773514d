// The annotations a Deployment's controller keeps on its ReplicaSets, as upstream's:
//   deployment.kubernetes.io/revision          the rollout's number (the new ReplicaSet gets
//                                              max(old revisions)+1; a ReplicaSet rolled back
//                                              to gets a new number and keeps its old ones in
//   deployment.kubernetes.io/revision-history  (comma-separated, at most 2000 characters)
//   deployment.kubernetes.io/desired-replicas  spec.replicas of the Deployment at the last scale
//   deployment.kubernetes.io/max-replicas      spec.replicas + maxSurge at the last scale
// plus every annotation of the Deployment itself (kubernetes.io/change-cause included) except
// these and kubectl's last-applied-configuration.
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import { desiredReplicas, maxSurge } from './rollingArithmetic.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to';
const NOT_COPIED = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, DEPRECATED_ROLLBACK_TO]);
const MAX_REVISION_HISTORY_CHARS = 2000;

/** A ReplicaSet's revision (0 when absent or not a number). */
export function revisionOf(object: { metadata?: { annotations?: Record<string, string> } } | undefined): number {
  const text = object?.metadata?.annotations?.[REVISION];
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : 0;
}

export function maxRevision(replicaSets: readonly V1ReplicaSet[]): number {
  return Math.max(0, ...replicaSets.map(revisionOf));
}

function annotationsOf(replicaSet: V1ReplicaSet): Record<string, string> {
  const metadata = (replicaSet.metadata ??= {});
  return (metadata.annotations ??= {});
}

/** Sets desired-replicas and max-replicas for the Deployment's current size; true if changed. */
export function setReplicasAnnotations(replicaSet: V1ReplicaSet, deployment: V1Deployment): boolean {
  const annotations = annotationsOf(replicaSet);
  const desired = String(desiredReplicas(deployment));
  const max = String(desiredReplicas(deployment) + maxSurge(deployment));
  if (annotations[DESIRED_REPLICAS] === desired && annotations[MAX_REPLICAS] === max) return false;
  annotations[DESIRED_REPLICAS] = desired;
  annotations[MAX_REPLICAS] = max;
  return true;
}

export function desiredReplicasAnnotation(replicaSet: V1ReplicaSet): number | undefined {
  const text = replicaSet.metadata?.annotations?.[DESIRED_REPLICAS];
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

export function maxReplicasAnnotation(replicaSet: V1ReplicaSet): number | undefined {
  const text = replicaSet.metadata?.annotations?.[MAX_REPLICAS];
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * Brings the new ReplicaSet's annotations up to date (in place): the Deployment's own
 * annotations, the revision `newRevision` if higher than its own (keeping the old number in
 * the revision history), and — for a ReplicaSet about to be created — the replica counts.
 * True if anything changed.
 */
export function setNewReplicaSetAnnotations(deployment: V1Deployment, replicaSet: V1ReplicaSet, newRevision: number, exists: boolean): boolean {
  const annotations = annotationsOf(replicaSet);
  let changed = false;
  for (const [key, value] of Object.entries(deployment.metadata?.annotations ?? {})) {
    if (NOT_COPIED.has(key) || annotations[key] === value) continue;
    annotations[key] = value;
    changed = true;
  }
  const oldText = annotations[REVISION];
  if (oldText !== undefined && !/^\d+$/.test(oldText)) return changed;
  const oldRevision = oldText === undefined ? 0 : Number(oldText);
  if (oldRevision < newRevision) {
    annotations[REVISION] = String(newRevision);
    changed = true;
    if (oldText !== undefined) annotations[REVISION_HISTORY] = appendRevisionHistory(annotations[REVISION_HISTORY], oldText);
  }
  if (!exists && setReplicasAnnotations(replicaSet, deployment)) changed = true;
  return changed;
}

/** The history with `revision` appended, dropping the oldest entries past 2000 characters. */
export function appendRevisionHistory(history: string | undefined, revision: string): string {
  if (!history) return revision;
  const revisions = history.split(',');
  let length = history.length + revision.length + 1;
  let start = 0;
  while (length > MAX_REVISION_HISTORY_CHARS && start < revisions.length) {
    length -= revisions[start].length + 1;
    start++;
  }
  return [...revisions.slice(start), revision].join(',');
}
