// Which nodes a DaemonSet's pod belongs on, as upstream's NodeShouldRunDaemonPod: the node's
// name (when the template names one), the template's nodeSelector and required node affinity,
// and the node's NoSchedule/NoExecute taints against the pod's tolerations — the template's
// plus those every daemon pod gets (not-ready and unreachable NoExecute; disk-, memory- and
// pid-pressure and unschedulable NoSchedule; network-unavailable for host-network pods).
// A pod already on a node may stay through untolerated NoSchedule taints, not NoExecute ones.
import type { V1Node, V1PodSpec, V1Toleration } from '@kubernetes/client-node';
import { nodeSelectorMatches } from '../../api/selectors.js';
import { toleratedBy } from '../../api/tolerations.js';

export function daemonPodTolerations(spec: V1PodSpec): V1Toleration[] {
  const add: V1Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec.hostNetwork) add.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  const tolerations = [...(spec.tolerations ?? [])];
  for (const toleration of add) {
    const at = tolerations.findIndex((t) => t.key === toleration.key && t.effect === toleration.effect);
    if (at >= 0) tolerations[at] = toleration;
    else tolerations.push(toleration);
  }
  return tolerations;
}

export interface NodeFit {
  /** A daemon pod should be made for the node. */
  shouldRun: boolean;
  /** A daemon pod already there may stay. */
  shouldContinueRunning: boolean;
}

export function nodeShouldRunDaemonPod(node: V1Node, template: V1PodSpec): NodeFit {
  const name = node.metadata!.name!;
  if (template.nodeName && template.nodeName !== name) return { shouldRun: false, shouldContinueRunning: false };
  const labels = node.metadata?.labels ?? {};
  const selector = template.nodeSelector ?? {};
  const required = template.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const fitsAffinity = Object.keys(selector).every((key) => labels[key] === selector[key]) && (!required || nodeSelectorMatches(required, name, labels));
  if (!fitsAffinity) return { shouldRun: false, shouldContinueRunning: false };
  const tolerations = daemonPodTolerations(template);
  const untolerated = (node.spec?.taints ?? []).filter((taint) => (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !toleratedBy(tolerations, taint));
  return { shouldRun: untolerated.length === 0, shouldContinueRunning: !untolerated.some((taint) => taint.effect === 'NoExecute') };
}
