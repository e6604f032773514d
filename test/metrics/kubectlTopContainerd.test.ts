// Resource metrics from REAL containerd (Debian's, under a temporary dir): a kubelet on it
// serves /stats/summary and /metrics/resource from containerd's CRI stats and the machine's
// /proc, and `kubectl top` (1.27 and 1.33) through the kubets API server shows a busy-looping
// container using CPU, more than an idle one.
import * as k8s from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kubelet } from '../../src/kubelet/kubelet.js';
import { thisMachine } from '../../src/kubelet/node/machineInfo.js';
import { KubeletServer } from '../../src/kubelet/server/index.js';
import type { Summary } from '../../src/kubelet/stats/index.js';
import { SharedInformerFactory } from '../../src/runtime/cache/index.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';
import { TestContainerd } from '../helpers/containerd.js';
import { eventually, Kubectl, type KubectlVersion } from '../helpers/kubectl.js';

const NODE = 'real-1';
const VERSIONS: KubectlVersion[] = ['1.27', '1.33'];
let containerd: TestContainerd;
let api: TestApiServer;
let server: KubeletServer;
let kubelet: Kubelet;
let informers: SharedInformerFactory;
let core: k8s.CoreV1Api;
let dir: string;

const pod = (name: string, command: string): k8s.V1Pod => ({
  metadata: { name, namespace: 'default' },
  spec: {
    nodeName: NODE, automountServiceAccountToken: false, terminationGracePeriodSeconds: 1,
    containers: [{ name, image: 'busybox', command: ['sh', '-c', command] }],
  },
});

/** A GET to the kubelet with the API server's client certificate (the admin one). */
function kubeletGet(path: string): Promise<{ status: number; body: string }> {
  const pki = join(api.dataDir, 'pki');
  return new Promise((resolve, reject) => {
    request({
      host: server.host, port: server.port, path, rejectUnauthorized: false,
      cert: readFileSync(join(pki, 'admin.crt')), key: readFileSync(join(pki, 'admin.key')),
    }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
}

beforeAll(async () => {
  containerd = await TestContainerd.start();
  api = await startTestApiServer();
  const kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromFile(api.kubeconfig);
  core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  dir = await mkdtemp(join(tmpdir(), 'kubets-top-real-'));
  server = await KubeletServer.start({ clientCa: readFileSync(join(api.dataDir, 'pki', 'ca.crt'), 'utf8') });
  informers = new SharedInformerFactory(kubeConfig);
  kubelet = new Kubelet({
    kubeConfig, cri: containerd.cri, nodeName: NODE, address: '127.0.0.1', machine: thisMachine(10 * 1024 ** 3),
    rootDir: join(dir, 'root'), logDir: join(dir, 'logs'), informers, server, relistMs: 300,
  });
  await kubelet.start();
  await core.createNamespacedPod({ namespace: 'default', body: pod('spin', 'while :; do :; done') });
  await core.createNamespacedPod({ namespace: 'default', body: pod('idle', 'exec sleep 3600') });
  const running = async (name: string) => (await core.readNamespacedPod({ name, namespace: 'default' })).status?.phase === 'Running';
  await eventually(async () => await running('spin') && await running('idle'), 60_000);
}, 120_000);

afterAll(async () => {
  await kubelet?.stop();
  await informers?.stop();
  await server?.close();
  await containerd?.stop();
  await api?.stop();
  if (api) removeDataDir(api);
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

test('the kubelet\'s summary from containerd: the busy container\'s CPU, memory, filesystems', async () => {
  // Only callers with a certificate of the cluster CA are served.
  const anonymous = await new Promise<number>((resolve, reject) => {
    request({ host: server.host, port: server.port, path: '/stats/summary', rejectUnauthorized: false }, (r) => resolve(r.statusCode ?? 0))
      .on('error', reject).end();
  });
  expect(anonymous).toBe(401);
  const { status, body } = await kubeletGet('/stats/summary');
  expect(status).toBe(200);
  const summary = JSON.parse(body) as Summary;
  expect(summary.node.nodeName).toBe(NODE);
  expect(summary.node.cpu!.usageNanoCores).toBeGreaterThan(0);
  expect(summary.node.memory!.workingSetBytes).toBeGreaterThan(0);
  expect(summary.node.fs!.capacityBytes).toBeGreaterThan(0);
  // containerd counts its snapshots' use every few seconds; the filesystem's size is statfs's.
  expect(summary.node.runtime!.imageFs!.capacityBytes).toBeGreaterThan(0);
  const spin = summary.pods.find((p) => p.podRef.name === 'spin')!;
  expect(spin.podRef.namespace).toBe('default');
  const [container] = spin.containers;
  expect(container.name).toBe('spin');
  // A busy loop: a good part of a core.
  expect(container.cpu!.usageNanoCores).toBeGreaterThan(100_000_000);
  expect(container.memory!.workingSetBytes).toBeGreaterThan(0);
  expect(container.rootfs!.capacityBytes).toBeGreaterThan(0);
  // containerd leaves some sample times unset: they read as the time of the request.
  expect(Date.parse(container.rootfs!.time)).toBeGreaterThan(Date.parse(summary.node.startTime));
  expect(spin.network!.name).toBe('eth0');
  expect(summary.node.network!.interfaces!.some((i) => i.name.startsWith('veth'))).toBe(false);
  expect(spin.cpu!.usageCoreNanoSeconds).toBeGreaterThan(0);
  const resource = await kubeletGet('/metrics/resource');
  expect(resource.body).toMatch(/^container_cpu_usage_seconds_total\{container="spin",namespace="default",pod="spin"\} [\d.e+-]+ \d{13}$/m);
  expect(resource.body).toMatch(/^scrape_error 0$/m);
  const metrics = await kubeletGet('/metrics');
  expect(metrics.body).toMatch(/^kubelet_running_pods 2$/m);
  expect(metrics.body).toMatch(/^kubelet_pod_start_duration_seconds_count 2$/m);
});

test.each(VERSIONS)('kubectl %s top: the busy-looping container uses CPU, the node too', async (version) => {
  const kubectl = new Kubectl(version, api.kubeconfig);
  const pods = new Map((await kubectl.ok(['top', 'pod'])).trim().split('\n').slice(1).map((line) => {
    const [name, cpu, memory] = line.trim().split(/\s+/);
    return [name, { cpu: Number(/^(\d+)m$/.exec(cpu)?.[1]), memory }];
  }));
  expect(pods.get('spin')!.cpu).toBeGreaterThan(100);
  expect(pods.get('spin')!.cpu).toBeGreaterThan(pods.get('idle')!.cpu);
  expect(pods.get('spin')!.memory).toMatch(/^\d+Mi$/);
  const [, nodeCpu, , nodeMemory] = (await kubectl.ok(['top', 'node', NODE])).trim().split('\n')[1].trim().split(/\s+/);
  expect(Number(/^(\d+)m$/.exec(nodeCpu)?.[1])).toBeGreaterThan(100);
  expect(nodeMemory).toMatch(/^\d+Mi$/);
});
