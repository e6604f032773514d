// A manager and builder-made controllers against a real in-process kubets API server: a
// controller that keeps a derived ConfigMap (owned by its source) in step with the source,
// through create, update, owned-object drift and delete; predicates; backoff and terminal
// errors from the server's objects; SIGTERM draining a reconcile in flight; metrics after the
// run; leader election handing over on stop.
import * as k8s from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import type { Logger } from '../../../src/log/index.js';
import type { KubeObject } from '../../../src/runtime/cache/index.js';
import { labelsChanged, or, TerminalError, type Predicate, type ReconcileFunc } from '../../../src/runtime/controller/index.js';
import { Manager } from '../../../src/runtime/manager/index.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../../helpers/apiServer.js';
import { eventually } from '../../helpers/kubectl.js';

const quietLog: Logger = { info() {}, warn() {}, error() {}, v: () => ({ enabled: false, info() {} }) };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: TestApiServer;
let kc: k8s.KubeConfig;
let core: k8s.CoreV1Api;
const ns = 'derive';
const path = `/api/v1/namespaces/${ns}/configmaps`;

beforeAll(async () => {
  server = await startTestApiServer();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(server.kubeconfig);
  core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: ns } } });
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server);
});

type ConfigMap = KubeObject & { data?: Record<string, string> };

const read = async (name: string): Promise<k8s.V1ConfigMap | undefined> => {
  try {
    return await core.readNamespacedConfigMap({ namespace: ns, name });
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
};
const createSource = (name: string, data: Record<string, string>, role = 'source') =>
  core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name, labels: { role } }, data } });
const mergePatch = (name: string, body: object) =>
  core.patchNamespacedConfigMap({ namespace: ns, name, body }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));

/** The derived ConfigMap's reconciler: upper-cased data, owned by the source; gone with it. */
function deriver(manager: Manager, calls: string[], gate?: { name: string; wait: Promise<void>; entered: () => void }): ReconcileFunc {
  return async ({ namespace, name }) => {
    calls.push(name);
    if (gate && name === gate.name) {
      gate.entered();
      await gate.wait;
    }
    const derivedName = `${name}-derived`;
    const source = await read(name);
    if (!source) {
      if (await read(derivedName)) await core.deleteNamespacedConfigMap({ namespace: namespace!, name: derivedName });
      return;
    }
    const data = Object.fromEntries(Object.entries(source.data ?? {}).map(([k, v]) => [k, v.toUpperCase()]));
    const desired = {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: {
        name: derivedName, namespace, labels: { role: 'derived' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name, uid: source.metadata!.uid!, controller: true }],
      },
      data,
    };
    const current = await read(derivedName);
    if (!current) await manager.client.create(desired);
    else if (JSON.stringify(current.data ?? {}) !== JSON.stringify(data)) {
      await manager.client.replace({ ...desired, metadata: { ...desired.metadata, resourceVersion: current.metadata!.resourceVersion } });
    }
  };
}

/** Sources reconcile on data or label changes, not annotation-only ones. */
const dataChanged: Predicate<ConfigMap> = (e) => e.type !== 'update' || JSON.stringify(e.old.data) !== JSON.stringify(e.object.data);

