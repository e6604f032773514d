// A real @kubernetes/client-node program against a kubets API server: typed reads and
// writes, raw watches, an informer, every patch type, and the 410-then-relist path.
import * as k8s from '@kubernetes/client-node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandaloneApiServer, type StandaloneApiServer } from '../../src/apiserver/index.js';
import { eventually } from '../helpers/kubectl.js';

let server: StandaloneApiServer;
let dataDir: string;
let kc: k8s.KubeConfig;
let core: k8s.CoreV1Api;
let objects: k8s.KubernetesObjectApi;
const ns = 'client-node';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kubets-client-node-'));
  // A small watch-cache history, so an old resourceVersion really expires.
  server = await startStandaloneApiServer({ dataDir, port: 0, watchCacheRetention: { minEvents: 20, maxEvents: 20, minAgeMs: 0 } });
  kc = new k8s.KubeConfig();
  kc.loadFromFile(server.kubeconfig);
  core = kc.makeApiClient(k8s.CoreV1Api);
  objects = k8s.KubernetesObjectApi.makeApiClient(kc);
  await core.createNamespace({ body: { metadata: { name: ns } } });
});

afterAll(async () => {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('typed list, create, read and delete', async () => {
  const namespaces = await core.listNamespace();
  expect(namespaces.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(['default', 'kube-system', ns]));
  const created = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'typed' }, data: { a: '1' } } });
  expect(created.metadata?.uid).toBeDefined();
  const read = await core.readNamespacedConfigMap({ namespace: ns, name: 'typed' });
  expect(read.data).toEqual({ a: '1' });
  await core.deleteNamespacedConfigMap({ namespace: ns, name: 'typed' });
  await expect(core.readNamespacedConfigMap({ namespace: ns, name: 'typed' })).rejects.toMatchObject({ code: 404 });
});

test('a raw watch sees ADDED, MODIFIED and DELETED in order', async () => {
  const seen: string[] = [];
  const list = await core.listNamespacedConfigMap({ namespace: ns });
  const abort = await new k8s.Watch(kc).watch(`/api/v1/namespaces/${ns}/configmaps`,
    { resourceVersion: list.metadata!.resourceVersion, allowWatchBookmarks: true },
    (phase, object) => { if (object?.metadata?.name === 'watched') seen.push(`${phase}:${object.data?.v ?? ''}`); },
    () => undefined);
  try {
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'watched' }, data: { v: '1' } } });
    await core.replaceNamespacedConfigMap({ namespace: ns, name: 'watched', body: { metadata: { name: 'watched' }, data: { v: '2' } } });
    await core.deleteNamespacedConfigMap({ namespace: ns, name: 'watched' });
    await eventually(() => seen.length === 3);
    expect(seen).toEqual(['ADDED:1', 'MODIFIED:2', 'DELETED:2']);
  } finally {
    abort.abort();
  }
});

test('an informer sees add, update and delete', async () => {
  const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${ns}/configmaps`,
    () => core.listNamespacedConfigMap({ namespace: ns }));
  const events: string[] = [];
  informer.on('add', (o) => events.push(`add:${o.metadata?.name}`));
  informer.on('update', (o) => events.push(`update:${o.metadata?.name}`));
  informer.on('delete', (o) => events.push(`delete:${o.metadata?.name}`));
  await informer.start();
  try {
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'informed' }, data: { v: '1' } } });
    await eventually(() => events.includes('add:informed'));
    await core.replaceNamespacedConfigMap({ namespace: ns, name: 'informed', body: { metadata: { name: 'informed' }, data: { v: '2' } } });
    await eventually(() => events.includes('update:informed'));
    expect(informer.get('informed', ns)?.data?.v).toBe('2');
    await core.deleteNamespacedConfigMap({ namespace: ns, name: 'informed' });
    await eventually(() => events.includes('delete:informed'));
    expect(informer.get('informed', ns)).toBeUndefined();
  } finally {
    await informer.stop();
  }
});

test('every patch type', async () => {
  const base = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'patched', namespace: ns } };
  await objects.create({
    ...base,
    spec: {
      selector: { matchLabels: { app: 'p' } },
      template: { metadata: { labels: { app: 'p' } }, spec: { containers: [{ name: 'a', image: 'busybox:1' }, { name: 'b', image: 'busybox:1' }] } },
    },
  } as k8s.KubernetesObject);
  const strategic = await objects.patch({ ...base, spec: { template: { spec: { containers: [{ name: 'b', image: 'busybox:2' }] } } } } as k8s.KubernetesObject,
    undefined, undefined, undefined, undefined, k8s.PatchStrategy.StrategicMergePatch) as k8s.V1Deployment;
  expect(strategic.spec!.template.spec!.containers.map((c) => `${c.name}=${c.image}`)).toEqual(['a=busybox:1', 'b=busybox:2']);
  const merge = await objects.patch({ ...base, metadata: { ...base.metadata, labels: { tier: 'web' } } } as k8s.KubernetesObject,
    undefined, undefined, undefined, undefined, k8s.PatchStrategy.MergePatch) as k8s.V1Deployment;
  expect(merge.metadata!.labels).toEqual({ tier: 'web' });
  expect(merge.spec!.template.spec!.containers).toHaveLength(2);
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  const patchedReplicas = await apps.patchNamespacedDeployment({ namespace: ns, name: 'patched', body: [{ op: 'replace', path: '/spec/replicas', value: 3 }] },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch));
  expect(patchedReplicas.spec!.replicas).toBe(3);
  expect(patchedReplicas.metadata!.generation).toBeGreaterThan(1);
});

test('a watch from an expired resourceVersion gets 410 Gone, and a relist recovers', async () => {
  const first = await core.listNamespacedConfigMap({ namespace: ns });
  const oldVersion = first.metadata!.resourceVersion!;
  for (let i = 0; i < 40; i++) {
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: `churn-${i}` } } });
  }
  const errors: Array<{ code?: number; reason?: string }> = [];
  const abort = await new k8s.Watch(kc).watch(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: oldVersion },
    (phase, object) => { if (phase === 'ERROR') errors.push(object); }, () => undefined);
  await eventually(() => errors.length > 0);
  abort.abort();
  expect(errors[0]).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
  const relisted = await core.listNamespacedConfigMap({ namespace: ns });
  expect(relisted.items.filter((c) => c.metadata?.name?.startsWith('churn-'))).toHaveLength(40);
  const seen: string[] = [];
  const again = await new k8s.Watch(kc).watch(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: relisted.metadata!.resourceVersion },
    (phase, object) => seen.push(`${phase}:${object.metadata?.name}`), () => undefined);
  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'after-relist' } } });
  await eventually(() => seen.includes('ADDED:after-relist'));
  again.abort();
});
