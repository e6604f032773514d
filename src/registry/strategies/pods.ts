// Pods: field selectors on node, phase and friends; graceful deletion (a scheduled pod waits
// for its kubelet, up to terminationGracePeriodSeconds); a new pod starts Pending.
import type { KubeObject } from '../object.js';
import { SimpleFieldsStrategy } from './simpleFields.js';
import type { ResourceInfo } from '../catalog.js';

type PodSpec = { nodeName?: string; restartPolicy?: string; schedulerName?: string; serviceAccountName?: string; hostNetwork?: boolean; terminationGracePeriodSeconds?: number };
type PodStatus = { phase?: string; podIP?: string; nominatedNodeName?: string };

const spec = (o: KubeObject) => (o.spec ?? {}) as PodSpec;
const status = (o: KubeObject) => (o.status ?? {}) as PodStatus;

export class PodStrategy extends SimpleFieldsStrategy {
  constructor(info: ResourceInfo) {
    super(info, {
      'spec.nodeName': (o) => spec(o).nodeName ?? '',
      'spec.restartPolicy': (o) => spec(o).restartPolicy ?? '',
      'spec.schedulerName': (o) => spec(o).schedulerName ?? '',
      'spec.serviceAccountName': (o) => spec(o).serviceAccountName ?? '',
      'spec.hostNetwork': (o) => String(spec(o).hostNetwork ?? false),
      'status.phase': (o) => status(o).phase ?? '',
      'status.podIP': (o) => status(o).podIP ?? '',
      'status.nominatedNodeName': (o) => status(o).nominatedNodeName ?? '',
    });
  }

  override prepareForCreate(object: KubeObject): void {
    object.status = { phase: 'Pending', qosClass: qosClass(object) };
  }

  override gracePeriodSeconds(object: KubeObject, requested: number | undefined): number | undefined {
    const phase = status(object).phase;
    // Unscheduled and finished pods have nothing to wait for.
    if (!spec(object).nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
    return requested ?? object.metadata.deletionGracePeriodSeconds ?? spec(object).terminationGracePeriodSeconds ?? 30;
  }
}

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };

/** Guaranteed when every container's requests equal its limits for cpu and memory;
 * BestEffort when none sets any; Burstable otherwise. */
function qosClass(pod: KubeObject): string {
  const containers = [
    ...((pod.spec as { containers?: Array<{ resources?: Resources }> } | undefined)?.containers ?? []),
    ...((pod.spec as { initContainers?: Array<{ resources?: Resources }> } | undefined)?.initContainers ?? []),
  ];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    for (const resource of ['cpu', 'memory']) {
      if (requests[resource] || limits[resource]) any = true;
      const request = requests[resource] ?? limits[resource];
      if (!limits[resource] || request !== limits[resource]) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
