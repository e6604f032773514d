// Events about a pod and its containers, as the kubelet records them: the pod as involved
// object, with the container's field path (`spec.containers{web}`,
// `spec.initContainers{setup}`) for container events.
import type { V1Pod } from '@kubernetes/client-node';
import type { EventType, InvolvedObject } from '../../runtime/events/index.js';
import type { ContainerEvents } from '../containers/imagePuller.js';

export interface EventSink {
  event(object: InvolvedObject, type: EventType, reason: string, message: string): void;
}

export function podReference(pod: V1Pod, fieldPath?: string): InvolvedObject {
  const { name, namespace, uid, resourceVersion } = pod.metadata ?? {};
  return { apiVersion: 'v1', kind: 'Pod', name, namespace, uid, resourceVersion, ...(fieldPath ? { fieldPath } : {}) };
}

export function containerFieldPath(pod: V1Pod, containerName: string): string {
  const init = (pod.spec?.initContainers ?? []).some((c) => c.name === containerName);
  return `spec.${init ? 'initContainers' : 'containers'}{${containerName}}`;
}

export function containerEvents(sink: EventSink, pod: V1Pod, containerName: string): ContainerEvents {
  const ref = podReference(pod, containerFieldPath(pod, containerName));
  return {
    normal: (reason, message) => sink.event(ref, 'Normal', reason, message),
    warning: (reason, message) => sink.event(ref, 'Warning', reason, message),
  };
}
