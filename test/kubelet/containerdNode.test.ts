// The node agent on REAL containerd (a private one under a temp dir), against a real kubets
// API server: busybox httpd serves its page on the pod IP; configMap and secret volumes and
// env vars are seen in the container and a ConfigMap update reaches the file; a failing
// liveness probe restarts the container (and the next restart waits, as describe shows); a
// failing readiness probe keeps the pod un-Ready; a bad command crash-loops; a deleted pod's
// container is stopped within its grace period; a kubelet restart leaves running containers
// alone; a missing ConfigMap volume waits with FailedMount, a missing Secret key gives
// CreateContainerConfigError; preStop runs on delete; a Memory emptyDir is a tmpfs and a
// hostPath reaches the node's directory.
import * as k8s from '@kubernetes/client-node';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addRootCaCertPublisher, addServiceAccountsController } from '../../src/controllers/index.js';
import { startEnvironment, type Environment } from '../../src/envtest/index.js';
import { Kubelet, thisMachine } from '../../src/kubelet/index.js';
import { unmountUnder } from '../../src/kubelet/volumes/tmpfs.js';
import { SharedInformerFactory } from '../../src/runtime/cache/index.js';
import { Manager } from '../../src/runtime/manager/index.js';
import { TestContainerd } from '../helpers/containerd.js';
import { eventually, Kubectl } from '../helpers/kubectl.js';

const NODE = 'real-1';
let env: Environment;
let containerd: TestContainerd;
let controllers: Manager;
let kubelet: Kubelet;
let informers: SharedInformerFactory;
let core: k8s.CoreV1Api;
let dir: string;

const newKubelet = () => new Kubelet({
  kubeConfig: env.kubeconfig, cri: containerd.cri, nodeName: NODE, address: '127.0.0.1',
  machine: thisMachine(50 * 1024 ** 3), rootDir: join(dir, 'root'), logDir: join(dir, 'logs'), informers,
  relistMs: 500, resyncMs: 2_000,
});

beforeAll(async () => {
  env = await startEnvironment();
  core = env.kubeconfig.makeApiClient(k8s.CoreV1Api);
  controllers = new Manager(env.kubeconfig);
  addServiceAccountsController(controllers);
  addRootCaCertPublisher(controllers);
  await controllers.start();
  containerd = await TestContainerd.start({ podSubnet: '10.90.0.0/16' });
  dir = mkdtempSync(join(tmpdir(), 'kubets-kubelet-real-'));
  informers = new SharedInformerFactory(env.kubeconfig);
  kubelet = newKubelet();
  await kubelet.start();
}, 120_000);

