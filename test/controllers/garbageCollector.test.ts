// The garbage collector against a real in-process kubets API server, driven by the stock kubectl
// 1.33: `kubectl delete --cascade=background|foreground|orphan` on an owner returns within
// seconds and leaves its dependents deleted / deleted before the owner goes / kept without
// the owner's reference; dependents of owners that never existed are deleted, and only the
// dangling reference is dropped when another owner still exists; a custom resource (CRD made
// after the collector started) owns dependents as well. ConfigMaps are watched through the
// manager's informer (as in kubets' controller manager, whose controllers watch them too), the
// custom resources through the collector's own metadata-only informers.
import { randomUUID } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import { startGarbageCollector, type GarbageCollector } from '../../src/controllers/index.js';
import type { Logger } from '../../src/log/index.js';
import { Manager } from '../../src/runtime/manager/index.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';
import { eventually, Kubectl } from '../helpers/kubectl.js';

const quietLog: Logger = { info() {}, warn() {}, error() {}, v: () => ({ enabled: false, info() {} }) };
const ns = 'gc';

let server: TestApiServer;
let kc: k8s.KubeConfig;
let core: k8s.CoreV1Api;
let kubectl: Kubectl;
let manager: Manager;
let gc: GarbageCollector;

beforeAll(async () => {
  server = await startTestApiServer();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(server.kubeconfig);
  core = kc.makeApiClient(k8s.CoreV1Api);
  kubectl = new Kubectl('1.33', server.kubeconfig);
  await core.createNamespace({ body: { metadata: { name: ns } } });
  manager = new Manager(kc, { logger: quietLog });
  manager.informers.forResource('/api/v1/configmaps');
  gc = startGarbageCollector(manager, { logger: quietLog, rediscoveryPeriodMs: 500 });
  await manager.start();
  await gc.whenSynced();
});

afterAll(async () => {
  await manager?.stop();
  await server?.stop();
  if (server) removeDataDir(server);
});

const read = async (name: string): Promise<k8s.V1ConfigMap | undefined> => {
  try {
    return await core.readNamespacedConfigMap({ namespace: ns, name });
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
};

async function owner(name: string): Promise<k8s.V1ConfigMap> {
  return core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name }, data: { role: 'owner' } } });
}

type Ref = { apiVersion: string; kind: string; name: string; uid: string; blockOwnerDeletion?: boolean };
const refTo = (o: { apiVersion?: string; kind?: string; metadata?: { name?: string; uid?: string } }, block?: boolean): Ref => ({
  apiVersion: o.apiVersion ?? 'v1', kind: o.kind ?? 'ConfigMap', name: o.metadata!.name!, uid: o.metadata!.uid!,
  ...(block === undefined ? {} : { blockOwnerDeletion: block }),
});

async function dependent(name: string, ownerReferences: Ref[], finalizers?: string[]): Promise<k8s.V1ConfigMap> {
  return core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name, ownerReferences, finalizers }, data: { role: 'dependent' } } });
}

/** Runs kubectl delete and reports how long it took. */
async function timedDelete(args: string[]): Promise<number> {
  const start = Date.now();
  await kubectl.ok(['delete', ...args, '--timeout=20s']);
  return Date.now() - start;
}

test('discovery finds the deletable resources (no subresources, no events)', () => {
  const paths = gc.resources.map((r) => r.path);
  expect(paths).toEqual(expect.arrayContaining(['/api/v1/configmaps', '/api/v1/pods', '/apis/apps/v1/deployments']));
  expect(paths.some((p) => p.split('/').length > 5 && !p.startsWith('/apis/'))).toBe(false);
  expect(paths).not.toContain('/api/v1/events');
  expect(paths.every((p) => !p.includes('/status'))).toBe(true);
});

test('--cascade=background deletes the owner at once and then its dependents', async () => {
  const o = await owner('bg-owner');
  o.apiVersion = 'v1';
  o.kind = 'ConfigMap';
  await dependent('bg-dep-a', [refTo(o, true)]);
  await dependent('bg-dep-b', [refTo(o, false)]);
  expect(await timedDelete(['configmap', 'bg-owner', '-n', ns, '--cascade=background'])).toBeLessThan(5000);
  expect(await read('bg-owner')).toBeUndefined();
  await eventually(async () => !(await read('bg-dep-a')) && !(await read('bg-dep-b')), 10_000);
});

