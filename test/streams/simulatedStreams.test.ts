// Logs and exec on simulated nodes, with stock kubectl 1.27 (SPDY) and 1.33 (WebSocket v5, which
// the API server translates to SPDY): two simulated node agents share ONE kubelet server (the
// way many simulated nodes of a process are served without a listener each), which routes each
// request to the node the pod is bound to; exec reaches the simulator's stream server over SPDY.
import * as k8s from '@kubernetes/client-node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inProcessCri, simulator } from '../../src/cri/index.js';
import { startEnvironment, type Environment } from '../../src/envtest/index.js';
import { Kubelet } from '../../src/kubelet/kubelet.js';
import { simulatedMachine } from '../../src/kubelet/node/machineInfo.js';
import { KubeletServer } from '../../src/kubelet/server/index.js';
import { SharedInformerFactory } from '../../src/runtime/cache/index.js';
import { eventually, Kubectl, type KubectlVersion } from '../helpers/kubectl.js';

const NODES = ['sim-a', 'sim-b'];
let env: Environment;
let streams: simulator.StreamServer;
let server: KubeletServer;
let informers: SharedInformerFactory;
let kubelets: Kubelet[] = [];
let core: k8s.CoreV1Api;
let dir: string;

beforeAll(async () => {
  env = await startEnvironment();
  core = env.kubeconfig.makeApiClient(k8s.CoreV1Api);
  dir = mkdtempSync(join(tmpdir(), 'kubets-simstreams-'));
  streams = await simulator.StreamServer.start();
  server = await KubeletServer.start();
  informers = new SharedInformerFactory(env.kubeconfig);
  kubelets = NODES.map((nodeName, i) => new Kubelet({
    kubeConfig: env.kubeconfig, cri: inProcessCri(new simulator.SimulatedRuntime({ podCidr: `10.244.${i}.0/24`, streams })),
    nodeName, address: '127.0.0.1', machine: simulatedMachine(nodeName), rootDir: join(dir, nodeName), logDir: join(dir, nodeName, 'logs'),
    informers, server, reachable: false, relistMs: 200,
  }));
  for (const kubelet of kubelets) await kubelet.start();
  for (const node of NODES) {
    await core.createNamespacedPod({ namespace: 'default', body: {
      metadata: { name: `on-${node}`, namespace: 'default' },
      spec: { nodeName: node, automountServiceAccountToken: false, containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', `echo hello from ${node}; sleep 3600`] }] },
    } });
  }
  await eventually(async () => (await Promise.all(NODES.map((n) => core.readNamespacedPod({ name: `on-${n}`, namespace: 'default' }))))
    .every((pod) => pod.status?.phase === 'Running'), 20_000);
}, 60_000);

afterAll(async () => {
  for (const kubelet of kubelets) await kubelet.stop();
  await informers?.stop();
  await server?.close();
  await streams?.close();
  await env?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('every simulated node advertises the one shared kubelet server', async () => {
  for (const node of NODES) {
    const { status } = await core.readNode({ name: node });
    expect(status?.daemonEndpoints?.kubeletEndpoint?.Port).toBe(server.port);
    expect(status?.addresses).toContainEqual({ type: 'InternalIP', address: '127.0.0.1' });
  }
});

describe.each(['1.27', '1.33'] as KubectlVersion[])('kubectl %s', (version) => {
  const kubectl = () => new Kubectl(version, env.kubeconfigPath);

  test('logs and exec reach the node each pod is bound to', async () => {
    for (const node of NODES) {
      await eventually(async () => (await kubectl().run(['logs', `on-${node}`])).stdout === `hello from ${node}\n`, 10_000);
      expect(await kubectl().ok(['exec', `on-${node}`, '--', 'cat', '/etc/hostname'])).toBe(`on-${node}\n`);
      const failed = await kubectl().run(['exec', `on-${node}`, '--', 'sh', '-c', 'echo bye; exit 4']);
      expect([failed.code, failed.stdout]).toEqual([4, 'bye\n']);
    }
  }, 60_000);
});