afterAll(async () => {
  await kubelet?.stop();
  await informers?.stop();
  await controllers?.stop();
  for (const pod of (await core?.listNamespacedPod({ namespace: 'default' }).catch(() => undefined))?.items ?? []) {
    await core.deleteNamespacedPod({ name: pod.metadata!.name!, namespace: 'default', gracePeriodSeconds: 0 }).catch(() => undefined);
  }
  await containerd?.stop();
  await env?.stop();
  await unmountUnder(dir);
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

const read = (name: string) => core.readNamespacedPod({ name, namespace: 'default' });
const create = (name: string, spec: Partial<k8s.V1PodSpec> & { containers: k8s.V1Container[] }) =>
  core.createNamespacedPod({ namespace: 'default', body: { metadata: { name, namespace: 'default' }, spec: { nodeName: NODE, ...spec } } });
const running = (name: string) => eventually(async () => (await read(name)).status?.phase === 'Running', 60_000);
async function exec(name: string, cmd: string[]): Promise<string> {
  const id = (await read(name)).status!.containerStatuses![0].containerID!.replace(/^\w+:\/\//, '');
  const result = await containerd.cri.runtime.execSync({ containerId: id, cmd, timeout: 10 });
  return Buffer.concat([result.stdout, result.stderr]).toString();
}

test('busybox httpd runs with a pod IP and serves its page', async () => {
  await create('web', {
    containers: [{ name: 'httpd', image: 'busybox', command: ['sh', '-c', 'mkdir -p /www && echo hello from kubets > /www/index.html && exec httpd -f -p 8080 -h /www'] }],
  });
  await running('web');
  const { status } = await read('web');
  expect(status?.podIP).toMatch(/^10\.90\./);
  expect(status?.containerStatuses?.[0]).toMatchObject({ ready: true, restartCount: 0, image: 'busybox' });
  expect(status?.containerStatuses?.[0].imageID).toMatch(/sha256:/);
  await eventually(async () => {
    const response = await fetch(`http://${status!.podIP}:8080/`).catch(() => undefined);
    return response?.ok === true && (await response.text()) === 'hello from kubets\n';
  }, 15_000);
  expect((await exec('web', ['cat', '/etc/hostname'])).trim()).toBe('web');
  expect(await exec('web', ['cat', '/etc/hosts'])).toMatch(new RegExp(`${status!.podIP!.replace(/\./g, '\\.')}\\s+web`));
}, 90_000);

test('configMap and secret volumes and env vars, and a ConfigMap update reaching the file', async () => {
  await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'app-config' }, data: { greeting: 'hello', mode: 'fast' } } });
  await core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'app-secret' }, stringData: { password: 's3cret' } } });
  await create('config', {
    containers: [{
      name: 'main', image: 'busybox', command: ['sleep', '3600'],
      env: [
        { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'greeting' } } },
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'app-secret', key: 'password' } } },
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'MESSAGE', value: '$(GREETING) from $(POD_NAME)' },
      ],
      envFrom: [{ configMapRef: { name: 'app-config' }, prefix: 'CFG_' }],
      volumeMounts: [{ name: 'config', mountPath: '/etc/config' }, { name: 'secret', mountPath: '/etc/secret', readOnly: true }],
    }],
    volumes: [{ name: 'config', configMap: { name: 'app-config' } }, { name: 'secret', secret: { secretName: 'app-secret' } }],
  });
  await running('config');
  const env = await exec('config', ['env']);
  expect(env).toMatch(/^GREETING=hello$/m);
  expect(env).toMatch(/^PASSWORD=s3cret$/m);
  expect(env).toMatch(/^MESSAGE=hello from config$/m);
  expect(env).toMatch(/^CFG_mode=fast$/m);
  expect(env).toMatch(/^KUBERNETES_SERVICE_HOST=/m);
  expect(await exec('config', ['cat', '/etc/config/greeting'])).toBe('hello');
  expect(await exec('config', ['cat', '/etc/secret/password'])).toBe('s3cret');
  expect(await exec('config', ['cat', '/var/run/secrets/kubernetes.io/serviceaccount/namespace'])).toBe('default');
  expect(await exec('config', ['cat', '/var/run/secrets/kubernetes.io/serviceaccount/token'])).toMatch(/^ey/);

  await core.patchNamespacedConfigMap({ name: 'app-config', namespace: 'default', body: { data: { greeting: 'bonjour' } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
  await eventually(async () => (await exec('config', ['cat', '/etc/config/greeting'])) === 'bonjour', 20_000);
}, 90_000);

test('a failing liveness probe restarts the container; a failing readiness probe keeps the pod un-Ready', async () => {
  await create('probed', {
    terminationGracePeriodSeconds: 2,
    containers: [{
      name: 'main', image: 'busybox', command: ['sh', '-c', 'touch /tmp/healthy; sleep 4; rm /tmp/healthy; sleep 3600'],
      livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 1 },
      readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 1 },
    }],
  });
  await eventually(async () => ((await read('probed')).status?.containerStatuses?.[0].restartCount ?? 0) >= 1, 40_000);
  const { status } = await read('probed');
  expect(status?.containerStatuses?.[0].lastState?.terminated).toBeDefined();
  expect(status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
  const events = (await core.listNamespacedEvent({ namespace: 'default', fieldSelector: 'involvedObject.name=probed' })).items;
  expect(events.map((e) => e.message)).toEqual(expect.arrayContaining([
    expect.stringMatching(/^Liveness probe failed: cat: can't open '\/tmp\/healthy'/),
    'Container main failed liveness probe, will be restarted',
    expect.stringMatching(/^Readiness probe failed: /),
  ]));
  // Liveness fails again in the restarted container: the next restart waits, and describe says
  // so in the container's state (the BackOff event may not be written: by then the failing
  // readiness probe has spent the kubelet's burst of 25 events about the pod, as upstream's).
  const describe = () => new Kubectl('1.33', env.kubeconfigPath).ok(['describe', 'pod', 'probed']);
  await eventually(async () => /State:\s+Waiting\s+Reason:\s+CrashLoopBackOff/.test(await describe()), 40_000);
  expect(await describe()).toMatch(/Restart Count:\s+[1-9]/);
}, 120_000);

test('a command that does not exist crash-loops', async () => {
  await create('badcmd', { containers: [{ name: 'main', image: 'busybox', command: ['/no/such/binary'] }] });
  await eventually(async () => (await read('badcmd')).status?.containerStatuses?.[0].state?.waiting?.reason === 'CrashLoopBackOff', 40_000);
  const { status } = await read('badcmd');
  expect(status?.containerStatuses?.[0].lastState?.terminated?.exitCode).toBe(128);
  expect(status?.containerStatuses?.[0].lastState?.terminated?.reason).toBe('StartError');
}, 60_000);

test('a kubelet restart leaves running containers alone', async () => {
  const before = (await read('web')).status!.containerStatuses![0];
  await kubelet.stop();
  kubelet = newKubelet();
  await kubelet.start();
  await new Promise((r) => setTimeout(r, 3_000));
  const after = (await read('web')).status!.containerStatuses![0];
  expect(after.containerID).toBe(before.containerID);
  expect(after.restartCount).toBe(0);
  expect(after.state?.running).toBeDefined();
}, 60_000);

test('a deleted pod is stopped within its grace period and goes', async () => {
  // sleep as PID 1 ignores SIGTERM: the kubelet must kill it when the grace period ends.
  await create('slow', { terminationGracePeriodSeconds: 3, containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }] });
  await running('slow');
  const started = Date.now();
  await core.deleteNamespacedPod({ name: 'slow', namespace: 'default' });
  await eventually(async () => (await core.listNamespacedPod({ namespace: 'default', fieldSelector: 'metadata.name=slow' })).items.length === 0, 30_000);
  const took = Date.now() - started;
  expect(took).toBeGreaterThanOrEqual(2_500);
  expect(took).toBeLessThan(15_000);
  // Then its containers and sandbox are removed from the runtime.
  const left = async () => (await containerd.cri.runtime.listContainers({ filter: { labelSelector: { 'io.kubernetes.pod.name': 'slow' } } })).containers;
  await eventually(async () => (await left()).length === 0, 10_000);
}, 60_000);

