// A container's requests and limits as CRI Linux resources, with upstream's conversions on
// cgroup v1: CPU shares from the request (1024 per core, at least 2), a CFS quota from the
// limit over a 100 ms period, the memory limit in bytes, and the OOM score adjustment of the
// pod's QoS class. The pod's cgroup parent follows upstream's cgroupfs layout.
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { Quantity } from '../../api/quantity.js';
import type { LinuxContainerResources } from '../../cri/types.js';

const CPU_PERIOD = 100_000;

const milli = (value: unknown) => (value === undefined ? 0 : Number(Quantity.parse(String(value)).milliValue()));
const bytes = (value: unknown) => (value === undefined ? 0 : Number(Quantity.parse(String(value)).value()));

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** The pod's QoS class: from its status when the API server set it, else computed as upstream. */
export function qosClass(pod: V1Pod): QosClass {
  if (pod.status?.qosClass) return pod.status.qosClass as QosClass;
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    for (const resource of ['cpu', 'memory']) {
      const request = c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource];
      const limit = c.resources?.limits?.[resource];
      if (request !== undefined || limit !== undefined) any = true;
      if (limit === undefined || String(request) !== String(limit)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function podCgroupParent(pod: V1Pod): string {
  const qos = qosClass(pod);
  const tier = qos === 'Guaranteed' ? '' : `/${qos.toLowerCase()}`;
  return `/kubepods${tier}/pod${pod.metadata!.uid}`;
}

function oomScoreAdj(pod: V1Pod, container: V1Container, memoryCapacityBytes: number): number {
  const qos = qosClass(pod);
  if (qos === 'Guaranteed') return -997;
  if (qos === 'BestEffort') return 1000;
  const request = bytes(container.resources?.requests?.memory);
  const score = 1000 - Math.floor((1000 * request) / memoryCapacityBytes);
  return Math.min(999, Math.max(2, score));
}

export function containerResources(pod: V1Pod, container: V1Container, memoryCapacityBytes: number): Partial<LinuxContainerResources> {
  const cpuRequest = milli(container.resources?.requests?.cpu ?? container.resources?.limits?.cpu);
  const cpuLimit = milli(container.resources?.limits?.cpu);
  return {
    cpuPeriod: CPU_PERIOD,
    cpuShares: Math.max(2, Math.floor((cpuRequest * 1024) / 1000)),
    cpuQuota: cpuLimit > 0 ? Math.max(1000, Math.floor((cpuLimit * CPU_PERIOD) / 1000)) : 0,
    memoryLimitInBytes: bytes(container.resources?.limits?.memory),
    oomScoreAdj: oomScoreAdj(pod, container, memoryCapacityBytes),
  };
}
