// What the scheduler precomputes once per pod object (informer objects are never mutated, so
// it is cached by identity): its key, priority, requests, host ports and affinity terms.
import type { V1Pod, V1PodAffinityTerm, V1WeightedPodAffinityTerm } from '@kubernetes/client-node';
import { podRequests, type Resources } from './resources.js';

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export interface PodInfo {
  pod: V1Pod;
  key: string;
  namespace: string;
  labels: Record<string, string>;
  /** spec.priority as admission set it (undefined when the Priority admission did not run). */
  specPriority: number | undefined;
  requests: Resources;
  nonZeroRequests: Resources;
  hostPorts: HostPort[];
  requiredAffinity: V1PodAffinityTerm[];
  requiredAntiAffinity: V1PodAffinityTerm[];
  preferredAffinity: V1WeightedPodAffinityTerm[];
  preferredAntiAffinity: V1WeightedPodAffinityTerm[];
}

const infos = new WeakMap<V1Pod, PodInfo>();

export const podKey = (pod: V1Pod) => `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;

export function podInfo(pod: V1Pod): PodInfo {
  let info = infos.get(pod);
  if (info) return info;
  const hostPorts: HostPort[] = [];
  for (const container of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const port of container.ports ?? []) {
      if (port.hostPort) hostPorts.push({ ip: port.hostIP || '0.0.0.0', protocol: port.protocol ?? 'TCP', port: port.hostPort });
    }
  }
  const affinity = pod.spec?.affinity;
  info = {
    pod,
    key: podKey(pod),
    namespace: pod.metadata?.namespace ?? '',
    labels: pod.metadata?.labels ?? {},
    specPriority: pod.spec?.priority,
    requests: podRequests(pod),
    nonZeroRequests: podRequests(pod, true),
    hostPorts,
    requiredAffinity: affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [],
    requiredAntiAffinity: affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [],
    preferredAffinity: affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [],
    preferredAntiAffinity: affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [],
  };
  infos.set(pod, info);
  return info;
}

export const hasAffinityTerms = (info: PodInfo) =>
  info.requiredAffinity.length + info.requiredAntiAffinity.length + info.preferredAffinity.length + info.preferredAntiAffinity.length > 0;
