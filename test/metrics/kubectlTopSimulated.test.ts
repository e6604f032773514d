// `kubectl top node` and `kubectl top pod` (1.27 and 1.33) against a kubets API server whose
// metrics.k8s.io API asks the kubelets: two simulated nodes served by one kubelet HTTPS server
// (client certificates checked against the cluster CA, nodes told apart by the Host header),
// pods running on both, and a third Node that claims to be Ready but whose kubelet does not
// answer (left out, as metrics-server leaves out nodes it cannot scrape).
import * as k8s from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inProcessCri, simulator } from '../../src/cri/index.js';
import { Kubelet } from '../../src/kubelet/kubelet.js';
import { simulatedMachine } from '../../src/kubelet/node/machineInfo.js';
import { KubeletServer } from '../../src/kubelet/server/index.js';
import { SharedInformerFactory } from '../../src/runtime/cache/index.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';
import { eventually, Kubectl, type KubectlVersion } from '../helpers/kubectl.js';

const NODES = ['sim-a', 'sim-b'];
const VERSIONS: KubectlVersion[] = ['1.27', '1.33'];
let api: TestApiServer;
let server: KubeletServer;
let informers: SharedInformerFactory;
let kubelets: Kubelet[] = [];
let runtimes: simulator.SimulatedRuntime[] = [];
let core: k8s.CoreV1Api;
let dir: string;

const pod = (name: string, namespace: string, node: string, app: string, containers: string[]): k8s.V1Pod => ({
  metadata: { name, namespace, labels: { app } },
  spec: {
    nodeName: node, automountServiceAccountToken: false,
    containers: containers.map((c) => ({ name: c, image: 'busybox', command: ['sleep', '3600'] })),
  },
});

beforeAll(async () => {
  api = await startTestApiServer();
  const kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromFile(api.kubeconfig);
  core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  dir = await mkdtemp(join(tmpdir(), 'kubets-top-'));
  server = await KubeletServer.start({ clientCa: readFileSync(join(api.dataDir, 'pki', 'ca.crt'), 'utf8') });
  informers = new SharedInformerFactory(kubeConfig);
  runtimes = NODES.map((_, i) => new simulator.SimulatedRuntime({ podCidr: `10.251.${i}.0/24` }));
  kubelets = NODES.map((name, i) => new Kubelet({
    kubeConfig, cri: inProcessCri(runtimes[i]), nodeName: name, address: '127.0.0.1', machine: simulatedMachine(name),
    rootDir: join(dir, name, 'root'), logDir: join(dir, name, 'logs'), informers, server, reachable: false, relistMs: 200,
  }));
  await Promise.all(kubelets.map((k) => k.start()));
  await core.createNamespace({ body: { metadata: { name: 'shop' } } });
  await core.createNamespacedPod({ namespace: 'default', body: pod('web', 'default', 'sim-a', 'web', ['app', 'proxy']) });
  await core.createNamespacedPod({ namespace: 'default', body: pod('db', 'default', 'sim-b', 'db', ['main']) });
  await core.createNamespacedPod({ namespace: 'shop', body: pod('cart', 'shop', 'sim-b', 'cart', ['main']) });
  // A Node that says it is Ready, on a port where no kubelet listens.
  await core.createNode({ body: { metadata: { name: 'ghost', labels: { tier: 'ghost' } } } });
  await core.replaceNodeStatus({ name: 'ghost', body: {
    metadata: { name: 'ghost' },
    status: {
      addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: 1 } },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ready', lastHeartbeatTime: new Date(), lastTransitionTime: new Date() }],
    },
  } });
  await eventually(async () => {
    const { items } = await core.listPodForAllNamespaces();
    return items.filter((p) => p.status?.phase === 'Running').length === 3;
  }, 30_000);
}, 60_000);

afterAll(async () => {
  await Promise.all(kubelets.map((k) => k.stop()));
  await informers?.stop();
  for (const runtime of runtimes) runtime.shutdown();
  await server?.close();
  await api?.stop();
  if (api) removeDataDir(api);
  if (dir) await rm(dir, { recursive: true, force: true });
}, 30_000);

/** The rows of kubectl top's table, by their first column (or first two with -A/--containers). */
function rows(output: string, keyColumns = 1): Map<string, string[]> {
  const lines = output.trim().split('\n').slice(1).map((line) => line.trim().split(/\s+/));
  return new Map(lines.map((cells) => [cells.slice(0, keyColumns).join(' '), cells.slice(keyColumns)]));
}

const millicores = (text: string) => Number(/^(\d+)m$/.exec(text)?.[1] ?? Number.NaN);
const mebibytes = (text: string) => Number(/^(\d+)Mi$/.exec(text)?.[1] ?? Number.NaN);

