// The EndpointSlice controller (upstream's `endpointslice-controller`): every Service with a
// selector has EndpointSlices labelled `kubernetes.io/service-name` and
// `endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io`, owned by the
// Service (so they go with it), holding its pods' endpoints (desiredSlices.ts). Slices already
// right are left alone, others are rewritten in place, missing ones created, extra ones deleted.
import { isDeepStrictEqual } from 'node:util';
import { DiscoveryV1Api, type V1EndpointSlice, type V1Node, type V1Pod, type V1Service } from '@kubernetes/client-node';
import { NAMESPACE_INDEX, type KubeObject } from '../../runtime/cache/index.js';
import type { Controller } from '../../runtime/controller/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import { endpointsLabels, LAST_CHANGE_TRIGGER_TIME, lastChangeTriggerTime, selectedPods, servicesOfPod } from '../endpoints/index.js';
import { desiredSlices, type SliceContent } from './desiredSlices.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';

const codeOf = (error: unknown) => (error as { code?: number }).code;
const same = (a: unknown, b: unknown) => isDeepStrictEqual(a ?? null, b ?? null);
const holds = (slice: V1EndpointSlice, content: SliceContent) => same(slice.ports ?? [], content.ports) && same(slice.endpoints ?? [], content.endpoints);

export function addEndpointSliceController(manager: Manager): Controller {
  const discovery = manager.kubeConfig.makeApiClient(DiscoveryV1Api);
  const services = manager.informers.forResource('/api/v1/services').store;
  const pods = manager.informers.forResource('/api/v1/pods').store;
  const nodes = manager.informers.forResource('/api/v1/nodes').store;
  const slices = manager.informers.forResource('/apis/discovery.k8s.io/v1/endpointslices').store;
  // Slices created and not yet in the cache, per Service: reconciling before they arrive would create them twice.
  const unseen = new Map<string, Set<string>>();
  return manager.controller()
    .named('endpointslice')
    .for('/api/v1/services')
    .watches('/api/v1/pods', (pod: KubeObject) => servicesOfPod(services, pod as V1Pod))
    .owns('/apis/discovery.k8s.io/v1/endpointslices', { kind: 'Service', group: '' })
    .complete(async ({ namespace, name }) => {
      const key = `${namespace}/${name}`;
      const service = services.get(key) as V1Service | undefined;
      if (!service?.spec?.selector) return;
      const existing = (slices.byIndex(NAMESPACE_INDEX, namespace!) as unknown as V1EndpointSlice[]).filter((slice) =>
        slice.metadata?.labels?.[SERVICE_NAME_LABEL] === name && slice.metadata.labels[MANAGED_BY_LABEL] === CONTROLLER_NAME
        && slice.addressType === 'IPv4');
      const waiting = unseen.get(key);
      if (waiting) {
        for (const slice of existing) waiting.delete(slice.metadata!.name!);
        if (waiting.size > 0) return { requeueAfter: 200 };
        unseen.delete(key);
      }
      const selected = selectedPods(pods, service);
      const desired = desiredSlices(service, selected, (node) => nodes.get(node) as V1Node | undefined);
      const labels = { ...endpointsLabels(service), [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: CONTROLLER_NAME };
      const labelled = (slice: V1EndpointSlice) => same(slice.metadata?.labels, labels);
      // Slices already right stay; the rest of the desired contents go into the remaining slices or new ones.
      const free = [...existing];
      const toWrite: SliceContent[] = [];
      for (const content of desired) {
        const index = free.findIndex((slice) => holds(slice, content) && labelled(slice));
        if (index >= 0) free.splice(index, 1);
        else toWrite.push(content);
      }
      const triggerTime = lastChangeTriggerTime(service, selected);
      const owner = { apiVersion: 'v1', kind: 'Service', name, uid: service.metadata!.uid!, controller: true, blockOwnerDeletion: true };
      const created = new Set<string>();
      for (const content of toWrite) {
        const reuse = free.shift();
        const metadata = {
          labels, annotations: { ...reuse?.metadata?.annotations, [LAST_CHANGE_TRIGGER_TIME]: triggerTime }, ownerReferences: [owner],
        };
        const body: V1EndpointSlice = { addressType: 'IPv4', endpoints: content.endpoints, ports: content.ports };
        if (reuse) {
          await discovery.replaceNamespacedEndpointSlice({
            namespace: namespace!, name: reuse.metadata!.name!,
            body: { ...body, metadata: { ...metadata, name: reuse.metadata!.name, namespace, resourceVersion: reuse.metadata!.resourceVersion } },
          });
        } else {
          const made = await discovery.createNamespacedEndpointSlice({ namespace: namespace!, body: { ...body, metadata: { ...metadata, generateName: `${name}-`, namespace } } });
          created.add(made.metadata!.name!);
        }
      }
      for (const slice of free) {
        await discovery.deleteNamespacedEndpointSlice({ namespace: namespace!, name: slice.metadata!.name! }).catch((error) => { if (codeOf(error) !== 404) throw error; });
      }
      if (created.size > 0) unseen.set(key, created);
    });
}
