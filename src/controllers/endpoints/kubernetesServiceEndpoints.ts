// The `kubernetes` Service's Endpoints and EndpointSlice in `default`: the API server's
// address (the host of the kubeconfig's server URL) and the Service's target port, named
// `https`. Upstream the API server keeps them itself; kubets' controller manager does, and
// writes them again whenever someone changes or deletes them.
import { isDeepStrictEqual } from 'node:util';
import { CoreV1Api, DiscoveryV1Api, type V1Endpoints, type V1EndpointSlice, type V1Service } from '@kubernetes/client-node';
import { isIP } from 'node:net';
import type { KubeObject } from '../../runtime/cache/index.js';
import type { Controller } from '../../runtime/controller/index.js';
import type { Manager } from '../../runtime/manager/index.js';

const NAMESPACE = 'default';
const NAME = 'kubernetes';
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const codeOf = (error: unknown) => (error as { code?: number }).code;
const same = (a: unknown, b: unknown) => isDeepStrictEqual(a ?? null, b ?? null);
const isKubernetes = (object: KubeObject) => object.metadata?.namespace === NAMESPACE && object.metadata?.name === NAME;

/** The API server's address as the controller manager reaches it. */
function apiServerAddress(server: string): { ip: string; addressType: 'IPv4' | 'IPv6' } {
  const host = new URL(server).hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  if (family === 6) return { ip: host, addressType: 'IPv6' };
  return { ip: family === 4 ? host : '127.0.0.1', addressType: 'IPv4' };
}

export function addKubernetesServiceEndpoints(manager: Manager): Controller {
  const core = manager.kubeConfig.makeApiClient(CoreV1Api);
  const discovery = manager.kubeConfig.makeApiClient(DiscoveryV1Api);
  const services = manager.informers.forResource('/api/v1/services').store;
  const endpoints = manager.informers.forResource('/api/v1/endpoints').store;
  const slices = manager.informers.forResource('/apis/discovery.k8s.io/v1/endpointslices').store;
  const kubernetesOnly = { predicates: [(event: { object: KubeObject }) => isKubernetes(event.object)] };
  const request = () => [{ namespace: NAMESPACE, name: NAME }];
  return manager.controller()
    .named('kubernetes-service-endpoints')
    .for('/api/v1/services', kubernetesOnly)
    .watches('/api/v1/endpoints', request, kubernetesOnly)
    .watches('/apis/discovery.k8s.io/v1/endpointslices', request, kubernetesOnly)
    .complete(async () => {
      const key = `${NAMESPACE}/${NAME}`;
      const service = services.get(key) as V1Service | undefined;
      const servicePort = service?.spec?.ports?.find((p) => p.name === 'https') ?? service?.spec?.ports?.[0];
      if (!servicePort) return;
      const port = Number(servicePort.targetPort ?? servicePort.port);
      const { ip, addressType } = apiServerAddress(manager.kubeConfig.getCurrentCluster()!.server);
      const labels = { 'endpointslice.kubernetes.io/skip-mirror': 'true' };
      const subsets = [{ addresses: [{ ip }], ports: [{ name: 'https', port, protocol: 'TCP' }] }];
      const currentEndpoints = endpoints.get(key) as V1Endpoints | undefined;
      if (!currentEndpoints || !same(currentEndpoints.subsets, subsets) || !same(currentEndpoints.metadata?.labels, labels)) {
        const body: V1Endpoints = { metadata: { name: NAME, namespace: NAMESPACE, labels, resourceVersion: currentEndpoints?.metadata?.resourceVersion }, subsets };
        if (currentEndpoints) await core.replaceNamespacedEndpoints({ namespace: NAMESPACE, name: NAME, body });
        else await core.createNamespacedEndpoints({ namespace: NAMESPACE, body }).catch((error) => { if (codeOf(error) !== 409) throw error; });
      }
      const sliceLabels = { [SERVICE_NAME_LABEL]: NAME };
      const sliceEndpoints = [{ addresses: [ip], conditions: { ready: true } }];
      const slicePorts = [{ name: 'https', port, protocol: 'TCP' }];
      const currentSlice = slices.get(key) as V1EndpointSlice | undefined;
      if (currentSlice && currentSlice.addressType === addressType && same(currentSlice.endpoints, sliceEndpoints)
        && same(currentSlice.ports, slicePorts) && same(currentSlice.metadata?.labels, sliceLabels)) return;
      const slice: V1EndpointSlice = {
        metadata: { name: NAME, namespace: NAMESPACE, labels: sliceLabels, resourceVersion: currentSlice?.metadata?.resourceVersion },
        addressType, endpoints: sliceEndpoints, ports: slicePorts,
      };
      if (currentSlice && currentSlice.addressType === addressType) await discovery.replaceNamespacedEndpointSlice({ namespace: NAMESPACE, name: NAME, body: slice });
      else {
        // addressType cannot change: a slice of the other family is replaced.
        if (currentSlice) await discovery.deleteNamespacedEndpointSlice({ namespace: NAMESPACE, name: NAME });
        await discovery.createNamespacedEndpointSlice({ namespace: NAMESPACE, body: { ...slice, metadata: { ...slice.metadata, resourceVersion: undefined } } })
          .catch((error) => { if (codeOf(error) !== 409) throw error; });
      }
    });
}
