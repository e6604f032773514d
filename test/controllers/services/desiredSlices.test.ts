// What the EndpointSlice controller writes for a Service's pods: at most 100 endpoints a slice,
// terminating pods kept with their conditions, zones from the nodes' labels, pods grouped by the
// ports their named target port resolves to, and an empty placeholder with no pods.
import type { V1Node, V1Pod, V1Service } from '@kubernetes/client-node';
import { desiredSlices, MAX_ENDPOINTS_PER_SLICE } from '../../../src/controllers/endpointslice/index.js';

const service: V1Service = { metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } };

function pod(index: number, options: { ready?: boolean; terminating?: boolean; port?: number; node?: string } = {}): V1Pod {
  return {
    metadata: { name: `web-${String(index).padStart(3, '0')}`, namespace: 'default', uid: `uid-${index}`, ...(options.terminating ? { deletionTimestamp: new Date() } : {}) },
    spec: { nodeName: options.node ?? 'node-a', containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: options.port ?? 8080 }] }] },
    status: { phase: 'Running', podIP: `10.0.${Math.floor(index / 250)}.${(index % 250) + 1}`, conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }] },
  };
}

const nodes: Record<string, V1Node> = { 'node-a': { metadata: { name: 'node-a', labels: { 'topology.kubernetes.io/zone': 'zone-1' } } }, 'node-b': { metadata: { name: 'node-b' } } };

test('150 pods make two slices of 100 and 50', () => {
  const slices = desiredSlices(service, Array.from({ length: 150 }, (_, i) => pod(i)), (name) => nodes[name]);
  expect(MAX_ENDPOINTS_PER_SLICE).toBe(100);
  expect(slices.map((s) => s.endpoints.length)).toEqual([100, 50]);
  expect(slices[0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
  expect(slices[0].endpoints[0]).toEqual({
    addresses: ['10.0.0.1'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'node-a', zone: 'zone-1',
    targetRef: { kind: 'Pod', namespace: 'default', name: 'web-000', uid: 'uid-0' },
  });
});

test('terminating pods stay, not ready but serving while Ready; unready pods neither', () => {
  const [slice] = desiredSlices(service, [pod(0, { terminating: true }), pod(1, { ready: false, node: 'node-b' })], (name) => nodes[name]);
  expect(slice.endpoints.map((e) => e.conditions)).toEqual([
    { ready: false, serving: true, terminating: true },
    { ready: false, serving: false, terminating: false },
  ]);
  expect(slice.endpoints[1].zone).toBeUndefined();
});

test('pods whose named port differs go to slices of their own; no pods leave a placeholder', () => {
  const slices = desiredSlices(service, [pod(0), pod(1, { port: 9090 })], (name) => nodes[name]);
  expect(slices.map((s) => s.ports[0].port).sort()).toEqual([8080, 9090]);
  expect(desiredSlices(service, [], () => undefined)).toEqual([{ ports: [], endpoints: [] }]);
});
