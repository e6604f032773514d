// The Node a kubelet registers and the status it reports: labels, capacity and allocatable
// (capacity less upstream's default hard eviction thresholds, memory.available<100Mi and
// nodefs.available<10%), addresses, the kubelet's port, nodeInfo, the four conditions with
// upstream's reasons and messages, and the images the runtime holds.
import type { V1ContainerImage, V1Node, V1NodeCondition, V1NodeStatus } from '@kubernetes/client-node';
import { KUBERNETES_VERSION } from '../../api/kubernetesVersion.js';
import type { MachineInfo } from './machineInfo.js';

const EVICTION_MEMORY_BYTES = 100 * 1024 * 1024;
const EVICTION_NODEFS_FRACTION = 0.1;

export interface NodeIdentity {
  name: string;
  address: string;
  kubeletPort: number;
  runtimeVersion: string;
  labels?: Record<string, string>;
}

/** Whether the runtime can run pods; its message when it cannot. */
export interface RuntimeHealth {
  ready: boolean;
  message?: string;
}

const kibibytes = (bytes: number) => `${Math.floor(bytes / 1024)}Ki`;

export function nodeLabels(identity: NodeIdentity, machine: MachineInfo): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': machine.architecture,
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': machine.architecture,
    'kubernetes.io/hostname': identity.name,
    'kubernetes.io/os': 'linux',
    ...identity.labels,
  };
}

function condition(type: string, healthy: boolean, reason: string, message: string, now: Date, healthyStatus = 'False'): V1NodeCondition {
  const status = healthy ? healthyStatus : healthyStatus === 'True' ? 'False' : 'True';
  return { type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: now };
}

export function nodeConditions(runtime: RuntimeHealth, now: Date): V1NodeCondition[] {
  return [
    condition('MemoryPressure', true, 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', now),
    condition('DiskPressure', true, 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', now),
    condition('PIDPressure', true, 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', now),
    runtime.ready
      ? condition('Ready', true, 'KubeletReady', 'kubelet is posting ready status', now, 'True')
      : condition('Ready', false, 'KubeletNotReady', runtime.message ?? 'container runtime is down', now, 'True'),
  ];
}

export function nodeStatus(identity: NodeIdentity, machine: MachineInfo, runtime: RuntimeHealth, images: V1ContainerImage[], now: Date): V1NodeStatus {
  const capacity = {
    cpu: String(machine.cpuCores),
    'ephemeral-storage': kibibytes(machine.ephemeralStorageBytes),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: kibibytes(machine.memoryBytes),
    pods: String(machine.maxPods),
  };
  const allocatable = {
    ...capacity,
    'ephemeral-storage': String(Math.floor(machine.ephemeralStorageBytes * (1 - EVICTION_NODEFS_FRACTION))),
    memory: kibibytes(Math.max(0, machine.memoryBytes - EVICTION_MEMORY_BYTES)),
  };
  return {
    capacity,
    allocatable,
    conditions: nodeConditions(runtime, now),
    addresses: [{ type: 'InternalIP', address: identity.address }, { type: 'Hostname', address: identity.name }],
    daemonEndpoints: { kubeletEndpoint: { Port: identity.kubeletPort } },
    nodeInfo: {
      machineID: machine.machineID,
      systemUUID: machine.systemUUID,
      bootID: machine.bootID,
      kernelVersion: machine.kernelVersion,
      osImage: machine.osImage,
      containerRuntimeVersion: identity.runtimeVersion,
      kubeletVersion: KUBERNETES_VERSION,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: machine.architecture,
    },
    images,
  };
}

export function nodeObject(identity: NodeIdentity, machine: MachineInfo): V1Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: identity.name,
      labels: nodeLabels(identity, machine),
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {},
  };
}
