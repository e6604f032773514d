// Pods: field selectors on node, phase and friends; a new pod starts Pending with its QoS
// class and the default service account's token mounted (the ServiceAccount admission);
// an update keeps the priority the Priority admission set; graceful deletion (a scheduled pod
// waits for its kubelet, up to terminationGracePeriodSeconds).
import type { Pod } from '../../api/index.js';
import { defaultServiceAccount, preparePodForCreate } from '../defaults/index.js';
import type { ResourceInfo } from '../catalog.js';
import type { KubeObject } from '../object.js';
import { SimpleFieldsStrategy } from './simpleFields.js';

type PodSpec = { priority?: number; preemptionPolicy?: string; nodeName?: string; restartPolicy?: string; schedulerName?: string; serviceAccountName?: string; hostNetwork?: boolean; terminationGracePeriodSeconds?: number };
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
    defaultServiceAccount(object as unknown as Pod);
    preparePodForCreate(object as unknown as Pod);
  }

  /** An update without the priority and policy the Priority admission set keeps them. */
  override prepareForUpdate(object: KubeObject, old: KubeObject): void {
    super.prepareForUpdate(object, old);
    const next = spec(object);
    const { priority, preemptionPolicy } = spec(old);
    if (next.priority === undefined && priority !== undefined) next.priority = priority;
    if (next.preemptionPolicy === undefined && preemptionPolicy !== undefined) next.preemptionPolicy = preemptionPolicy;
  }

  override gracePeriodSeconds(object: KubeObject, requested: number | undefined): number | undefined {
    const phase = status(object).phase;
    // Unscheduled and finished pods have nothing to wait for.
    if (!spec(object).nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
    return requested ?? object.metadata.deletionGracePeriodSeconds ?? spec(object).terminationGracePeriodSeconds ?? 30;
  }
}
