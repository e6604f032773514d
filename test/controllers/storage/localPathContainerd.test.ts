// A claim of the default `standard` class used by a pod on a REAL containerd node: provisioned
// and bound once the pod is on the node, mounted into the container; a file the first pod
// writes is read by a second pod after the first is deleted (which writes what it read back).
import * as k8s from '@kubernetes/client-node';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addClaimBinder, addRootCaCertPublisher, addServiceAccountsController, addVolumeReclaimer, ensureDefaultStorageClass } from '../../../src/controllers/index.js';
import { startEnvironment, type Environment } from '../../../src/envtest/index.js';
import { Kubelet, thisMachine } from '../../../src/kubelet/index.js';
import { SharedInformerFactory } from '../../../src/runtime/cache/index.js';
import { Manager } from '../../../src/runtime/manager/index.js';
import { TestContainerd } from '../../helpers/containerd.js';
import { eventually } from '../../helpers/kubectl.js';

const NODE = 'real-1';
let env: Environment;
let containerd: TestContainerd;
let controllers: Manager;
let kubelet: Kubelet;
let informers: SharedInformerFactory;
let core: k8s.CoreV1Api;
let dir: string;

beforeAll(async () => {
  env = await startEnvironment();
  core = env.kubeconfig.makeApiClient(k8s.CoreV1Api);
  dir = mkdtempSync(join(tmpdir(), 'kubets-localpath-real-'));
  controllers = new Manager(env.kubeconfig);
  addServiceAccountsController(controllers);
  addRootCaCertPublisher(controllers);
  addClaimBinder(controllers, { volumeDirectory: join(dir, 'volumes') });
  addVolumeReclaimer(controllers, { volumeDirectory: join(dir, 'volumes') });
  ensureDefaultStorageClass(controllers);
  await controllers.start();
  containerd = await TestContainerd.start();
  informers = new SharedInformerFactory(env.kubeconfig);
  kubelet = new Kubelet({
    kubeConfig: env.kubeconfig, cri: containerd.cri, nodeName: NODE, address: '127.0.0.1',
    machine: thisMachine(50 * 1024 ** 3), rootDir: join(dir, 'root'), logDir: join(dir, 'logs'), informers,
    relistMs: 500, resyncMs: 2_000,
  });
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
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

const podUsing = (name: string, script: string): k8s.V1Pod => ({
  metadata: { name, namespace: 'default' },
  spec: {
    nodeName: NODE, terminationGracePeriodSeconds: 1,
    containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', script], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
  },
});

const running = (name: string) => eventually(async () => (await core.readNamespacedPod({ name, namespace: 'default' })).status?.phase === 'Running', 90_000);

test('data written by one pod is there for the next', async () => {
  await eventually(async () => (await env.kubeconfig.makeApiClient(k8s.StorageV1Api).listStorageClass()).items.some((c) => c.metadata?.name === 'standard'), 20_000);
  await core.createNamespacedPersistentVolumeClaim({
    namespace: 'default', body: { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
  });
  await core.createNamespacedPod({ namespace: 'default', body: podUsing('writer', 'echo kept across pods > /data/note; sleep 3600') });
  await running('writer');
  const claim = await core.readNamespacedPersistentVolumeClaim({ name: 'data', namespace: 'default' });
  expect(claim.status?.phase).toBe('Bound');
  expect(claim.metadata?.annotations?.['volume.kubernetes.io/selected-node']).toBe(NODE);
  const volume = await core.readPersistentVolume({ name: claim.spec!.volumeName! });
  // The container's write is on the node, in the provisioned directory.
  await eventually(() => {
    try { return readFileSync(join(volume.spec!.hostPath!.path, 'note'), 'utf8') === 'kept across pods\n'; } catch { return false; }
  }, 20_000);

  await core.deleteNamespacedPod({ name: 'writer', namespace: 'default' });
  await eventually(async () => !(await core.listNamespacedPod({ namespace: 'default' })).items.some((p) => p.metadata?.name === 'writer'), 60_000);
  await core.createNamespacedPod({ namespace: 'default', body: podUsing('reader', 'cat /data/note > /data/seen-by-reader; sleep 3600') });
  await running('reader');
  // What the second container read, it wrote back beside the note.
  await eventually(() => {
    try { return readFileSync(join(volume.spec!.hostPath!.path, 'seen-by-reader'), 'utf8') === 'kept across pods\n'; } catch { return false; }
  }, 30_000);
}, 240_000);
