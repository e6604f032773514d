// The order in which controllers delete surplus pods, most disposable first, as upstream's
// ActivePods and ActivePodsWithRanks: unscheduled before scheduled; Pending before Unknown
// before Running; not ready before ready; (ranked) lower controller.kubernetes.io/pod-deletion-cost
// first, then pods on nodes crowded with their siblings; ready for less time first; more
// container restarts first; newer before older. With a reference time, ready and creation times
// compare in log2 buckets of their age (LogarithmicScaleDown), ties broken by UID.
import type { V1Pod } from '@kubernetes/client-node';
import { isPodActive, isPodReady, maxContainerRestarts, podReadySince } from './podReadiness.js';

export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

export interface RankedPod {
  pod: V1Pod;
  /** How many of the controller's active pods share this pod's node (upstream's rank). */
  rank: number;
}

/** The pod-deletion-cost annotation's value (0 when absent or not an int32). */
export function podDeletionCost(pod: V1Pod): number {
  const text = pod.metadata?.annotations?.[POD_DELETION_COST];
  if (text === undefined || !/^[+-]?\d+$/.test(text.trim())) return 0;
  const value = Number(text.trim());
  return value >= -(2 ** 31) && value < 2 ** 31 ? value : 0;
}

const timeOf = (text: Date | string | undefined): number | undefined => (text === undefined ? undefined : new Date(text).getTime());

/** Upstream's afterOrZero: a missing time comes first, then the later one. */
function afterOrZero(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === undefined;
  return a > b;
}

function logBucket(time: number, now: number): number {
  const age = (now - time) * 1e6; // nanoseconds, as upstream takes log2 of a Duration
  return age > 0 ? Math.floor(Math.log2(age)) : -1;
}

/** Compares two times: negative when `a` goes first (later or missing; same bucket: UID order). */
function compareTimes(a: number | undefined, b: number | undefined, now: number | undefined, uidA: string, uidB: string): number {
  if (a === b) return 0;
  if (now === undefined || a === undefined || b === undefined) return afterOrZero(a, b) ? -1 : 1;
  const diff = logBucket(a, now) - logBucket(b, now);
  if (diff !== 0) return diff;
  return uidA < uidB ? -1 : uidA > uidB ? 1 : 0;
}

/**
 * Negative when `a` should be deleted before `b`. Without ranks and `now` this is upstream's
 * plain ActivePods order (no deletion cost); with them, ActivePodsWithRanks.
 */
export function comparePodsForDeletion(a: RankedPod, b: RankedPod, now?: Date): number {
  const ranked = now !== undefined;
  const [pa, pb] = [a.pod, b.pod];
  const nodeA = pa.spec?.nodeName ?? '';
  const nodeB = pb.spec?.nodeName ?? '';
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA === '' ? -1 : 1;
  const phaseA = PHASE_ORDINAL[pa.status?.phase ?? ''] ?? 0;
  const phaseB = PHASE_ORDINAL[pb.status?.phase ?? ''] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  const readyA = isPodReady(pa);
  const readyB = isPodReady(pb);
  if (readyA !== readyB) return readyA ? 1 : -1;
  if (ranked) {
    const costA = podDeletionCost(pa);
    const costB = podDeletionCost(pb);
    if (costA !== costB) return costA - costB;
    if (a.rank !== b.rank) return b.rank - a.rank;
  }
  const uidA = pa.metadata?.uid ?? '';
  const uidB = pb.metadata?.uid ?? '';
  const nowMs = now?.getTime();
  if (readyA && readyB) {
    const byReady = compareTimes(timeOf(podReadySince(pa)), timeOf(podReadySince(pb)), nowMs, uidA, uidB);
    if (byReady !== 0) return byReady;
  }
  const restartsA = maxContainerRestarts(pa);
  const restartsB = maxContainerRestarts(pb);
  if (restartsA !== restartsB) return restartsB - restartsA;
  return compareTimes(timeOf(pa.metadata?.creationTimestamp), timeOf(pb.metadata?.creationTimestamp), nowMs, uidA, uidB);
}

/** Upstream's plain ActivePods order: the most disposable first. */
export function sortActivePods(pods: readonly V1Pod[]): V1Pod[] {
  return pods.map((pod) => ({ pod, rank: 0 })).sort((a, b) => comparePodsForDeletion(a, b)).map(({ pod }) => pod);
}

/**
 * The `count` pods of `candidates` to delete first, ranked by how many active pods of `related`
 * (usually all of the controller's pods, candidates included) share their node.
 */
export function podsToDelete(candidates: readonly V1Pod[], related: readonly V1Pod[], count: number, now: Date = new Date()): V1Pod[] {
  if (count >= candidates.length) return [...candidates];
  const onNode = new Map<string, number>();
  for (const pod of related) {
    if (!isPodActive(pod)) continue;
    const node = pod.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  return candidates
    .map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }))
    .sort((a, b) => comparePodsForDeletion(a, b, now))
    .slice(0, count)
    .map(({ pod }) => pod);
}
