// What a kubelet request addresses, found on the node: a container's log file (the current or
// the previous instance, refused as the kubelet refuses when there is none yet), the running
// container of a name for exec and attach, the ready sandbox of a pod for port-forward. Errors
// carry the HTTP code and the kubelet's words.
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { Cri } from '../../cri/services.js';
import type { ContainerStatus } from '../../cri/types.js';
import type { NodeStats } from '../stats/index.js';
import { readRuntimePod, readySandbox } from '../pods/runtimePod.js';

/** One node a kubelet server serves: its runtime and the pods bound to it. */
export interface ServedNode {
  name: string;
  cri: Cri;
  /** The pod of that namespace and name bound to this node, if any. */
  pod(namespace: string, name: string): V1Pod | undefined;
  /** Its statistics, for /stats/summary, /metrics/resource and /metrics. */
  stats?: NodeStats;
}

export class KubeletError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

const runtimeId = (containerId: string | undefined) => containerId?.replace(/^[\w-]+:\/\//, '') ?? '';

function containerStatusOf(pod: V1Pod, name: string): V1ContainerStatus | undefined {
  const status = pod.status;
  return [...status?.containerStatuses ?? [], ...status?.initContainerStatuses ?? [], ...status?.ephemeralContainerStatuses ?? []]
    .find((s) => s.name === name);
}

/** The runtime ID of the container whose log is asked for, as the kubelet picks it from the pod's status. */
function loggedContainerId(pod: V1Pod, name: string, previous: boolean): string {
  const podName = pod.metadata!.name!;
  const status = containerStatusOf(pod, name);
  if (!status) throw new KubeletError(400, `container "${name}" in pod "${podName}" is not available`);
  const { running, terminated, waiting } = status.state ?? {};
  const last = status.lastState?.terminated;
  if (previous) {
    if (!last?.containerID) throw new KubeletError(400, `previous terminated container "${name}" in pod "${podName}" not found`);
    return last.containerID;
  }
  if (running) return status.containerID ?? '';
  if (terminated) {
    const id = terminated.containerID || last?.containerID;
    if (!id) throw new KubeletError(400, `container "${name}" in pod "${podName}" is terminated`);
    return id;
  }
  if (last) {
    if (!last.containerID) throw new KubeletError(400, `container "${name}" in pod "${podName}" is terminated`);
    return last.containerID;
  }
  if (waiting) {
    const why = waiting.reason === 'ErrImagePull' ? 'image can\'t be pulled'
      : waiting.reason === 'ImagePullBackOff' ? 'trying and failing to pull image' : waiting.reason;
    throw new KubeletError(400, `container "${name}" in pod "${podName}" is waiting to start: ${why}`);
  }
  throw new KubeletError(400, `container "${name}" in pod "${podName}" is waiting to start - no logs yet`);
}

export function podOn(node: ServedNode, namespace: string, name: string): V1Pod {
  const pod = node.pod(namespace, name);
  if (!pod) throw new KubeletError(404, `pod "${name}" does not exist`);
  return pod;
}

/** The log file to read and a way to tell whether its container still runs. */
export async function logTarget(node: ServedNode, pod: V1Pod, container: string, previous: boolean): Promise<{ path: string; running: () => Promise<boolean> }> {
  const id = runtimeId(loggedContainerId(pod, container, previous));
  const { status } = await node.cri.runtime.containerStatus({ containerId: id }).catch(() => ({ status: null }));
  if (!status?.logPath) throw new KubeletError(400, `container "${container}" in pod "${pod.metadata!.name}" is not available`);
  const running = async () => {
    const now = await node.cri.runtime.containerStatus({ containerId: id }).catch(() => ({ status: null }));
    return now.status?.state === 'CONTAINER_RUNNING';
  };
  return { path: status.logPath, running };
}

/** The running instance of a container, for exec and attach. */
export async function runningContainer(node: ServedNode, pod: V1Pod, container: string): Promise<ContainerStatus> {
  const runtimePod = await readRuntimePod(node.cri, pod.metadata!.uid!);
  const running = runtimePod.containers.get(container)?.find((c) => c.state === 'CONTAINER_RUNNING');
  if (!running) throw new KubeletError(404, `container not found ("${container}")`);
  return running;
}

/** The ID of the pod's ready sandbox, for port-forward. */
export async function podSandboxId(node: ServedNode, pod: V1Pod): Promise<string> {
  const sandbox = readySandbox(await readRuntimePod(node.cri, pod.metadata!.uid!));
  if (!sandbox) throw new KubeletError(404, `pod "${pod.metadata!.name}" has no running sandbox`);
  return sandbox.id;
}
