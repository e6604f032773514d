// `kubets scheduler --kubeconfig` as its own process, two replicas against one API server:
// one holds the kube-system/kube-scheduler Lease and binds the pods, the other stands by;
// when the leader stops (SIGTERM, Lease released) the other takes over and binds the next pod.
import { CoreV1Api, CoordinationV1Api, KubeConfig } from '@kubernetes/client-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';
import { eventually } from '../helpers/kubectl.js';

const CLI = join(import.meta.dirname, '../../src/cli/kubets.ts');
let server: TestApiServer;
let core: CoreV1Api;
let leases: CoordinationV1Api;
const replicas: Array<{ child: ChildProcess; output: string; exited: Promise<number | null> }> = [];

function startReplica(kubeconfig: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'scheduler', '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
  const replica = { child, output: '', exited: new Promise<number | null>((resolve) => child.once('exit', resolve)) };
  child.stdout!.on('data', (d: Buffer) => { replica.output += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { replica.output += d.toString(); });
  replicas.push(replica);
  return replica;
}

beforeAll(async () => {
  server = await startTestApiServer();
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(server.kubeconfig);
  core = kubeConfig.makeApiClient(CoreV1Api);
  leases = kubeConfig.makeApiClient(CoordinationV1Api);
});

afterAll(async () => {
  for (const { child, exited } of replicas) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  }
  await server?.stop();
  removeDataDir(server);
});

const holder = async () => {
  try {
    return (await leases.readNamespacedLease({ name: 'kube-scheduler', namespace: 'kube-system' })).spec?.holderIdentity ?? '';
  } catch {
    return '';
  }
};
const nodeOf = async (name: string) => (await core.readNamespacedPod({ name, namespace: 'default' })).spec?.nodeName;
const pod = (name: string) => ({ metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });

test('two replicas: the Lease holder schedules, the other takes over when it stops', async () => {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await core.createNode({
    body: {
      metadata: { name: 'worker' },
      status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ready', lastHeartbeatTime: new Date(now), lastTransitionTime: new Date(now) }] },
    },
  });
  const first = startReplica(server.kubeconfig);
  await eventually(async () => (await holder()) !== '', 30_000);
  const leader = await holder();
  const second = startReplica(server.kubeconfig);
  await eventually(() => second.output.includes('kubets scheduler: running'), 30_000);

  await core.createNamespacedPod({ namespace: 'default', body: pod('one') });
  await eventually(async () => (await nodeOf('one')) === 'worker', 15_000);
  expect(await holder()).toBe(leader);

  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);
  await eventually(async () => { const now = await holder(); return now !== '' && now !== leader; }, 30_000);
  await core.createNamespacedPod({ namespace: 'default', body: pod('two') });
  await eventually(async () => (await nodeOf('two')) === 'worker', 15_000);
}, 120_000);
