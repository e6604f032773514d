// `kubets up` serves the controller manager's and the scheduler's metrics apart, each on its own
// --*-metrics-bind-address, as upstream's kube-controller-manager and kube-scheduler do: upstream
// metric names move when a Deployment's pods are scheduled, neither endpoint carries the other's
// metrics, the health checks answer, and Debian's real Prometheus scrapes both.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, Kubectl } from '../helpers/kubectl.js';
import { freePort, startKubets, type KubetsProcess } from '../helpers/kubetsProcess.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kubets-metrics-'));
let kubets: KubetsProcess;
let kubectl: Kubectl;
let controllerManagerUrl: string;
let schedulerUrl: string;

/** One sample line's value by metric name and labels (all given labels must match). */
type Sample = { name: string; labels: Record<string, string>; value: number };

function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not the Prometheus text format: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parseExposition(await response.text());
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);
const names = (samples: Sample[]) => new Set(samples.map((s) => s.name));

/** Free ports, all different (the OS may hand a just-closed port out again). */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

beforeAll(async () => {
  const [cmPort, schedulerPort, apiPort] = await distinctFreePorts(3);
  controllerManagerUrl = `http://127.0.0.1:${cmPort}`;
  schedulerUrl = `http://127.0.0.1:${schedulerPort}`;
  kubets = await startKubets(dataDir, apiPort!, [
    '--nodes', '2',
    '--controller-manager-metrics-bind-address', `127.0.0.1:${cmPort}`,
    '--scheduler-metrics-bind-address', `127.0.0.1:${schedulerPort}`,
  ]);
  kubectl = new Kubectl('1.33', kubets.kubeconfig);
}, 60_000);

afterAll(async () => {
  expect(await kubets?.stop()).toBe(0);
  rmSync(dataDir, { recursive: true, force: true });
});

test('health checks answer ok on both endpoints; other paths are 404', async () => {
  // `kubets up` says where, once the controller manager and the scheduler have started.
  await eventually(() => kubets.output().includes(`kubets: controller manager metrics at ${controllerManagerUrl}/metrics`)
    && kubets.output().includes(`kubets: scheduler metrics at ${schedulerUrl}/metrics`), 30_000);
  for (const url of [controllerManagerUrl, schedulerUrl]) {
    for (const path of ['/healthz', '/livez', '/readyz']) {
      const response = await fetch(url + path);
      expect([path, response.status, await response.text()]).toEqual([path, 200, 'ok']);
    }
    expect((await fetch(`${url}/nothing`)).status).toBe(404);
  }
});

