// The endpoints and EndpointSlice controllers under `kubets up --nodes 2`, as a user sees them
// with kubectl 1.33: the `kubernetes` Service's endpoints, `kubectl expose` of a Deployment
// whose target port is named, ready and not-ready addresses, publishNotReadyAddresses, the
// slices' labels and conditions, `kubectl describe svc`, and everything going with the Service.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, Kubectl } from '../../helpers/kubectl.js';
import { freePort, startKubets, type KubetsProcess } from '../../helpers/kubetsProcess.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kubets-endpoints-'));
let kubets: KubetsProcess;
let kubectl: Kubectl;
let port: number;

const deployment = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web, tier: front}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Pod
metadata: {name: unready, labels: {app: web}}
spec:
  containers:
  - name: web
    image: busybox
    command: [sh, -c, 'sleep 3600']
    ports: [{name: http, containerPort: 9090}]
    readinessProbe:
      exec: {command: [sh, -c, 'exit 1']}
      periodSeconds: 1
`;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const json = async (args: string[]): Promise<Json> => JSON.parse(await kubectl.ok([...args, '-o', 'json'])) as Json;

beforeAll(async () => {
  port = await freePort();
  kubets = await startKubets(dataDir, port, ['--nodes', '2']);
  kubectl = new Kubectl('1.33', kubets.kubeconfig);
}, 60_000);

afterAll(async () => {
  await kubets?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('the kubernetes Service has the API server as its endpoint', async () => {
  await eventually(async () => (await kubectl.run(['get', 'endpoints', 'kubernetes', '--no-headers'])).stdout.includes(`127.0.0.1:${port}`), 20_000);
  const slice = await json(['get', 'endpointslice', 'kubernetes']);
  expect(slice.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'kubernetes' });
  expect(slice.addressType).toBe('IPv4');
  expect(slice.endpoints).toEqual([{ addresses: ['127.0.0.1'], conditions: { ready: true } }]);
  expect(slice.ports).toEqual([{ name: 'https', port, protocol: 'TCP' }]);
  // Deleted, it comes back.
  await kubectl.ok(['delete', 'endpoints', 'kubernetes']);
  await eventually(async () => (await kubectl.run(['get', 'endpoints', 'kubernetes', '--no-headers'])).stdout.includes(`127.0.0.1:${port}`), 20_000);
}, 60_000);

test('kubectl expose: ready pods under addresses with the named port resolved, the unready one under notReadyAddresses', async () => {
  await kubectl.ok(['apply', '-f', '-'], deployment);
  await kubectl.ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
  await kubectl.ok(['expose', 'deployment', 'web', '--port=80', '--target-port=http']);
  const pods = (await json(['get', 'pods', '-l', 'app=web'])).items as Json[];
  const ready = pods.filter((p) => p.metadata.name !== 'unready');
  const unready = pods.find((p) => p.metadata.name === 'unready')!;
  expect(ready).toHaveLength(3);

  let endpoints: Json = {};
  await eventually(async () => {
    endpoints = await json(['get', 'endpoints', 'web']);
    return endpoints.subsets?.length === 2 && unready.status?.podIP !== undefined;
  }, 30_000);
  const byPort = (p: number) => (endpoints.subsets as Json[]).find((s) => s.ports[0].port === p)!;
  expect(byPort(8080).ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  expect((byPort(8080).addresses as Json[]).map((a) => a.targetRef.name).sort()).toEqual(ready.map((p) => p.metadata.name).sort());
  expect(byPort(8080).notReadyAddresses).toBeUndefined();
  expect(byPort(9090).addresses).toBeUndefined();
  expect(byPort(9090).notReadyAddresses).toEqual([{
    ip: (await json(['get', 'pod', 'unready'])).status.podIP, nodeName: unready.spec.nodeName,
    targetRef: { kind: 'Pod', name: 'unready', namespace: 'default', uid: unready.metadata.uid },
  }]);
  expect(endpoints.metadata.labels).toEqual({ app: 'web', tier: 'front' });
  expect(Date.parse(endpoints.metadata.annotations['endpoints.kubernetes.io/last-change-trigger-time'])).toBeGreaterThan(0);

  const listed = await kubectl.ok(['get', 'endpoints', 'web', '--no-headers']);
  for (const pod of ready) expect(listed).toContain(`${pod.status.podIP}:8080`);
  expect(await kubectl.ok(['describe', 'svc', 'web'])).toMatch(/TargetPort:\s+http\/TCP\nEndpoints:\s+\S*:8080/);

  // The slices: one per port set, managed by the controller, owned by the Service.
  const slices = (await json(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web'])).items as Json[];
  expect(slices).toHaveLength(2);
  for (const slice of slices) {
    expect(slice.metadata.labels['endpointslice.kubernetes.io/managed-by']).toBe('endpointslice-controller.k8s.io');
    expect(slice.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Service', name: 'web', controller: true, blockOwnerDeletion: true })]);
    expect(slice.metadata.generateName).toBe('web-');
    expect(slice.addressType).toBe('IPv4');
  }
  const of = (p: number) => slices.find((s) => s.ports[0].port === p)!;
  expect(of(8080).ports).toEqual([{ name: '', port: 8080, protocol: 'TCP' }]);
  expect((of(8080).endpoints as Json[]).map((e) => e.conditions)).toEqual([
    { ready: true, serving: true, terminating: false }, { ready: true, serving: true, terminating: false }, { ready: true, serving: true, terminating: false },
  ]);
  const unreadyEndpoint = (of(9090).endpoints as Json[])[0];
  expect(unreadyEndpoint.conditions).toEqual({ ready: false, serving: false, terminating: false });
  expect(unreadyEndpoint.nodeName).toBe(unready.spec.nodeName);
  expect(unreadyEndpoint.targetRef).toEqual({ kind: 'Pod', name: 'unready', namespace: 'default', uid: unready.metadata.uid });
  const wide = await kubectl.ok(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '--no-headers']);
  expect(wide).toMatch(/web-\w{5}\s+IPv4\s+8080\s+\S+,\S+,\S+/);
}, 120_000);

test('publishNotReadyAddresses puts every pod under addresses and marks them ready in slices', async () => {
  await kubectl.ok(['patch', 'svc', 'web', '--type=merge', '-p', '{"spec":{"publishNotReadyAddresses":true}}']);
  await eventually(async () => {
    const endpoints = await json(['get', 'endpoints', 'web']);
    return (endpoints.subsets as Json[]).every((s) => s.notReadyAddresses === undefined && s.addresses?.length);
  }, 20_000);
  await eventually(async () => {
    const slices = (await json(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web'])).items as Json[];
    return slices.flatMap((s) => s.endpoints as Json[]).every((e) => e.conditions.ready === true && e.conditions.serving === true);
  }, 20_000);
}, 60_000);

test('pods leaving the selector leave the endpoints; the Service gone takes its Endpoints and slices', async () => {
  await kubectl.ok(['label', 'pod', 'unready', 'app=other', '--overwrite']);
  await eventually(async () => (await json(['get', 'endpoints', 'web'])).subsets?.length === 1, 20_000);
  await kubectl.ok(['delete', 'svc', 'web']);
  await eventually(async () => (await kubectl.run(['get', 'endpoints', 'web'])).stderr.includes('NotFound'), 20_000);
  await eventually(async () => (await kubectl.ok(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '--no-headers', '--ignore-not-found'])).trim() === '', 20_000);
}, 60_000);
