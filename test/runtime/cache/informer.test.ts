// Shared informers against a real in-process kubets API server: events reach handlers, the
// cache follows, selectors scope it, late handlers catch up, a 410 relists, the watchdog
// restarts a silent watch without relisting.
import * as k8s from '@kubernetes/client-node';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandaloneApiServer, type StandaloneApiServer } from '../../../src/apiserver/index.js';
import {
  dropManagedFields, ListWatch, OWNER_UID_INDEX, byOwnerUid, SharedInformer, SharedInformerFactory, type KubeObject,
} from '../../../src/runtime/cache/index.js';
import { eventually } from '../../helpers/kubectl.js';

let server: StandaloneApiServer;
let dataDir: string;
let kc: k8s.KubeConfig;
let core: k8s.CoreV1Api;
const ns = 'informer';
const path = `/api/v1/namespaces/${ns}/configmaps`;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kubets-informer-'));
  server = await startStandaloneApiServer({ dataDir, port: 0, watchCacheRetention: { minEvents: 5, maxEvents: 5, minAgeMs: 0 } });
  kc = new k8s.KubeConfig();
  kc.loadFromFile(server.kubeconfig);
  core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: ns } } });
});

afterAll(async () => {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const create = (name: string, labels: Record<string, string> = {}) =>
  core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name, labels }, data: { v: '0' } } });
const patch = (name: string, v: string) =>
  core.patchNamespacedConfigMap({ namespace: ns, name, body: { data: { v } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
const remove = (name: string) => core.deleteNamespacedConfigMap({ namespace: ns, name });

test('adds, updates and deletes reach the handlers and the cache, across list pages', async () => {
  for (let i = 0; i < 5; i++) await create(`page-${i}`);
  const informer = new SharedInformer(new ListWatch(kc, path, { pageSize: 2 }), {
    transform: dropManagedFields, indexers: { [OWNER_UID_INDEX]: byOwnerUid },
  });
  const seen: string[] = [];
  informer.addEventHandler({
    onAdd: (o, initial) => { seen.push(`add:${o.metadata?.name}:${initial}`); },
    onUpdate: (old, o) => { seen.push(`update:${o.metadata?.name}:${old.data && (old.data as Record<string, string>).v}->${(o.data as Record<string, string>).v}`); },
    onDelete: (o, unknown) => { seen.push(`delete:${o.metadata?.name}:${unknown}`); },
  });
  informer.start();
  await informer.waitForSync(5000);
  expect(informer.hasSynced()).toBe(true);
  expect(informer.store.keys().sort()).toEqual([0, 1, 2, 3, 4].map((i) => `${ns}/page-${i}`));
  expect(informer.store.get(`${ns}/page-0`)).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });

  await create('live');
  await patch('live', '1');
  await remove('live');
  await eventually(() => seen.some((s) => s.startsWith('delete:live')));
  expect(seen.filter((s) => s.includes('live'))).toEqual(['add:live:false', 'update:live:0->1', 'delete:live:false']);
  expect(seen.filter((s) => s.startsWith('add:page')).length).toBe(5);
  expect(informer.store.get(`${ns}/live`)).toBeUndefined();
  // The transform ran before caching: no managedFields in the cache.
  expect(informer.store.list().every((o) => o.metadata?.managedFields === undefined)).toBe(true);
  expect(informer.health).toMatchObject({ relists: 0, synced: true, watching: true });
  expect(informer.health.lastSyncTime).toBeInstanceOf(Date);
  await informer.stop();
  for (let i = 0; i < 5; i++) await remove(`page-${i}`);
});

test('a late handler gets the cached objects first; a slow handler holds up nobody', async () => {
  await create('late-a');
  const factory = new SharedInformerFactory(kc);
  const informer = factory.forResource(path);
  expect(factory.forResource(path)).toBe(informer);
  const scoped = factory.forResource(path, { labelSelector: 'app=x' });
  expect(scoped).not.toBe(informer);
  factory.start();
  await factory.waitForSync(5000);

  const late: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const slow: string[] = [];
  informer.addEventHandler({ onAdd: async (o) => { await gate; slow.push(o.metadata!.name!); } });
  const registration = informer.addEventHandler({ onAdd: (o, initial) => { late.push(`${o.metadata?.name}:${initial}`); } });
  await eventually(() => registration.hasSynced());
  expect(late).toEqual(['late-a:true']);

  const scopedSeen: string[] = [];
  scoped.addEventHandler({ onAdd: (o) => { scopedSeen.push(o.metadata!.name!); } });
  await create('late-b', { app: 'x' });
  await eventually(() => late.includes('late-b:false') && scopedSeen.includes('late-b'));
  expect(scopedSeen).toEqual(['late-b']);
  expect(scoped.store.keys()).toEqual([`${ns}/late-b`]);
  expect(slow).toEqual([]);
  release();
  await eventually(() => slow.length === 2);
  await factory.stop();
  await remove('late-a');
  await remove('late-b');
});

test('a 410 on resume relists once; a silent watch is restarted by the watchdog without a relist', async () => {
  const trace: string[] = [];
  const informer = new SharedInformer<KubeObject>(new ListWatch(kc, path), {
    reflector: { watchdogMs: 300, backoff: { initialMs: 20, maxMs: 100 }, trace: (t) => trace.push(t.kind === 'watch-end' ? `end:${t.reason}` : t.kind) },
  });
  informer.start();
  await informer.waitForSync(5000);
  await eventually(() => informer.health.watchdogRestarts >= 2, 5000);
  expect(informer.health.relists).toBe(0);
  expect(trace).toContain('end:watchdog');

  const rvBefore = informer.health.lastResourceVersion;
  // Changes in another namespace push the resume point out of the watch cache's history (5
  // events here; bookmarks come once a minute), so the next restart gets 410 Expired.
  for (let i = 0; i < 8; i++) await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `churn-${i}` } } });
  // The next watchdog restart resumes from rvBefore, now older than the cache holds.
  await eventually(() => informer.health.relists === 1, 5000);
  expect(informer.health.lastResourceVersion).not.toBe(rvBefore);
  expect(trace).toContain('end:expired');
  await informer.stop();
});