test('bad input: a missing ConfigMap volume waits with FailedMount; a missing Secret key gives CreateContainerConfigError', async () => {
  await create('novolume', {
    containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'], volumeMounts: [{ name: 'cfg', mountPath: '/cfg' }] }],
    volumes: [{ name: 'cfg', configMap: { name: 'does-not-exist' } }],
  });
  await create('nosecret', {
    containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'], env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'app-secret', key: 'nope' } } }] }],
  });
  const events = async (name: string) => (await core.listNamespacedEvent({ namespace: 'default', fieldSelector: `involvedObject.name=${name}` })).items;
  await eventually(async () => (await events('novolume')).some((e) => e.reason === 'FailedMount'), 20_000);
  expect((await events('novolume')).find((e) => e.reason === 'FailedMount')?.message).toBe('MountVolume.SetUp failed for volume "cfg" : configmap "does-not-exist" not found');
  expect((await read('novolume')).status?.containerStatuses?.[0].state?.waiting?.reason).toBe('ContainerCreating');
  await eventually(async () => (await read('nosecret')).status?.containerStatuses?.[0].state?.waiting?.reason === 'CreateContainerConfigError', 20_000);
  expect((await read('nosecret')).status?.containerStatuses?.[0].state?.waiting?.message).toBe("couldn't find key nope in Secret default/app-secret");
  expect((await events('nosecret')).map((e) => e.message)).toContain("Error: couldn't find key nope in Secret default/app-secret");
}, 60_000);

test('preStop runs on delete; a Memory emptyDir is tmpfs; hostPath is the node\'s directory', async () => {
  const host = mkdtempSync(join(tmpdir(), 'kubets-hostpath-'));
  await create('hooks', {
    terminationGracePeriodSeconds: 5,
    containers: [{
      name: 'main', image: 'busybox', command: ['sh', '-c', 'echo hi > /host/from-pod; sleep 3600'],
      lifecycle: { preStop: { exec: { command: ['sh', '-c', 'echo bye > /host/prestop'] } } },
      volumeMounts: [{ name: 'host', mountPath: '/host' }, { name: 'scratch', mountPath: '/scratch' }],
    }],
    volumes: [{ name: 'host', hostPath: { path: host, type: 'Directory' } }, { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } }],
  });
  await running('hooks');
  const uid = (await read('hooks')).metadata!.uid!;
  await eventually(() => existsSync(join(host, 'from-pod')));
  expect(await exec('hooks', ['sh', '-c', 'grep " /scratch " /proc/mounts'])).toMatch(/^tmpfs \/scratch tmpfs .*size=16384k/);
  await core.deleteNamespacedPod({ name: 'hooks', namespace: 'default' });
  await eventually(async () => (await core.listNamespacedPod({ namespace: 'default', fieldSelector: 'metadata.name=hooks' })).items.length === 0, 20_000);
  expect(readFileSync(join(host, 'prestop'), 'utf8')).toBe('bye\n');
  // The pod's directory goes, its tmpfs unmounted first.
  await eventually(() => !existsSync(join(dir, 'root', 'pods', uid)), 15_000);
  rmSync(host, { recursive: true, force: true });
}, 60_000);
