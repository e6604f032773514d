// The simulated runtime at scale: `kubets up --nodes 500` registers 500 Ready nodes from one
// process, and a pod bound to each of them runs (Running, with a pod IP from its node's CIDR).
import * as k8s from '@kubernetes/client-node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../helpers/kubectl.js';
import { freePort, startKubets, type KubetsProcess } from '../helpers/kubetsProcess.js';

const NODES = 500;
const dataDir = mkdtempSync(join(tmpdir(), 'kubets-500-'));
let kubets: KubetsProcess;
let core: k8s.CoreV1Api;

beforeAll(async () => {
  kubets = await startKubets(dataDir, await freePort(), ['--nodes', String(NODES)]);
  const kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromFile(kubets.kubeconfig);
  core = kubeConfig.makeApiClient(k8s.CoreV1Api);
}, 60_000);

afterAll(async () => {
  await kubets?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const ready = (node: k8s.V1Node) => node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

test(`${NODES} simulated nodes register Ready and run a pod each`, async () => {
  await eventually(async () => (await core.listNode()).items.filter(ready).length === NODES, 60_000);
  const names = (await core.listNode()).items.map((n) => n.metadata!.name!);
  for (let i = 0; i < names.length; i += 50) {
    await Promise.all(names.slice(i, i + 50).map((node) => core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: `on-${node}` }, spec: { nodeName: node, containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }] } },
    })));
  }
  await eventually(async () => (await core.listNamespacedPod({ namespace: 'default' })).items.filter((p) => p.status?.phase === 'Running').length === NODES, 90_000);
  const pods = (await core.listNamespacedPod({ namespace: 'default' })).items;
  expect(new Set(pods.map((p) => p.status?.podIP)).size).toBe(NODES);
  const onFirst = pods.find((p) => p.spec?.nodeName === 'kubets-node-1');
  expect(onFirst?.status?.podIP).toMatch(/^10\.128\.0\./);
}, 180_000);