describe.each(VERSIONS)('kubectl %s', (version) => {
  let kubectl: Kubectl;
  beforeAll(() => {
    kubectl = new Kubectl(version, api.kubeconfig);
  });

  test('top node: each simulated node\'s use, the unreachable node unknown', async () => {
    const table = rows(await kubectl.ok(['top', 'node']));
    for (const name of NODES) {
      const [cpu, cpuPercent, memory, memoryPercent] = table.get(name)!;
      expect(millicores(cpu)).toBeGreaterThan(0);
      expect(cpuPercent).toMatch(/^\d+%$/);
      expect(mebibytes(memory)).toBeGreaterThan(0);
      expect(memoryPercent).toMatch(/^\d+%$/);
    }
    expect(table.get('ghost')).toEqual(['<unknown>', '<unknown>', '<unknown>', '<unknown>']);
    const one = rows(await kubectl.ok(['top', 'node', 'sim-a']));
    expect([...one.keys()]).toEqual(['sim-a']);
    const none = await kubectl.run(['top', 'node', '-l', 'tier=ghost']);
    expect(none.code).not.toBe(0);
  });

  test('top pod: the namespace\'s pods, all namespaces, one pod, label and field selectors', async () => {
    const table = rows(await kubectl.ok(['top', 'pod']));
    expect([...table.keys()].sort()).toEqual(['db', 'web']);
    for (const [cpu, memory] of table.values()) {
      expect(millicores(cpu)).toBeGreaterThan(0);
      expect(mebibytes(memory)).toBeGreaterThan(0);
    }
    const all = rows(await kubectl.ok(['top', 'pod', '-A']), 2);
    expect([...all.keys()].sort()).toEqual(['default db', 'default web', 'shop cart']);
    expect([...rows(await kubectl.ok(['top', 'pod', 'web'])).keys()]).toEqual(['web']);
    expect([...rows(await kubectl.ok(['top', 'pod', '-l', 'app=db'])).keys()]).toEqual(['db']);
    expect([...rows(await kubectl.ok(['top', 'pod', '-n', 'shop', '-l', 'app in (cart,web)'])).keys()]).toEqual(['cart']);
    const onB = rows(await kubectl.ok(['top', 'pod', '-A', '--field-selector', 'spec.nodeName=sim-b']), 2);
    expect([...onB.keys()].sort()).toEqual(['default db', 'shop cart']);
  });

  test('top pod --containers: one row per container', async () => {
    const table = rows(await kubectl.ok(['top', 'pod', 'web', '--containers']), 2);
    expect([...table.keys()].sort()).toEqual(['web app', 'web proxy']);
    for (const [cpu, memory] of table.values()) {
      expect(millicores(cpu)).toBeGreaterThan(0);
      expect(mebibytes(memory)).toBeGreaterThan(0);
    }
  });

  test('explain and get: the group\'s OpenAPI document and tables', async () => {
    const explained = await kubectl.ok(['explain', 'podmetrics.containers']);
    expect(explained).toContain('KIND:       PodMetrics');
    expect(explained).toMatch(/usage\t<map\[string\]Quantity> -required-/);
    expect(await kubectl.ok(['explain', 'nodemetrics.window'])).toMatch(/FIELD:\s+window <string>/);
    const table = await kubectl.ok(['get', 'podmetrics', '-n', 'shop']);
    expect(table.split('\n')[0].trim().split(/\s+/)).toEqual(['NAME', 'CPU', 'MEMORY', 'WINDOW']);
    const [cpu, memory, window] = rows(table).get('cart')!;
    expect(cpu).toMatch(/^[1-9]\d*[num]?$/);
    expect(memory).toMatch(/^[1-9]\d*(Ki|Mi)?$/);
    expect(window).toMatch(/^[\d.]+m?s$/);
    expect([...rows(await kubectl.ok(['get', 'nodemetrics', '-l', 'kubernetes.io/hostname=sim-b'])).keys()]).toEqual(['sim-b']);
  });

  test('top pod of a pod that does not exist: NotFound as metrics-server words it', async () => {
    const result = await kubectl.run(['top', 'pod', 'nothere']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('podmetrics.metrics.k8s.io "default/nothere" not found');
  });
});

test('the documents: NodeMetrics and PodMetrics with timestamp, window and usage', async () => {
  const kubectl = new Kubectl('1.33', api.kubeconfig);
  const nodes = JSON.parse(await kubectl.ok(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/nodes']));
  expect(nodes).toMatchObject({ kind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1' });
  expect(nodes.items.map((n: { metadata: { name: string } }) => n.metadata.name).sort()).toEqual(NODES);
  const node = nodes.items[0];
  expect(node.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(node.window).toMatch(/^[\d.]+m?s$/);
  expect(node.usage.cpu).toMatch(/^\d+[num]?$/);
  expect(node.usage.memory).toMatch(/^\d+(Ki|Mi)?$/);
  const web = JSON.parse(await kubectl.ok(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web']));
  expect(web).toMatchObject({ kind: 'PodMetrics', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } } });
  expect(web.containers.map((c: { name: string }) => c.name)).toEqual(['app', 'proxy']);
  const shop = JSON.parse(await kubectl.ok(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods']));
  expect(shop.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['cart']);
  const watch = await kubectl.run(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/pods?watch=true']);
  expect(watch.stderr).toContain('MethodNotAllowed');
});
