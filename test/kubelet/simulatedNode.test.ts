// The node agent on the simulated runtime, against a real kubets API server (envtest): it
// registers a Ready Node with capacity and nodeInfo and a Lease in kube-node-lease; a pod bound
// to it runs (Running, pod IP, container statuses, events); a crashing container is restarted
// with CrashLoopBackOff; a missing image waits in ErrImagePull/ImagePullBackOff; a missing
// ConfigMap key gives CreateContainerConfigError; a deleted pod is stopped and removed.
import * as k8s from '@kubernetes/client-node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inProcessCri, simulator } from '../../src/cri/index.js';
import { startEnvironment, type Environment } from '../../src/envtest/index.js';
import { Kubelet } from '../../src/kubelet/kubelet.js';
import { simulatedMachine } from '../../src/kubelet/node/machineInfo.js';
import { addRootCaCertPublisher, addServiceAccountsController } from '../../src/controllers/index.js';
import { SharedInformerFactory } from '../../src/runtime/cache/index.js';
import { Manager } from '../../src/runtime/manager/index.js';
import { eventually } from '../helpers/kubectl.js';

const NODE = 'sim-1';
let env: Environment;
let kubelet: Kubelet;
let informers: SharedInformerFactory;
let core: k8s.CoreV1Api;
let dir: string;
let controllers: Manager;

beforeAll(async () => {
  env = await startEnvironment();
  core = env.kubeconfig.makeApiClient(k8s.CoreV1Api);
  // The accounts and CA bundle every pod's projected token volume needs.
  controllers = new Manager(env.kubeconfig);
  addServiceAccountsController(controllers);
  addRootCaCertPublisher(controllers);
  await controllers.start();
  dir = mkdtempSync(join(tmpdir(), 'kubets-kubelet-'));
  informers = new SharedInformerFactory(env.kubeconfig);
  const runtime = new simulator.SimulatedRuntime({ podCidr: '10.244.1.0/24' });
  kubelet = new Kubelet({
    kubeConfig: env.kubeconfig, cri: inProcessCri(runtime), nodeName: NODE, address: '10.0.0.11',
    machine: simulatedMachine(NODE), rootDir: join(dir, 'root'), logDir: join(dir, 'logs'), informers,
    reachable: false, relistMs: 200,
  });
  await kubelet.start();
}, 30_000);

