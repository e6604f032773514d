// A Deployment's ReplicaSets as upstream's deployment util sees them: which one is new (its
// template equals the Deployment's but for the hash; the oldest such), which are old, the
// counts summed over them, their orders (by creation, by revision, by size), and the share
// of a scale-up or scale-down each gets in proportional scaling.
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import { maxReplicasAnnotation, desiredReplicasAnnotation, revisionOf } from './annotations.js';
import { equalIgnoreHash } from './podTemplateHash.js';
import { desiredReplicas, maxSurge } from './rollingArithmetic.js';

export const specReplicas = (rs: V1ReplicaSet): number => rs.spec?.replicas ?? 1;
const created = (rs: V1ReplicaSet): number => (rs.metadata?.creationTimestamp ? new Date(rs.metadata.creationTimestamp).getTime() : 0);

/** Older first; ties by name. */
export function byCreation(a: V1ReplicaSet, b: V1ReplicaSet): number {
  return created(a) - created(b) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}

/** Lower revision first; ties older first. */
export function byRevision(a: V1ReplicaSet, b: V1ReplicaSet): number {
  return revisionOf(a) - revisionOf(b) || byCreation(a, b);
}

/** Larger first; ties newer first (where a scale-up goes first). */
export function bySizeNewer(a: V1ReplicaSet, b: V1ReplicaSet): number {
  return specReplicas(b) - specReplicas(a) || byCreation(b, a);
}

/** Larger first; ties older first (where a scale-down goes first). */
export function bySizeOlder(a: V1ReplicaSet, b: V1ReplicaSet): number {
  return specReplicas(b) - specReplicas(a) || byCreation(a, b);
}

export const isActive = (rs: V1ReplicaSet | undefined): rs is V1ReplicaSet => rs !== undefined && specReplicas(rs) > 0;

/** Sum of spec.replicas. */
export const totalSpecReplicas = (sets: readonly (V1ReplicaSet | undefined)[]): number =>
  sets.reduce((sum, rs) => sum + (rs ? specReplicas(rs) : 0), 0);

/** Sum of status.replicas, readyReplicas or availableReplicas. */
export function totalStatus(sets: readonly (V1ReplicaSet | undefined)[], field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number {
  return sets.reduce((sum, rs) => sum + (rs?.status?.[field] ?? 0), 0);
}

/** The ReplicaSet whose template is the Deployment's (the oldest, if several). */
export function findNewReplicaSet(deployment: V1Deployment, sets: readonly V1ReplicaSet[]): V1ReplicaSet | undefined {
  return [...sets].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, deployment.spec?.template));
}

/** Every ReplicaSet but the new one. */
export function findOldReplicaSets(deployment: V1Deployment, sets: readonly V1ReplicaSet[]): V1ReplicaSet[] {
  const newRS = findNewReplicaSet(deployment, sets);
  return sets.filter((rs) => rs.metadata?.uid !== newRS?.metadata?.uid);
}

/**
 * The one ReplicaSet to scale when only one (or none) is active: the active one, else the new
 * one, else the newest old one; undefined when several are active.
 */
export function findActiveOrLatest(newRS: V1ReplicaSet | undefined, oldRSs: readonly V1ReplicaSet[]): V1ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = [...newestFirst, newRS].filter(isActive);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** The new ReplicaSet runs the Deployment's full count, all available. */
export function isSaturated(deployment: V1Deployment, rs: V1ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicas(deployment);
  return desiredReplicasAnnotation(rs) === desired && specReplicas(rs) === desired && (rs.status?.availableReplicas ?? 0) === desired;
}

/** Go's math.Round: halves away from zero. */
const roundHalfAway = (value: number): number => Math.sign(value) * Math.round(Math.abs(value));

/** The change a ReplicaSet's size should see when the whole Deployment resizes (upstream's getReplicaSetFraction). */
function fraction(rs: V1ReplicaSet, deployment: V1Deployment): number {
  const desired = desiredReplicas(deployment);
  if (desired === 0) return -specReplicas(rs);
  const deploymentReplicas = desired + maxSurge(deployment);
  const annotated = maxReplicasAnnotation(rs) ?? deployment.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  return roundHalfAway((specReplicas(rs) * deploymentReplicas) / annotated) - specReplicas(rs);
}

/** The part of `toAdd` (of which `added` is already handed out) this ReplicaSet gets. */
export function proportion(rs: V1ReplicaSet, deployment: V1Deployment, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const share = fraction(rs, deployment);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(share, allowed) : Math.max(share, allowed);
}

/** The size the new ReplicaSet may grow to now (upstream's NewRSNewReplicas). */
export function newReplicaSetReplicas(deployment: V1Deployment, all: readonly (V1ReplicaSet | undefined)[], newRS: V1ReplicaSet): number {
  const desired = desiredReplicas(deployment);
  if ((deployment.spec?.strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return desired;
  const current = totalSpecReplicas(all);
  const maxTotal = desired + maxSurge(deployment);
  if (current >= maxTotal) return specReplicas(newRS);
  return specReplicas(newRS) + Math.min(maxTotal - current, desired - specReplicas(newRS));
}
