// Whether a pod's tolerations tolerate a taint (as upstream's ToleratesTaint), for the
// scheduler, DaemonSets and taint eviction: same key (or an empty key with Exists, which
// tolerates every key), same effect (or none), and Equal with the same value or Exists.
import type { V1Taint, V1Toleration } from '@kubernetes/client-node';

export function toleratesTaint(toleration: V1Toleration, taint: V1Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (!toleration.key && toleration.operator !== 'Exists') return false;
  switch (toleration.operator ?? 'Equal') {
    case 'Exists': return true;
    case 'Equal': return (toleration.value ?? '') === (taint.value ?? '');
    default: return false;
  }
}

export const toleratedBy = (tolerations: V1Toleration[] | undefined, taint: V1Taint) => (tolerations ?? []).some((t) => toleratesTaint(t, taint));