test('--cascade=foreground: the owner waits, with deletionTimestamp, until the blocking dependents are gone', async () => {
  const o = await owner('fg-owner');
  o.apiVersion = 'v1';
  o.kind = 'ConfigMap';
  // The blocking dependent is held by a finalizer of the test's, so the wait can be seen.
  await dependent('fg-dep-block', [refTo(o, true)], ['test.kubets.io/hold']);
  await dependent('fg-dep-free', [refTo(o, false)]);
  const run = kubectl.run(['delete', 'configmap', 'fg-owner', '-n', ns, '--cascade=foreground', '--timeout=20s']);
  // Both dependents are deleted; the free one goes, the blocking one stays on its finalizer.
  await eventually(async () => !(await read('fg-dep-free')) && Boolean((await read('fg-dep-block'))?.metadata?.deletionTimestamp), 10_000);
  await new Promise((r) => setTimeout(r, 500));
  const waiting = await read('fg-owner');
  expect(waiting?.metadata?.deletionTimestamp).toBeDefined();
  expect(waiting?.metadata?.finalizers).toContain('foregroundDeletion');
  // The blocking dependent was deleted in the foreground (it blocks its owner), and its own
  // foregroundDeletion finalizer is gone (it has no dependents): only the test's finalizer holds it.
  expect((await read('fg-dep-block'))?.metadata?.finalizers).toEqual(['test.kubets.io/hold']);
  const released = Date.now();
  await core.patchNamespacedConfigMap({ namespace: ns, name: 'fg-dep-block', body: { metadata: { finalizers: null } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
  const result = await run;
  expect(result.code).toBe(0);
  expect(Date.now() - released).toBeLessThan(5000);
  expect(await read('fg-dep-block')).toBeUndefined();
  expect(await read('fg-owner')).toBeUndefined();
});

test('--cascade=foreground with no dependents returns at once', async () => {
  await owner('fg-alone');
  expect(await timedDelete(['configmap', 'fg-alone', '-n', ns, '--cascade=foreground'])).toBeLessThan(5000);
  expect(await read('fg-alone')).toBeUndefined();
});

test('--cascade=orphan keeps the dependents, without the reference to the owner', async () => {
  const o = await owner('or-owner');
  o.apiVersion = 'v1';
  o.kind = 'ConfigMap';
  const other = await owner('or-other');
  other.apiVersion = 'v1';
  other.kind = 'ConfigMap';
  await dependent('or-dep-a', [refTo(o, true)]);
  await dependent('or-dep-b', [refTo(o, false), refTo(other)]);
  expect(await timedDelete(['configmap', 'or-owner', '-n', ns, '--cascade=orphan'])).toBeLessThan(5000);
  expect(await read('or-owner')).toBeUndefined();
  const a = await read('or-dep-a');
  const b = await read('or-dep-b');
  expect(a).toBeDefined();
  expect(a?.metadata?.ownerReferences ?? []).toEqual([]);
  expect(b?.metadata?.ownerReferences?.map((r) => r.name)).toEqual(['or-other']);
  // Still there a moment later: the collector does not delete orphans.
  await new Promise((r) => setTimeout(r, 1000));
  expect(await read('or-dep-a')).toBeDefined();
  expect(await read('or-dep-b')).toBeDefined();
});

test('a dependent whose owner UID never existed is deleted; with a live owner too, only the dangling reference goes', async () => {
  const live = await owner('live-owner');
  live.apiVersion = 'v1';
  live.kind = 'ConfigMap';
  const ghost: Ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: randomUUID() };
  // Same name as a live object but another UID: absent as well.
  const impostor: Ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'live-owner', uid: randomUUID() };
  await dependent('orphaned-dep', [ghost]);
  await dependent('impostor-dep', [impostor]);
  await dependent('mixed-dep', [ghost, refTo(live)]);
  await eventually(async () => !(await read('orphaned-dep')) && !(await read('impostor-dep')), 10_000);
  await eventually(async () => (await read('mixed-dep'))?.metadata?.ownerReferences?.length === 1, 10_000);
  expect((await read('mixed-dep'))?.metadata?.ownerReferences?.[0]?.uid).toBe(live.metadata!.uid);
  expect(await read('live-owner')).toBeDefined();
});

test('a Deployment owner deleted with --cascade=foreground waits for its ConfigMap dependents', async () => {
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  const d = await apps.createNamespacedDeployment({
    namespace: ns,
    body: {
      metadata: { name: 'web' },
      spec: {
        replicas: 0, selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
      },
    },
  });
  await dependent('web-config', [refTo({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: d.metadata }, true)]);
  expect(await timedDelete(['deployment', 'web', '-n', ns, '--cascade=foreground'])).toBeLessThan(5000);
  expect(await read('web-config')).toBeUndefined();
});

test('a custom resource made after the collector started owns dependents (background and foreground)', async () => {
  const ext = kc.makeApiClient(k8s.ApiextensionsV1Api);
  await ext.createCustomResourceDefinition({
    body: {
      metadata: { name: 'widgets.gc.kubets.io' },
      spec: {
        group: 'gc.kubets.io', scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', x_kubernetes_preserve_unknown_fields: true } } }],
      },
    },
  });
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const create = async (name: string) => {
    const w = await eventually(async () => {
      try {
        await custom.createNamespacedCustomObject({ group: 'gc.kubets.io', version: 'v1', namespace: ns, plural: 'widgets', body: { apiVersion: 'gc.kubets.io/v1', kind: 'Widget', metadata: { name } } });
        return true;
      } catch {
        return false;
      }
    }, 10_000).then(() => custom.getNamespacedCustomObject({ group: 'gc.kubets.io', version: 'v1', namespace: ns, plural: 'widgets', name }));
    return w as { apiVersion: string; kind: string; metadata: { name: string; uid: string } };
  };
  const w1 = await create('w1');
  const w2 = await create('w2');
  await eventually(() => gc.resources.some((r) => r.path === '/apis/gc.kubets.io/v1/widgets'), 10_000);
  await dependent('w1-dep', [refTo(w1, true)]);
  await dependent('w2-dep', [refTo(w2, true)]);
  expect(await timedDelete(['widget', 'w1', '-n', ns, '--cascade=foreground'])).toBeLessThan(5000);
  expect(await read('w1-dep')).toBeUndefined();
  expect(await timedDelete(['widgets.gc.kubets.io', 'w2', '-n', ns, '--cascade=background'])).toBeLessThan(5000);
  await eventually(async () => !(await read('w2-dep')), 10_000);
});
