// The controller's loop alone, fed by enqueue: results and errors map to the queue as
// controller-runtime does, one key is never reconciled twice at once, stop waits for the work
// in flight, and the metrics count it all.
import { Registry } from 'prom-client';
import type { Logger } from '../../../src/log/index.js';
import { Controller, TerminalError, type Request, type Result } from '../../../src/runtime/controller/index.js';

const quietLog: Logger = { info() {}, warn() {}, error() {}, v: () => ({ enabled: false, info() {} }) };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

let controllers: Controller[] = [];
function make(reconcile: (r: Request) => Promise<Result | void>, options: { workers?: number; registry?: Registry } = {}): Controller {
  const c = new Controller({
    name: `test-${controllers.length}`,
    reconciler: reconcile,
    maxConcurrentReconciles: options.workers,
    metricsRegistry: options.registry,
    logger: quietLog,
  });
  controllers.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(controllers.map((c) => c.stop({ timeoutMs: 1000 })));
  controllers = [];
});

test('a plain function or a Reconciler object; requests carry namespace and name', async () => {
  const seen: Request[] = [];
  const c = make(async (r) => { seen.push(r); });
  c.start();
  c.enqueue({ namespace: 'ns', name: 'a' });
  c.enqueue({ name: 'cluster-scoped' });
  await until(() => seen.length === 2);
  expect(seen).toEqual([{ namespace: 'ns', name: 'a' }, { name: 'cluster-scoped' }]);

  const objectSeen: string[] = [];
  const o = new Controller({ name: 'object', logger: quietLog, reconciler: { reconcile: async (r, ctx) => { objectSeen.push(r.name); expect(ctx.signal.aborted).toBe(false); } } });
  controllers.push(o);
  o.start();
  o.enqueue({ name: 'x' });
  await until(() => objectSeen.length === 1);
});

test('errors back off per key, 5 ms then doubling; success forgets', async () => {
  const times: number[] = [];
  const c = make(async () => {
    times.push(performance.now());
    if (times.length < 6) throw new Error('not yet');
  });
  c.start();
  c.enqueue({ namespace: 'ns', name: 'flaky' });
  await until(() => times.length === 6);
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  // 5, 10, 20, 40, 80 ms: each gap at least its backoff (timers never fire early).
  gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(5 * 2 ** i - 1));
  expect(gaps[4]).toBeLessThan(1000);
  expect(c.queue.numRequeues('ns/flaky')).toBe(0);
  await sleep(50);
  expect(times.length).toBe(6);
});

test('a TerminalError is not retried', async () => {
  let attempts = 0;
  const c = make(async () => { attempts++; throw new TerminalError('bad spec'); });
  c.start();
  c.enqueue({ name: 't' });
  await until(() => attempts === 1);
  await sleep(100);
  expect(attempts).toBe(1);
  expect(c.queue.numRequeues('t')).toBe(0);
});

test('requeueAfter comes back after the delay and resets the backoff; requeue backs off', async () => {
  const times: number[] = [];
  let failures = 0;
  const c = make(async () => {
    times.push(performance.now());
    if (failures < 2) { failures++; throw new Error('x'); }
    if (times.length === 3) return { requeueAfter: 60 };
    if (times.length === 4) return { requeue: true };
  });
  c.start();
  c.enqueue({ name: 'r' });
  await until(() => times.length === 5);
  expect(times[3] - times[2]).toBeGreaterThanOrEqual(59);
  // requeue after a requeueAfter (which forgot the failures) backs off from 5 ms again.
  expect(times[4] - times[3]).toBeGreaterThanOrEqual(4);
  expect(times[4] - times[3]).toBeLessThan(60);
  await sleep(50);
  expect(times.length).toBe(5);
});

test('one key is never reconciled concurrently with itself, with four workers', async () => {
  const active = new Map<string, number>();
  let maxSameKey = 0;
  let maxOverall = 0;
  let total = 0;
  const c = make(async (r) => {
    const n = (active.get(r.name) ?? 0) + 1;
    active.set(r.name, n);
    maxSameKey = Math.max(maxSameKey, n);
    maxOverall = Math.max(maxOverall, [...active.values()].reduce((a, b) => a + b, 0));
    await sleep(5);
    active.set(r.name, active.get(r.name)! - 1);
    total++;
  }, { workers: 4 });
  c.start();
  for (let round = 0; round < 20; round++) {
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) c.enqueue({ name });
    await sleep(2);
  }
  await until(() => c.queue.len() === 0 && [...active.values()].every((n) => n === 0) && total > 0);
  await sleep(20);
  expect(maxSameKey).toBe(1);
  expect(maxOverall).toBe(4);
});

