// The endpoints controller (upstream's `endpoints-controller`): every Service with a selector
// has an Endpoints object of its name listing its pods' addresses — ready ones under
// `addresses`, the others under `notReadyAddresses` (all under `addresses` with
// publishNotReadyAddresses) — grouped into subsets by the ports they resolve to. Services
// without a selector keep whatever Endpoints their users write.
import { isDeepStrictEqual } from 'node:util';
import { CoreV1Api, type CoreV1EndpointPort, type V1EndpointAddress, type V1Endpoints, type V1EndpointSubset, type V1Pod, type V1Service } from '@kubernetes/client-node';
import type { KubeObject } from '../../runtime/cache/index.js';
import type { Controller } from '../../runtime/controller/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import { isPodReady } from '../common/podReadiness.js';
import {
  endpointHostname, endpointsLabels, LAST_CHANGE_TRIGGER_TIME, lastChangeTriggerTime, podBelongsInEndpoints, selectedPods, servicesOfPod, targetPortOn,
} from './servicePods.js';

const codeOf = (error: unknown) => (error as { code?: number }).code;

function address(pod: V1Pod, service: V1Service): V1EndpointAddress {
  const hostname = endpointHostname(pod, service);
  return {
    ip: pod.status!.podIP ?? pod.status!.podIPs![0].ip,
    ...(hostname ? { hostname } : {}),
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: { kind: 'Pod', namespace: pod.metadata!.namespace, name: pod.metadata!.name, uid: pod.metadata!.uid },
  };
}

/** The subsets of a Service's pods: one per distinct set of resolved ports, sorted for a stable object. */
export function endpointSubsets(service: V1Service, pods: V1Pod[]): V1EndpointSubset[] {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const byPorts = new Map<string, V1EndpointSubset>();
  for (const pod of pods) {
    if (!podBelongsInEndpoints(pod, publishNotReady)) continue;
    const ports: CoreV1EndpointPort[] = [];
    for (const servicePort of service.spec?.ports ?? []) {
      const port = targetPortOn(pod, servicePort);
      if (port === undefined) continue;
      ports.push({ ...(servicePort.name ? { name: servicePort.name } : {}), port, protocol: servicePort.protocol ?? 'TCP', ...(servicePort.appProtocol ? { appProtocol: servicePort.appProtocol } : {}) });
    }
    // A Service with ports none of which this pod has gets no address from it.
    if ((service.spec?.ports?.length ?? 0) > 0 && ports.length === 0) continue;
    ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
    const key = JSON.stringify(ports);
    const subset = byPorts.get(key) ?? { ports: ports.length ? ports : undefined };
    byPorts.set(key, subset);
    const list = publishNotReady || isPodReady(pod) ? (subset.addresses ??= []) : (subset.notReadyAddresses ??= []);
    list.push(address(pod, service));
  }
  const byIp = (a: V1EndpointAddress, b: V1EndpointAddress) => a.ip.localeCompare(b.ip, undefined, { numeric: true });
  const subsets = [...byPorts.values()];
  for (const subset of subsets) {
    subset.addresses?.sort(byIp);
    subset.notReadyAddresses?.sort(byIp);
    if (!subset.ports) delete subset.ports;
  }
  return subsets.sort((a, b) => JSON.stringify(a.ports ?? []).localeCompare(JSON.stringify(b.ports ?? [])));
}

const same = (a: unknown, b: unknown) => isDeepStrictEqual(a ?? null, b ?? null);

export function addEndpointsController(manager: Manager): Controller {
  const core = manager.kubeConfig.makeApiClient(CoreV1Api);
  const services = manager.informers.forResource('/api/v1/services').store;
  const pods = manager.informers.forResource('/api/v1/pods').store;
  const endpoints = manager.informers.forResource('/api/v1/endpoints').store;
  return manager.controller()
    .named('endpoints')
    .for('/api/v1/services')
    .watches('/api/v1/pods', (pod: KubeObject) => servicesOfPod(services, pod as V1Pod))
    .watches('/api/v1/endpoints', (object: KubeObject) => [{ namespace: object.metadata!.namespace!, name: object.metadata!.name! }])
    .complete(async ({ namespace, name }) => {
      const key = `${namespace}/${name}`;
      const service = services.get(key) as V1Service | undefined;
      const current = endpoints.get(key) as V1Endpoints | undefined;
      if (!service) {
        // The Service went: so do the Endpoints this controller wrote for it (a user's, without the annotation, stay).
        if (current?.metadata?.annotations?.[LAST_CHANGE_TRIGGER_TIME]) await core.deleteNamespacedEndpoints({ namespace: namespace!, name }).catch((error) => { if (codeOf(error) !== 404) throw error; });
        return;
      }
      if (!service.spec?.selector) return;
      const selected = selectedPods(pods, service);
      const subsets = endpointSubsets(service, selected);
      const labels = endpointsLabels(service);
      if (current && same(current.subsets ?? [], subsets) && same(current.metadata?.labels ?? {}, labels)) return;
      const annotations = { ...current?.metadata?.annotations, [LAST_CHANGE_TRIGGER_TIME]: lastChangeTriggerTime(service, selected) };
      const body: V1Endpoints = { metadata: { name, namespace, labels, annotations, resourceVersion: current?.metadata?.resourceVersion }, subsets };
      if (current) await core.replaceNamespacedEndpoints({ namespace: namespace!, name, body });
      else await core.createNamespacedEndpoints({ namespace: namespace!, body });
    });
}
