// PodControl: how workload controllers create and delete their pods, as upstream's
// RealPodControl. A pod is made from the controller's template: its labels, annotations,
// finalizers and spec, `generateName: <owner>-`, and the controller ownerReference. Each
// outcome is an event on the controller: SuccessfulCreate "Created pod: <name>", FailedCreate
// "Error creating: <error>", SuccessfulDelete "Deleted pod: <name>", FailedDelete "Error
// deleting: <error>".
import { CoreV1Api, type KubeConfig, type KubernetesObject, type V1Pod, type V1PodTemplateSpec } from '@kubernetes/client-node';
import type { KubeObject } from '../../runtime/cache/index.js';
import type { EventRecorder } from '../../runtime/events/index.js';
import { isNotFound, statusMessage } from './apiErrors.js';
import { controllerRef } from './controllerRef.js';
import { objectReference, type KindRef } from './objectReference.js';

const MAX_NAME_LENGTH = 253;

/** The generateName of a controller's pods: `<name>-` (the bare name if that is too long). */
export function podNamePrefix(controllerName: string): string {
  const prefix = `${controllerName}-`;
  return prefix.length > MAX_NAME_LENGTH ? controllerName : prefix;
}

/** The pod a controller's template describes, owned by the controller. */
export function podFromTemplate(template: V1PodTemplateSpec, owner: KubernetesObject, gvk: KindRef): V1Pod {
  const metadata = template.metadata ?? {};
  const copy = structuredClone({ labels: metadata.labels, annotations: metadata.annotations, finalizers: metadata.finalizers, spec: template.spec });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: podNamePrefix(owner.metadata?.name ?? ''),
      namespace: owner.metadata?.namespace,
      labels: copy.labels ?? {},
      annotations: copy.annotations ?? {},
      ...(copy.finalizers ? { finalizers: copy.finalizers } : {}),
      ownerReferences: [controllerRef(gvk, owner)],
    },
    spec: copy.spec,
  };
}

export class PodControl {
  private readonly core: CoreV1Api;

  constructor(kubeConfig: KubeConfig, private readonly recorder: EventRecorder) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
  }

  /**
   * Creates one pod from the template for `owner`; `customize` may change it before it is sent
   * (a name, labels such as pod-template-hash, a node). Throws what the API server answered.
   */
  async createPod(owner: KubernetesObject, gvk: KindRef, template: V1PodTemplateSpec, customize?: (pod: V1Pod) => void): Promise<V1Pod> {
    const pod = podFromTemplate(template, owner, gvk);
    customize?.(pod);
    const reference = objectReference(gvk, owner as unknown as KubeObject);
    if (Object.keys(pod.metadata?.labels ?? {}).length === 0) {
      throw new Error('unable to create pods, no labels');
    }
    try {
      const created = await this.core.createNamespacedPod({ namespace: owner.metadata?.namespace ?? 'default', body: pod });
      this.recorder.event(reference, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`);
      return created;
    } catch (error) {
      this.recorder.event(reference, 'Warning', 'FailedCreate', `Error creating: ${statusMessage(error)}`);
      throw error;
    }
  }

  /** Deletes a pod of `owner`. A pod already gone throws its NotFound without an event. */
  async deletePod(owner: KubernetesObject, gvk: KindRef, namespace: string, name: string): Promise<void> {
    const reference = objectReference(gvk, owner as unknown as KubeObject);
    try {
      await this.core.deleteNamespacedPod({ namespace, name });
      this.recorder.event(reference, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
    } catch (error) {
      if (!isNotFound(error)) this.recorder.event(reference, 'Warning', 'FailedDelete', `Error deleting: ${statusMessage(error)}`);
      throw error;
    }
  }
}