afterAll(async () => {
  await kubelet?.stop();
  await informers?.stop();
  await controllers?.stop();
  await env?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const pod = (name: string, container: Partial<k8s.V1Container>, spec: Partial<k8s.V1PodSpec> = {}): k8s.V1Pod => ({
  metadata: { name, namespace: 'default' },
  spec: { nodeName: NODE, containers: [{ name: 'main', image: 'busybox', ...container }], ...spec },
});
const read = (name: string) => core.readNamespacedPod({ name, namespace: 'default' });
const events = async (name: string) => (await core.listNamespacedEvent({ namespace: 'default', fieldSelector: `involvedObject.name=${name}` })).items;

test('the node registers Ready with its capacity, nodeInfo and a Lease', async () => {
  const node = await core.readNode({ name: NODE });
  expect(node.metadata?.labels).toMatchObject({ 'kubernetes.io/hostname': NODE, 'kubernetes.io/os': 'linux' });
  expect(node.status?.capacity).toMatchObject({ cpu: '32', pods: '110' });
  expect(node.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
  expect(node.status?.nodeInfo?.kubeletVersion).toMatch(/^v1\.33\./);
  expect(node.status?.addresses).toContainEqual({ type: 'InternalIP', address: '10.0.0.11' });
  const lease = await env.kubeconfig.makeApiClient(k8s.CoordinationV1Api).readNamespacedLease({ name: NODE, namespace: 'kube-node-lease' });
  expect(lease.spec?.holderIdentity).toBe(NODE);
  expect(lease.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Node', name: NODE, uid: node.metadata?.uid });
});

test('a pod runs: Running with a pod IP, ready containers, conditions and events', async () => {
  await core.createNamespacedPod({ namespace: 'default', body: pod('web', { command: ['sh', '-c', 'echo hello; sleep 3600'] }) });
  await eventually(async () => (await read('web')).status?.phase === 'Running');
  const { status } = await read('web');
  expect(status?.podIP).toMatch(/^10\.244\.1\./);
  expect(status?.hostIP).toBe('10.0.0.11');
  expect(status?.containerStatuses?.[0]).toMatchObject({ name: 'main', ready: true, restartCount: 0, started: true });
  expect(status?.containerStatuses?.[0].containerID).toMatch(/^[\w-]+:\/\/[0-9a-f]+$/);
  expect(status?.containerStatuses?.[0].state?.running?.startedAt).toBeDefined();
  expect(status?.conditions?.map((c) => [c.type, c.status])).toEqual(expect.arrayContaining([
    ['PodReadyToStartContainers', 'True'], ['Initialized', 'True'], ['Ready', 'True'], ['ContainersReady', 'True'],
  ]));
  await eventually(async () => (await events('web')).some((e) => e.reason === 'Started'));
  const reasons = (await events('web')).map((e) => e.reason);
  expect(reasons).toEqual(expect.arrayContaining(['Pulled', 'Created', 'Started']));
});

test('a crashing container is restarted, then waits in CrashLoopBackOff', async () => {
  await core.createNamespacedPod({ namespace: 'default', body: pod('crash', { command: ['sh', '-c', 'exit 3'] }) });
  await eventually(async () => (await read('crash')).status?.containerStatuses?.[0].state?.waiting?.reason === 'CrashLoopBackOff', 20_000);
  const status = (await read('crash')).status!.containerStatuses![0];
  expect(status.restartCount).toBeGreaterThanOrEqual(1);
  expect(status.lastState?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
  expect(status.state?.waiting?.message).toMatch(/^back-off 10s restarting failed container=main pod=crash_default\(/);
  await eventually(async () => (await events('crash')).some((e) => e.reason === 'BackOff'));
});

test('a missing image waits in ErrImagePull, then ImagePullBackOff', async () => {
  await core.createNamespacedPod({ namespace: 'default', body: pod('noimage', { image: 'example.com/does-not-exist:1' }) });
  // The first failed pull is ErrImagePull; any sync during the back-off that follows shows
  // ImagePullBackOff (the pod's own status update is one).
  await eventually(async () => (await read('noimage')).status?.containerStatuses?.[0].state?.waiting?.reason === 'ImagePullBackOff');
  expect((await read('noimage')).status?.containerStatuses?.[0].state?.waiting?.message).toBe('Back-off pulling image "example.com/does-not-exist:1"');
  expect((await events('noimage')).map((e) => e.message)).toEqual(expect.arrayContaining([
    'Pulling image "example.com/does-not-exist:1"', 'Error: ErrImagePull',
  ]));
});

test('a missing ConfigMap key gives CreateContainerConfigError', async () => {
  await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'settings' }, data: { a: '1' } } });
  await core.createNamespacedPod({ namespace: 'default', body: pod('badenv', {
    command: ['sleep', '3600'], env: [{ name: 'B', valueFrom: { configMapKeyRef: { name: 'settings', key: 'b' } } }],
  }) });
  await eventually(async () => (await read('badenv')).status?.containerStatuses?.[0].state?.waiting?.reason === 'CreateContainerConfigError');
  expect((await read('badenv')).status?.containerStatuses?.[0].state?.waiting?.message).toBe("couldn't find key b in ConfigMap default/settings");
  expect((await read('badenv')).status?.phase).toBe('Pending');
});

test('a deleted pod is stopped, then removed from the API', async () => {
  await core.createNamespacedPod({ namespace: 'default', body: pod('gone', { command: ['sleep', '3600'] }) });
  await eventually(async () => (await read('gone')).status?.phase === 'Running');
  await core.deleteNamespacedPod({ name: 'gone', namespace: 'default' });
  await eventually(async () => (await core.listNamespacedPod({ namespace: 'default', fieldSelector: 'metadata.name=gone' })).items.length === 0, 15_000);
});
