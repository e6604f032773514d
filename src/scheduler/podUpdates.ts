// What the scheduler writes about pods besides the binding: the PodScheduled=False condition
// (reason Unschedulable, the FailedScheduling message) with status.nominatedNodeName, and for
// preemption victims the DisruptionTarget condition before their deletion.
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Pod } from '@kubernetes/client-node';

const strategicMerge = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export class PodUpdates {
  readonly api: CoreV1Api;

  constructor(kubeConfig: KubeConfig) {
    this.api = kubeConfig.makeApiClient(CoreV1Api);
  }

  /** Sets PodScheduled=False/Unschedulable (and the nominated node), unless already so. */
  async unschedulable(pod: V1Pod, message: string, nominatedNode: string | undefined): Promise<void> {
    const current = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    const sameCondition = current?.status === 'False' && current.reason === 'Unschedulable' && current.message === message;
    if (sameCondition && (nominatedNode === undefined || pod.status?.nominatedNodeName === nominatedNode)) return;
    const condition = { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: now() };
    const status: Record<string, unknown> = { conditions: [condition] };
    if (nominatedNode !== undefined) status.nominatedNodeName = nominatedNode;
    await this.patchStatus(pod, status);
  }

  /** Takes back a nomination (a higher-priority pod claimed the node). */
  async clearNomination(pod: V1Pod): Promise<void> {
    await this.patchStatus(pod, { nominatedNodeName: null });
  }

  /** Marks a preemption victim and deletes it. */
  async evict(victim: V1Pod, scheduler: string): Promise<void> {
    const condition = {
      type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler',
      message: `${scheduler}: preempting to accommodate a higher priority pod`, lastProbeTime: null, lastTransitionTime: now(),
    };
    await this.patchStatus(victim, { conditions: [condition] }).catch(() => undefined);
    await this.api.deleteNamespacedPod({ name: victim.metadata!.name!, namespace: victim.metadata!.namespace! });
  }

  async bind(pod: V1Pod, node: string): Promise<void> {
    const [name, namespace] = [pod.metadata!.name!, pod.metadata!.namespace!];
    await this.api.createNamespacedPodBinding({
      name, namespace,
      body: { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace, uid: pod.metadata?.uid }, target: { apiVersion: 'v1', kind: 'Node', name: node } },
    });
  }

  private async patchStatus(pod: V1Pod, status: Record<string, unknown>): Promise<void> {
    await this.api.patchNamespacedPodStatus({ name: pod.metadata!.name!, namespace: pod.metadata!.namespace!, body: { status } }, strategicMerge);
  }
}
