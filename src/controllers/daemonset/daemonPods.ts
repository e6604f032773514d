// A DaemonSet's pod for one node: the template with the daemon tolerations, the
// controller-revision-hash label of the current revision, and required node affinity
// `metadata.name In [<node>]` in place of any required terms (the node already matched them),
// so that the scheduler binds it there. The node a daemon pod is for: its spec.nodeName, or
// the node its affinity names while unscheduled.
import type { V1Pod } from '@kubernetes/client-node';
import { daemonPodTolerations } from './nodeEligibility.js';

export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';

export function customizeDaemonPod(pod: V1Pod, nodeName: string, hash: string): void {
  pod.metadata!.labels = { ...pod.metadata!.labels, [CONTROLLER_REVISION_HASH]: hash };
  const spec = pod.spec!;
  spec.tolerations = daemonPodTolerations(spec);
  const affinity = (spec.affinity ??= {});
  const nodeAffinity = (affinity.nodeAffinity ??= {});
  nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = {
    nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
  };
}

export function daemonPodNode(pod: V1Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    const field = term.matchFields?.find((f) => f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1);
    if (field) return field.values![0];
  }
  return undefined;
}
