// The NoExecute and NoSchedule taints a node's Ready condition calls for.
import type { V1Taint } from '@kubernetes/client-node';

export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';

/** The taint key a Ready condition status calls for: none when True. */
export function readinessTaintKey(readyStatus: string | undefined): string | undefined {
  if (readyStatus === 'False') return NOT_READY_TAINT;
  if (readyStatus === 'True') return undefined;
  return UNREACHABLE_TAINT;
}

/**
 * The node's taints with the readiness ones made to match `key` (both effects; a kept taint
 * keeps its timeAdded), or undefined when they already do.
 */
export function withReadinessTaints(taints: V1Taint[], key: string | undefined, now: Date): V1Taint[] | undefined {
  const readiness = (t: V1Taint) => (t.key === NOT_READY_TAINT || t.key === UNREACHABLE_TAINT) && (t.effect === 'NoExecute' || t.effect === 'NoSchedule');
  const kept = taints.filter((t) => !readiness(t) || t.key === key);
  const wanted: V1Taint[] = key ? [{ key, effect: 'NoSchedule' }, { key, effect: 'NoExecute', timeAdded: now.toISOString().replace(/\.\d+Z$/, 'Z') as unknown as Date }] : [];
  const missing = wanted.filter((w) => !kept.some((t) => t.key === w.key && t.effect === w.effect));
  if (missing.length === 0 && kept.length === taints.length) return undefined;
  return [...kept, ...missing];
}