test('stop ends a list that hangs, and a pending waitForSync rejects', async () => {
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => { sockets.add(socket); });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as { port: number }).port;
  const hung = new k8s.KubeConfig();
  hung.loadFromString(readFileSync(server.kubeconfig, 'utf8').replace(server.url, `https://127.0.0.1:${port}`));
  const informer = new SharedInformer(new ListWatch(hung, path));
  informer.start();
  const sync = informer.waitForSync();
  await eventually(() => sockets.size === 1);
  const started = Date.now();
  await informer.stop();
  expect(Date.now() - started).toBeLessThan(1000);
  await expect(sync).rejects.toThrow('stopped before it synced');
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

test('objects with the same field sets share one frozen managedFields tree, equal to what the server returns', async () => {
  for (const name of ['shared-a', 'shared-b']) await create(name, { app: 'shared' });
  const informer = new SharedInformer(new ListWatch(kc, path, { labelSelector: 'app=shared' }));
  informer.start();
  await informer.waitForSync(5000);
  await patch('shared-b', '1');
  await eventually(() => (informer.store.get(`${ns}/shared-b`)?.data as Record<string, string> | undefined)?.v === '1');
  const a = informer.store.get(`${ns}/shared-a`)!;
  const b = informer.store.get(`${ns}/shared-b`)!;
  const fieldsOf = (o: KubeObject) => (o.metadata!.managedFields as Array<{ operation: string; fieldsV1: Record<string, unknown> }>);
  // the create's entry: same field sets in both objects (the watched update of b adds one of its own)
  const created = (o: KubeObject) => fieldsOf(o).find((e) => e.operation === 'Update' && 'f:metadata' in e.fieldsV1)!.fieldsV1;
  expect(created(a)).toBe(created(b));
  expect(Object.isFrozen(created(a))).toBe(true);
  expect(Object.isFrozen(created(a)['f:metadata'])).toBe(true);
  expect(() => { 'use strict'; (created(a) as Record<string, unknown>)['f:x'] = {}; }).toThrow(TypeError);
  const served = await new ListWatch(kc, path, { labelSelector: 'app=shared' }).list('');
  for (const object of served.items) {
    expect(informer.store.get(`${ns}/${object.metadata!.name}`)).toEqual(object);
  }
  await informer.stop();
});
