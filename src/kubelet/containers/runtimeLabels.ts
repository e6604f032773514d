// The labels and annotations the kubelet puts on CRI sandboxes and containers, with upstream's
// keys, so that the pod a runtime object belongs to, its container name, restart count, spec
// hash and grace period can be read back from the runtime alone (after a kubelet restart too).
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';

export const POD_NAME = 'io.kubernetes.pod.name';
export const POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const POD_UID = 'io.kubernetes.pod.uid';
export const CONTAINER_NAME = 'io.kubernetes.container.name';
export const CONTAINER_HASH = 'io.kubernetes.container.hash';
export const CONTAINER_RESTART_COUNT = 'io.kubernetes.container.restartCount';
export const TERMINATION_MESSAGE_PATH = 'io.kubernetes.container.terminationMessagePath';
export const TERMINATION_GRACE_PERIOD = 'io.kubernetes.pod.terminationGracePeriod';

export function podLabels(pod: V1Pod): Record<string, string> {
  return { [POD_NAME]: pod.metadata!.name!, [POD_NAMESPACE]: pod.metadata!.namespace!, [POD_UID]: pod.metadata!.uid! };
}

/** What decides that a running container no longer matches its spec: a changed hash restarts it. */
export function containerHash(container: V1Container): string {
  const { name, image, command, args, workingDir, ports, env, envFrom, volumeMounts, securityContext, stdin, tty } = container;
  return createHash('sha256').update(JSON.stringify({ name, image, command, args, workingDir, ports, env, envFrom, volumeMounts, securityContext, stdin, tty })).digest('hex').slice(0, 8);
}

export function containerLabels(pod: V1Pod, container: V1Container): Record<string, string> {
  return { ...podLabels(pod), [CONTAINER_NAME]: container.name };
}

export function containerAnnotations(pod: V1Pod, container: V1Container, restartCount: number): Record<string, string> {
  return {
    [CONTAINER_HASH]: containerHash(container),
    [CONTAINER_RESTART_COUNT]: String(restartCount),
    [TERMINATION_MESSAGE_PATH]: container.terminationMessagePath ?? '/dev/termination-log',
    [TERMINATION_GRACE_PERIOD]: String(pod.spec?.terminationGracePeriodSeconds ?? 30),
  };
}
