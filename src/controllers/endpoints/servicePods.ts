// The pods a Service selects and the facts both endpoint controllers take from them: which pods
// belong in endpoints at all, which Services a pod event concerns, the target port a service
// port resolves to on a pod (named ports looked up in the pod's containers) and when the set
// last changed (the `endpoints.kubernetes.io/last-change-trigger-time` annotation).
import type { V1Pod, V1Service, V1ServicePort } from '@kubernetes/client-node';
import { NAMESPACE_INDEX, type IndexReader, type KubeObject } from '../../runtime/cache/index.js';
import type { Request } from '../../runtime/controller/index.js';
import { selectorMatches } from '../common/labelSelector.js';

export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

const selects = (service: V1Service, pod: V1Pod) =>
  service.spec?.selector !== undefined && selectorMatches({ matchLabels: service.spec.selector }, pod.metadata?.labels);

/** Pods of the Service's namespace its selector matches (none for a Service without selector). */
export function selectedPods(pods: IndexReader<KubeObject>, service: V1Service): V1Pod[] {
  if (!service.spec?.selector) return [];
  return (pods.byIndex(NAMESPACE_INDEX, service.metadata!.namespace!) as V1Pod[]).filter((pod) => selects(service, pod));
}

/** The Services (as requests) whose selectors match the pod. */
export function servicesOfPod(services: IndexReader<KubeObject>, pod: V1Pod): Request[] {
  const namespace = pod.metadata?.namespace ?? '';
  return (services.byIndex(NAMESPACE_INDEX, namespace) as V1Service[]).filter((service) => selects(service, pod))
    .map((service) => ({ namespace, name: service.metadata!.name! }));
}

/** Whether the pod has an address to publish, as upstream's ShouldPodBeInEndpoints. */
export function podBelongsInEndpoints(pod: V1Pod, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP && !pod.status?.podIPs?.length) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  const phase = pod.status?.phase;
  switch (pod.spec?.restartPolicy) {
    case 'Never': return phase !== 'Failed' && phase !== 'Succeeded';
    case 'OnFailure': return phase !== 'Succeeded';
    default: return true;
  }
}

/** The port number a service port reaches on the pod, undefined when a named port is not there. */
export function targetPortOn(pod: V1Pod, port: V1ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = port.protocol ?? 'TCP';
  for (const container of pod.spec?.containers ?? []) {
    const found = container.ports?.find((p) => p.name === target && (p.protocol ?? 'TCP') === protocol);
    if (found) return found.containerPort;
  }
  return undefined;
}

/** The pod's hostname in the Service's DNS when its subdomain names the Service. */
export function endpointHostname(pod: V1Pod, service: V1Service): string | undefined {
  return pod.spec?.hostname && pod.spec.subdomain === service.metadata?.name ? pod.spec.hostname : undefined;
}

const time = (value: unknown) => (value ? new Date(value as string).getTime() : 0);

/** The latest change among the Service and its pods (creation, condition transitions, deletion). */
export function lastChangeTriggerTime(service: V1Service, pods: V1Pod[]): string {
  let latest = time(service.metadata?.creationTimestamp);
  for (const pod of pods) {
    latest = Math.max(latest, time(pod.metadata?.creationTimestamp), time(pod.metadata?.deletionTimestamp));
    for (const condition of pod.status?.conditions ?? []) latest = Math.max(latest, time(condition.lastTransitionTime));
  }
  return new Date(latest || Date.now()).toISOString();
}

/** Labels of endpoints objects: the Service's, with the headless mark on Services without a cluster IP. */
export function endpointsLabels(service: V1Service): Record<string, string> {
  const labels = { ...service.metadata?.labels };
  if (service.spec?.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  return labels;
}