test('scheduler and controller metrics move when a Deployment\'s pods are scheduled, each on its own endpoint', async () => {
  await eventually(async () => value(await scrape(schedulerUrl), 'leader_election_master_status', { name: 'kube-scheduler' }) === 1, 20_000);
  await eventually(async () => value(await scrape(controllerManagerUrl), 'leader_election_master_status', { name: 'kube-controller-manager' }) === 1, 20_000);
  const schedulerBefore = await scrape(schedulerUrl);
  const controllersBefore = await scrape(controllerManagerUrl);
  const scheduledBefore = value(schedulerBefore, 'scheduler_schedule_attempts_total', { result: 'scheduled', profile: 'default-scheduler' });

  await kubectl.ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=3']);
  await kubectl.ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);

  const scheduler = await scrape(schedulerUrl);
  expect(value(scheduler, 'scheduler_schedule_attempts_total', { result: 'scheduled', profile: 'default-scheduler' }) - scheduledBefore).toBe(3);
  expect(value(scheduler, 'scheduler_pod_scheduling_sli_duration_seconds_count') - value(schedulerBefore, 'scheduler_pod_scheduling_sli_duration_seconds_count')).toBe(3);
  expect(value(scheduler, 'scheduler_scheduling_attempt_duration_seconds_count', { result: 'scheduled' })).toBeGreaterThanOrEqual(3);
  expect(scheduler.filter((s) => s.name === 'scheduler_pending_pods').map((s) => s.labels.queue).sort()).toEqual(['active', 'backoff', 'gated', 'unschedulable']);

  const controllers = await scrape(controllerManagerUrl);
  for (const controller of ['deployment', 'replicaset']) {
    expect(value(controllers, 'controller_runtime_reconcile_total', { controller, result: 'success' }))
      .toBeGreaterThan(value(controllersBefore, 'controller_runtime_reconcile_total', { controller, result: 'success' }));
    expect(value(controllers, 'workqueue_adds_total', { name: controller })).toBeGreaterThan(value(controllersBefore, 'workqueue_adds_total', { name: controller }));
    expect(controllers.some((s) => s.name === 'workqueue_depth' && s.labels.name === controller)).toBe(true);
  }

  // Each registry is its own: no scheduler metric on the controller manager's endpoint and the other way round.
  expect([...names(controllers)].filter((n) => n.startsWith('scheduler_'))).toEqual([]);
  expect([...names(scheduler)].filter((n) => n.startsWith('controller_runtime_') || n.startsWith('workqueue_'))).toEqual([]);
  for (const samples of [controllers, scheduler]) expect(value(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
}, 90_000);

test('the real Prometheus scrapes both endpoints', async () => {
  const promDir = mkdtempSync(join(tmpdir(), 'kubets-prometheus-'));
  const [promPort] = (await distinctFreePorts(3)).filter((p) => ![new URL(controllerManagerUrl).port, new URL(schedulerUrl).port].includes(String(p)));
  writeFileSync(join(promDir, 'prometheus.yml'), [
    'global: {scrape_interval: 1s, evaluation_interval: 1s}',
    'scrape_configs:',
    `- {job_name: kube-controller-manager, static_configs: [{targets: ['${new URL(controllerManagerUrl).host}']}]}`,
    `- {job_name: kube-scheduler, static_configs: [{targets: ['${new URL(schedulerUrl).host}']}]}`,
    '',
  ].join('\n'));
  const prometheus: ChildProcess = spawn('prometheus', [
    `--config.file=${join(promDir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(promDir, 'data')}`,
    `--web.listen-address=127.0.0.1:${promPort}`,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  prometheus.stderr!.on('data', (d: Buffer) => { log += d.toString(); });
  const query = async (promql: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> => {
    const response = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = await response.json() as { status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    return body.data.result;
  };
  try {
    await eventually(async () => {
      if (prometheus.exitCode !== null) throw new Error(`prometheus exited:\n${log}`);
      const up = await query('up').catch(() => []);
      return up.length === 2 && up.every((r) => r.value[1] === '1');
    }, 30_000);
    const scheduled = await query('scheduler_schedule_attempts_total{result="scheduled"}');
    expect(scheduled.map((r) => [r.metric.job, r.metric.profile, Number(r.value[1])])).toEqual([['kube-scheduler', 'default-scheduler', expect.any(Number)]]);
    const before = Number(scheduled[0]!.value[1]);
    expect(before).toBeGreaterThanOrEqual(3);
    const reconciles = await query('sum by (job) (controller_runtime_reconcile_total{controller="deployment"})');
    expect(reconciles.map((r) => r.metric.job)).toEqual(['kube-controller-manager']);

    await kubectl.ok(['scale', 'deployment', 'web', '--replicas=5']);
    await eventually(async () => Number((await query('scheduler_schedule_attempts_total{result="scheduled"}'))[0]?.value[1]) === before + 2, 30_000);
  } finally {
    await new Promise<void>((resolve) => {
      if (prometheus.exitCode !== null) return resolve();
      prometheus.once('exit', () => resolve());
      prometheus.kill('SIGTERM');
    });
    rmSync(promDir, { recursive: true, force: true });
  }
}, 90_000);
