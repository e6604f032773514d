// The CRI PodSandboxConfig of a pod: its metadata, hostname (none for host-network pods, which
// the runtime refuses otherwise), log directory, DNS, host port mappings, labels, annotations,
// and the Linux part: cgroup parent, namespaces and the pod's security context.
import type { V1Pod } from '@kubernetes/client-node';
import type { DeepPartial, PodSandboxConfig, Protocol } from '../../cri/types.js';
import { podLabels } from '../containers/runtimeLabels.js';
import { podCgroupParent } from '../containers/resources.js';

export function sandboxConfig(pod: V1Pod, attempt: number, logDirectory: string, dns: { servers: string[]; searches: string[]; options: string[] }): DeepPartial<PodSandboxConfig> {
  const spec = pod.spec!;
  const security = spec.securityContext;
  return {
    metadata: { name: pod.metadata!.name!, namespace: pod.metadata!.namespace!, uid: pod.metadata!.uid!, attempt },
    hostname: spec.hostNetwork ? '' : (spec.hostname || pod.metadata!.name!).slice(0, 63),
    logDirectory,
    dnsConfig: dns,
    portMappings: spec.containers.flatMap((c) => (c.ports ?? []).filter((p) => p.hostPort).map((p) => ({
      protocol: (p.protocol ?? 'TCP') as Protocol, containerPort: p.containerPort, hostPort: p.hostPort!, hostIp: p.hostIP ?? '',
    }))),
    labels: { ...pod.metadata?.labels, ...podLabels(pod) },
    annotations: { ...pod.metadata?.annotations },
    linux: {
      cgroupParent: podCgroupParent(pod),
      securityContext: {
        namespaceOptions: {
          network: spec.hostNetwork ? 'NODE' : 'POD',
          pid: spec.hostPID ? 'NODE' : spec.shareProcessNamespace ? 'POD' : 'CONTAINER',
          ipc: spec.hostIPC ? 'NODE' : 'POD',
        },
        ...(security?.runAsUser !== undefined ? { runAsUser: { value: security.runAsUser } } : {}),
        ...(security?.runAsGroup !== undefined ? { runAsGroup: { value: security.runAsGroup } } : {}),
        supplementalGroups: security?.supplementalGroups ?? [],
      },
      sysctls: Object.fromEntries((security?.sysctls ?? []).map((s) => [s.name, s.value])),
    },
  };
}
