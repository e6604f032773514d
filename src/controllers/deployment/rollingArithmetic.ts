// The numbers of a rolling update, as upstream's deployment util: maxSurge and
// maxUnavailable are absolute counts or percentages of spec.replicas — surge rounded up,
// unavailability rounded down, and when both come to 0 one pod may be unavailable (else no
// rollout could progress). Recreate has neither.
import type { V1Deployment } from '@kubernetes/client-node';

export type IntOrPercent = number | string | undefined;

const PERCENT = /^(-?\d+)%$/;

/** An absolute value, or a percentage of `total` rounded up or down; throws on anything else. */
export function scaledValue(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const match = PERCENT.exec(value);
  if (!match) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** [surge, unavailable] for `desired` replicas; never both 0. */
export function resolveFenceposts(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, desired: number): [number, number] {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  const unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  return surge === 0 && unavailable === 0 ? [0, 1] : [surge, unavailable];
}

export const desiredReplicas = (deployment: V1Deployment): number => deployment.spec?.replicas ?? 1;

export function isRollingUpdate(deployment: V1Deployment): boolean {
  return (deployment.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

function fenceposts(deployment: V1Deployment): [number, number] {
  const rolling = deployment.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(rolling?.maxSurge ?? '25%', rolling?.maxUnavailable ?? '25%', desiredReplicas(deployment));
}

/** How many pods above spec.replicas a rollout may run (0 for Recreate). */
export function maxSurge(deployment: V1Deployment): number {
  return isRollingUpdate(deployment) ? fenceposts(deployment)[0] : 0;
}

/** How many of spec.replicas may be unavailable during a rollout (0 for Recreate or 0 replicas). */
export function maxUnavailable(deployment: V1Deployment): number {
  const desired = desiredReplicas(deployment);
  if (!isRollingUpdate(deployment) || desired === 0) return 0;
  return Math.min(fenceposts(deployment)[1], desired);
}