test('the derived ConfigMap follows its source: create, update, owned drift, predicates, delete, SIGTERM drain, metrics', async () => {
  const registry = new Registry();
  const manager = new Manager(kc, { metricsRegistry: registry, stopOnSignals: ['SIGTERM'], logger: quietLog });
  const calls: string[] = [];
  let release!: () => void;
  let entered!: () => void;
  const inFlight = new Promise<void>((r) => { entered = r; });
  const gate = { name: 'slow', wait: new Promise<void>((r) => { release = r; }), entered: () => entered() };
  const controller = manager.controller()
    .named('derive')
    .for<ConfigMap>(path, { labelSelector: 'role=source', predicates: [or(dataChanged, labelsChanged())] })
    .owns(path, 'ConfigMap', { labelSelector: 'role=derived' })
    .withOptions({ maxConcurrentReconciles: 4, logger: quietLog })
    .complete(deriver(manager, calls, gate));
  expect(controller.name).toBe('derive');

  await createSource('pre', { a: 'x' });
  await manager.start();
  // Objects there before start reconcile from the initial list.
  await eventually(async () => (await read('pre-derived'))?.data?.a === 'X');

  await createSource('web', { greeting: 'hello' });
  await eventually(async () => (await read('web-derived'))?.data?.greeting === 'HELLO');
  const derived = (await read('web-derived'))!;
  expect(derived.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'ConfigMap', name: 'web', controller: true });

  await mergePatch('web', { data: { greeting: 'bye' } });
  await eventually(async () => (await read('web-derived'))?.data?.greeting === 'BYE');

  // Someone edits the owned object: its owner is enqueued and puts it back.
  const before = calls.filter((c) => c === 'web').length;
  await mergePatch('web-derived', { data: { greeting: 'tampered' } });
  await eventually(async () => (await read('web-derived'))?.data?.greeting === 'BYE');
  expect(calls.filter((c) => c === 'web').length).toBeGreaterThan(before);

  // An annotation-only change does not pass the predicates; a label change does.
  await eventually(() => controller.queue.len() === 0);
  await sleep(100);
  const settled = calls.filter((c) => c === 'web').length;
  await mergePatch('web', { metadata: { annotations: { note: 'hi' } } });
  await sleep(300);
  expect(calls.filter((c) => c === 'web').length).toBe(settled);
  await mergePatch('web', { metadata: { labels: { extra: 'yes' } } });
  await eventually(() => calls.filter((c) => c === 'web').length > settled);

  await core.deleteNamespacedConfigMap({ namespace: ns, name: 'web' });
  await eventually(async () => (await read('web-derived')) === undefined);

  // SIGTERM while a reconcile is in flight: the manager waits for it before it is stopped.
  await createSource('slow', { v: 'late' });
  await inFlight;
  let stopped = false;
  process.emit('SIGTERM');
  const stopping = manager.stop().then(() => { stopped = true; });
  await sleep(100);
  expect(stopped).toBe(false);
  release();
  await stopping;
  expect((await read('slow-derived'))?.data?.v).toBe('LATE');
  expect(process.listenerCount('SIGTERM')).toBe(0);

  const text = await registry.metrics();
  const total = (result: string) => Number(text.match(new RegExp(`controller_runtime_reconcile_total\\{controller="derive",result="${result}"\\} (\\d+)`))?.[1]);
  expect(total('success')).toBe(calls.length);
  expect(total('error')).toBe(0);
  expect(text).toContain('controller_runtime_max_concurrent_reconciles{controller="derive"} 4');
  expect(text).toContain('controller_runtime_active_workers{controller="derive"} 0');
  expect(text).toContain(`controller_runtime_reconcile_time_seconds_count{controller="derive"} ${calls.length}`);
  expect(text).toMatch(/workqueue_adds_total\{name="derive",controller="derive"\} \d+/);
  expect(text).toContain('workqueue_depth{name="derive",controller="derive"} 0');
});

test('server objects drive backoff (5, 10, 20, 40 ms), requeueAfter and terminal errors', async () => {
  const manager = new Manager(kc, { logger: quietLog });
  const times = new Map<string, number[]>();
  manager.controller()
    .named('flaky')
    .for(path, { labelSelector: 'role=flaky' })
    .withOptions({ logger: quietLog })
    .complete(async ({ name }) => {
      const t = times.get(name) ?? [];
      t.push(performance.now());
      times.set(name, t);
      if (name === 'terminal') throw new TerminalError('cannot be fixed by retrying');
      if (t.length < 5) throw new Error('not yet');
      if (t.length === 5) return { requeueAfter: 80 };
    });
  await manager.start();
  await createSource('failing', {}, 'flaky');
  await createSource('terminal', {}, 'flaky');
  await eventually(() => (times.get('failing')?.length ?? 0) >= 6);
  const t = times.get('failing')!;
  const gaps = t.slice(1).map((x, i) => x - t[i]);
  [5, 10, 20, 40].forEach((ms, i) => expect(gaps[i]).toBeGreaterThanOrEqual(ms - 1));
  expect(gaps[4]).toBeGreaterThanOrEqual(79);
  await sleep(150);
  expect(times.get('failing')!.length).toBe(6);
  expect(times.get('terminal')!.length).toBe(1);
  await manager.stop();
});

test('leader election: only the Lease holder reconciles; a stopped leader hands over', async () => {
  const leaseTimings = { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 200 };
  const seen: Record<string, string[]> = { a: [], b: [] };
  const make = (id: 'a' | 'b') => {
    const m = new Manager(kc, { logger: quietLog, leaderElection: { namespace: ns, name: 'derive-lock', identity: id, ...leaseTimings } });
    m.controller().named('elected').for(path, { labelSelector: 'role=elected' }).withOptions({ logger: quietLog })
      .complete(async ({ name }) => { seen[id].push(name); });
    return m;
  };
  const a = make('a');
  await a.start();
  await a.leading();
  const b = make('b');
  await b.start();
  await createSource('e1', {}, 'elected');
  await eventually(() => seen.a.includes('e1'));
  await sleep(300);
  expect(b.isLeader()).toBe(false);
  expect(seen.b).toEqual([]);
  const coordination = kc.makeApiClient(k8s.CoordinationV1Api);
  expect((await coordination.readNamespacedLease({ namespace: ns, name: 'derive-lock' })).spec?.holderIdentity).toBe('a');

  await a.stop();
  await b.leading();
  await eventually(() => seen.b.includes('e1'));
  expect((await coordination.readNamespacedLease({ namespace: ns, name: 'derive-lock' })).spec?.holderIdentity).toBe('b');
  await b.stop();
});
