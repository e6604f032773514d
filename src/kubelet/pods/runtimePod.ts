// What the runtime holds of one pod, read back from CRI by the pod UID label: its sandboxes
// (newest first) and the status of every container, grouped by container name with the
// newest attempt first. This is the whole of the kubelet's memory of a pod's containers, so a
// restarted kubelet picks up exactly where the runtime is.
import type { Cri } from '../../cri/services.js';
import type { ContainerStatus, PodSandboxStatus } from '../../cri/types.js';
import { CONTAINER_NAME, CONTAINER_RESTART_COUNT, POD_UID } from '../containers/runtimeLabels.js';

export interface RuntimePod {
  sandboxes: PodSandboxStatus[];
  /** Container name → its containers, newest first. */
  containers: Map<string, ContainerStatus[]>;
}

export const restartCountOf = (status: ContainerStatus) => Number(status.annotations[CONTAINER_RESTART_COUNT] ?? status.metadata?.attempt ?? 0);

export async function readRuntimePod(cri: Cri, uid: string): Promise<RuntimePod> {
  const selector = { labelSelector: { [POD_UID]: uid } };
  const [{ items }, { containers }] = await Promise.all([
    cri.runtime.listPodSandbox({ filter: selector }),
    cri.runtime.listContainers({ filter: selector }),
  ]);
  const sandboxes = (await Promise.all(items.map((s) => cri.runtime.podSandboxStatus({ podSandboxId: s.id }).then((r) => r.status).catch(() => null))))
    .filter((s): s is PodSandboxStatus => s !== null)
    .sort((a, b) => b.createdAt - a.createdAt);
  const statuses = (await Promise.all(containers.map((c) => cri.runtime.containerStatus({ containerId: c.id }).then((r) => r.status).catch(() => null))))
    .filter((s): s is ContainerStatus => s !== null);
  const byName = new Map<string, ContainerStatus[]>();
  for (const status of statuses) {
    const name = status.labels[CONTAINER_NAME] ?? status.metadata?.name ?? '';
    byName.set(name, [...(byName.get(name) ?? []), status]);
  }
  for (const list of byName.values()) list.sort((a, b) => restartCountOf(b) - restartCountOf(a) || b.createdAt - a.createdAt);
  return { sandboxes, containers: byName };
}

/** The sandbox the pod's containers run in: the newest, if it is ready. */
export function readySandbox(pod: RuntimePod): PodSandboxStatus | undefined {
  const newest = pod.sandboxes[0];
  return newest?.state === 'SANDBOX_READY' ? newest : undefined;
}