test('stop waits for the reconcile in flight, starts nothing new and refuses new work', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const started: string[] = [];
  const finished: string[] = [];
  const c = make(async (r) => {
    started.push(r.name);
    await gate;
    finished.push(r.name);
    return { requeue: true };
  });
  c.start();
  c.enqueue({ name: 'slow' });
  await until(() => started.length === 1);
  c.enqueue({ name: 'queued' });
  let stopped = false;
  const stopping = c.stop().then(() => { stopped = true; });
  await sleep(30);
  expect(stopped).toBe(false);
  release();
  await stopping;
  expect(finished).toEqual(['slow']);
  expect(started).toEqual(['slow']);
  c.enqueue({ name: 'late' });
  await sleep(20);
  expect(started).toEqual(['slow']);
});

test('stop with a timeout aborts the signal of a reconcile that will not finish', async () => {
  let aborted = false;
  const hanging = new Controller({
    name: 'hanging', logger: quietLog,
    reconciler: (_r, { signal }) => new Promise<void>((resolve) => signal.addEventListener('abort', () => { aborted = true; resolve(); })),
  });
  controllers.push(hanging);
  hanging.start();
  hanging.enqueue({ name: 'h' });
  await sleep(10);
  await hanging.stop({ timeoutMs: 30 });
  expect(aborted).toBe(true);
});

test('metrics: results, errors, time, concurrency and the workqueue', async () => {
  const registry = new Registry();
  const attempts = new Map<string, number>();
  let calls = 0;
  const c = new Controller({
    name: 'metered', logger: quietLog, metricsRegistry: registry, maxConcurrentReconciles: 3,
    reconciler: async (r) => {
      calls++;
      const n = (attempts.get(r.name) ?? 0) + 1;
      attempts.set(r.name, n);
      if (r.name === 'err' && n === 1) throw new Error('once');
      if (r.name === 'term') throw new TerminalError('never');
      if (r.name === 'after' && n === 1) return { requeueAfter: 1 };
      if (r.name === 'again' && n === 1) return { requeue: true };
    },
  });
  controllers.push(c);
  // A second controller on the same registry shares the metric families.
  controllers.push(new Controller({ name: 'other', logger: quietLog, metricsRegistry: registry, reconciler: async () => undefined }));
  c.start();
  for (const name of ['ok', 'err', 'term']) c.enqueue({ name });
  await until(() => calls >= 4);
  await sleep(30);
  const value = async (name: string, labels: Record<string, string>) =>
    (await registry.getSingleMetric(name)!.get()).values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
  expect(await value('controller_runtime_reconcile_total', { controller: 'metered', result: 'success' })).toBe(2);
  expect(await value('controller_runtime_reconcile_total', { controller: 'metered', result: 'error' })).toBe(2);
  expect(await value('controller_runtime_reconcile_total', { controller: 'other', result: 'success' })).toBe(0);
  expect(await value('controller_runtime_reconcile_errors_total', { controller: 'metered' })).toBe(2);
  expect(await value('controller_runtime_terminal_reconcile_errors_total', { controller: 'metered' })).toBe(1);
  expect(await value('controller_runtime_max_concurrent_reconciles', { controller: 'metered' })).toBe(3);
  expect(await value('controller_runtime_active_workers', { controller: 'metered' })).toBe(0);
  const text = await registry.metrics();
  expect(text).toContain('controller_runtime_reconcile_time_seconds_count{controller="metered"} 4');
  expect(text).toContain('workqueue_adds_total{name="metered",controller="metered"} 4');
  expect(text).toContain('workqueue_retries_total{name="metered",controller="metered"} 1');
  expect(text).toContain('workqueue_depth{name="metered",controller="metered"} 0');

  c.enqueue({ name: 'after' });
  c.enqueue({ name: 'again' });
  await until(() => calls >= 8);
  await sleep(30);
  expect(await value('controller_runtime_reconcile_total', { controller: 'metered', result: 'requeue_after' })).toBe(1);
  expect(await value('controller_runtime_reconcile_total', { controller: 'metered', result: 'requeue' })).toBe(1);
  expect(await value('controller_runtime_reconcile_total', { controller: 'metered', result: 'success' })).toBe(4);
});
