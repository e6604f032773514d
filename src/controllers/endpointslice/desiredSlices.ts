// What a Service's EndpointSlices should hold: one endpoint per pod with an address (terminating
// pods included, marked so), grouped by the ports they resolve to and cut into slices of at most
// 100 endpoints; a Service with no endpoints keeps one empty placeholder slice.
import type { DiscoveryV1EndpointPort, V1Endpoint, V1Node, V1Pod, V1Service } from '@kubernetes/client-node';
import { isPodReady } from '../common/podReadiness.js';
import { endpointHostname, podBelongsInEndpoints, targetPortOn } from '../endpoints/index.js';

export const MAX_ENDPOINTS_PER_SLICE = 100;
const ZONE_LABEL = 'topology.kubernetes.io/zone';

export interface SliceContent {
  ports: DiscoveryV1EndpointPort[];
  endpoints: V1Endpoint[];
}

function endpointOf(pod: V1Pod, service: V1Service, node: V1Node | undefined): V1Endpoint {
  const serving = service.spec?.publishNotReadyAddresses === true || isPodReady(pod);
  const terminating = Boolean(pod.metadata?.deletionTimestamp);
  const hostname = endpointHostname(pod, service);
  const zone = node?.metadata?.labels?.[ZONE_LABEL];
  return {
    addresses: [pod.status?.podIP ?? pod.status!.podIPs![0].ip],
    conditions: { ready: service.spec?.publishNotReadyAddresses === true || (serving && !terminating), serving, terminating },
    ...(hostname ? { hostname } : {}),
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    ...(zone ? { zone } : {}),
    targetRef: { kind: 'Pod', namespace: pod.metadata!.namespace, name: pod.metadata!.name, uid: pod.metadata!.uid },
  };
}

/** The slices' contents for the Service's IPv4 pods, in a stable order. */
export function desiredSlices(service: V1Service, pods: V1Pod[], nodeOf: (name: string) => V1Node | undefined): SliceContent[] {
  const groups = new Map<string, SliceContent>();
  const sorted = [...pods].sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!));
  for (const pod of sorted) {
    if (!podBelongsInEndpoints(pod, true)) continue;
    if (!(pod.status?.podIP ?? pod.status?.podIPs?.[0]?.ip ?? '').includes('.')) continue;
    const ports: DiscoveryV1EndpointPort[] = [];
    for (const servicePort of service.spec?.ports ?? []) {
      const port = targetPortOn(pod, servicePort);
      if (port === undefined) continue;
      ports.push({ name: servicePort.name ?? '', port, protocol: servicePort.protocol ?? 'TCP', ...(servicePort.appProtocol ? { appProtocol: servicePort.appProtocol } : {}) });
    }
    const key = JSON.stringify(ports);
    const group = groups.get(key) ?? { ports, endpoints: [] };
    groups.set(key, group);
    group.endpoints.push(endpointOf(pod, service, pod.spec?.nodeName ? nodeOf(pod.spec.nodeName) : undefined));
  }
  const slices: SliceContent[] = [];
  for (const { ports, endpoints } of groups.values()) {
    for (let start = 0; start < endpoints.length; start += MAX_ENDPOINTS_PER_SLICE) {
      slices.push({ ports, endpoints: endpoints.slice(start, start + MAX_ENDPOINTS_PER_SLICE) });
    }
  }
  return slices.length ? slices : [{ ports: [], endpoints: [] }];
}
