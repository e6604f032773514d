// Which news about a pod calls for a sync, as upstream's kubelet config source decides: a
// change of its spec, labels, annotations or deletion does; a change of its status alone (most
// often the kubelet's own status write coming back through the watch) does not, unless the pod
// has readiness gates, whose conditions others set and the Ready condition follows.
import type { V1Pod } from '@kubernetes/client-node';
import { isDeepStrictEqual } from 'node:util';

export function podNeedsSync(known: V1Pod | undefined, pod: V1Pod): boolean {
  if (!known) return true;
  const [a, b] = [known.metadata ?? {}, pod.metadata ?? {}];
  if (!isDeepStrictEqual(known.spec, pod.spec)
    || !isDeepStrictEqual(a.labels ?? {}, b.labels ?? {})
    || !isDeepStrictEqual(a.annotations ?? {}, b.annotations ?? {})
    || a.deletionTimestamp?.valueOf() !== b.deletionTimestamp?.valueOf()
    || a.deletionGracePeriodSeconds !== b.deletionGracePeriodSeconds) return true;
  return (pod.spec?.readinessGates?.length ?? 0) > 0 && !isDeepStrictEqual(known.status, pod.status);
}
