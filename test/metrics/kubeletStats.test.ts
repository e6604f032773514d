// The kubelet's statistics as plain functions: CPU rates from two samples of a cumulative
// counter, the parsing of /proc/stat, /proc/meminfo, /proc/vmstat and /proc/net/dev, a
// summary of a simulated node (pods, containers, node figures summed from its pods), this
// machine's summary from /proc, the /metrics/resource text and the kubelet's /metrics.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inProcessCri, simulator, type Cri } from '../../src/cri/index.js';
import { CpuRates } from '../../src/kubelet/stats/cpuRate.js';
import { parseMemory, parseNetDev, parseProcStat } from '../../src/kubelet/stats/hostUsage.js';
import { NodeStats, statsAnswer } from '../../src/kubelet/stats/index.js';

let dir: string;
let runtime: simulator.SimulatedRuntime;
let cri: Cri;

async function runPod(name: string, containers: string[]): Promise<string> {
  const { podSandboxId } = await cri.runtime.runPodSandbox({
    config: { metadata: { name, uid: `uid-${name}`, namespace: 'team' }, hostname: name, logDirectory: join(dir, 'logs', `team_${name}_uid-${name}`) },
  });
  for (const container of containers) {
    const { containerId } = await cri.runtime.createContainer({
      podSandboxId,
      config: { metadata: { name: container }, image: { image: 'docker.io/library/busybox:latest' }, command: ['sleep', '3600'], logPath: `${container}/0.log` },
    });
    await cri.runtime.startContainer({ containerId });
  }
  return podSandboxId;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubets-stats-'));
  runtime = new simulator.SimulatedRuntime({ podCidr: '10.250.9.0/24' });
  cri = inProcessCri(runtime);
  await cri.image.pullImage({ image: { image: 'docker.io/library/busybox:latest' } });
  await runPod('web', ['app', 'sidecar']);
  await runPod('db', ['main']);
  await mkdir(join(dir, 'logs', 'team_web_uid-web', 'app'), { recursive: true });
  await writeFile(join(dir, 'logs', 'team_web_uid-web', 'app', '0.log'), 'x'.repeat(1000));
  const volumes = join(dir, 'root', 'pods', 'uid-web', 'volumes');
  await mkdir(join(volumes, 'kubernetes.io~empty-dir', 'cache', 'sub'), { recursive: true });
  await writeFile(join(volumes, 'kubernetes.io~empty-dir', 'cache', 'sub', 'data'), 'y'.repeat(500));
  await mkdir(join(volumes, 'kubernetes.io~configmap', 'config'), { recursive: true });
  await writeFile(join(volumes, 'kubernetes.io~configmap', 'config', 'key'), 'value');
});

afterAll(async () => {
  runtime?.shutdown();
  await rm(dir, { recursive: true, force: true });
});

const simulatedSource = (name = 'sim-1') => ({
  nodeName: name, cri, nodeUsage: 'pods' as const, memoryBytes: 8 * 1024 ** 3, ephemeralStorageBytes: 50 * 1024 ** 3,
  rootDir: join(dir, 'root'), logDir: join(dir, 'logs'), startTime: new Date('2026-01-02T03:04:05Z'),
});

test('CPU rates: none from a first sample or a counter that went back, growth over time otherwise', () => {
  const rates = new CpuRates();
  expect(rates.rate('c', 1e9, 10e9)).toBeUndefined();
  // 0.5 core-seconds over 2 s: a quarter of a core.
  expect(rates.rate('c', 1.5e9, 12e9)).toBe(250_000_000);
  // The same sample time again: the last rate.
  expect(rates.rate('c', 1.5e9, 12e9)).toBe(250_000_000);
  expect(rates.rate('c', 0.1e9, 13e9)).toBeUndefined();
  expect(rates.rate('c', 2.1e9, 14e9)).toBe(2_000_000_000);
  rates.retain(new Set());
  expect(rates.rate('c', 3e9, 15e9)).toBeUndefined();
});

test('/proc parsing: busy CPU ticks, working set, faults and interfaces', () => {
  const stat = 'cpu  100 20 30 1000 50 5 5 10 7 0\ncpu0 50 10 15 500 25 2 3 5 0 0\nintr 1\nbtime 1700000000\n';
  // user+nice+system+irq+softirq+steal = 170 ticks of 10 ms.
  expect(parseProcStat(stat)).toEqual({ usageCoreNanoSeconds: 1.7e9, bootTimeSeconds: 1_700_000_000 });
  const meminfo = 'MemTotal:       1000 kB\nMemFree:         200 kB\nInactive(file):  100 kB\nAnonPages:       300 kB\n';
  expect(parseMemory(meminfo, 'pgfault 42\npgmajfault 3\n')).toEqual({
    totalBytes: 1000 * 1024, usageBytes: 800 * 1024, workingSetBytes: 700 * 1024, rssBytes: 300 * 1024,
    availableBytes: 300 * 1024, pageFaults: 42, majorPageFaults: 3,
  });
  const netdev = 'Inter-|   Receive  |  Transmit\n face |bytes packets errs drop fifo frame compressed multicast|bytes packets errs drop\n'
    + '    lo: 500 5 0 0 0 0 0 0 500 5 0 0 0 0 0 0\n  eth0: 1234 10 2 0 0 0 0 0 5678 20 1 0 0 0 0 0\n'
    + 'veth12ab: 9 1 0 0 0 0 0 0 9 1 0 0 0 0 0 0\n';
  expect(parseNetDev(netdev)).toEqual([{ name: 'eth0', rxBytes: 1234, rxErrors: 2, txBytes: 5678, txErrors: 1 }]);
});

test('a simulated node\'s summary: its pods and containers, and the node as their sum', async () => {
  const stats = new NodeStats(simulatedSource());
  const summary = await stats.summary();
  expect(summary.pods.map((p) => p.podRef).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
    { name: 'db', namespace: 'team', uid: 'uid-db' }, { name: 'web', namespace: 'team', uid: 'uid-web' },
  ]);
  const web = summary.pods.find((p) => p.podRef.name === 'web')!;
  expect(web.containers.map((c) => c.name).sort()).toEqual(['app', 'sidecar']);
  for (const container of web.containers) {
    expect(container.cpu!.usageNanoCores).toBeGreaterThan(0);
    expect(container.cpu!.usageCoreNanoSeconds).toBeGreaterThan(0);
    expect(container.memory!.workingSetBytes).toBeGreaterThan(0);
    expect(container.memory!.rssBytes).toBeGreaterThan(0);
    expect(container.rootfs!.usedBytes).toBeGreaterThan(0);
    expect(Date.parse(container.startTime)).toBeLessThanOrEqual(Date.now());
  }
  expect(web.containers.find((c) => c.name === 'app')!.logs!.usedBytes).toBe(1000);
  expect(web.network!.name).toBe('eth0');
  expect(web.process_stats!.process_count).toBe(3);
  expect(web.volume!.map((v) => [v.name, v.inodesUsed])).toEqual([['cache', 3], ['config', 2]]);
  const cache = web.volume![0];
  expect(cache.usedBytes).toBeGreaterThanOrEqual(500);
  expect(cache.capacityBytes).toBeGreaterThan(0);
  const volumeBytes = web.volume!.reduce((sum, v) => sum + v.usedBytes!, 0);
  expect(web['ephemeral-storage']!.usedBytes).toBe(1000 + 2 * 4096 + volumeBytes);
  expect(summary.pods.find((p) => p.podRef.name === 'db')!.volume).toBeUndefined();
  const total = (pick: (p: typeof web) => number | undefined) => summary.pods.reduce((sum, p) => sum + pick(p)!, 0);
  expect(summary.node.nodeName).toBe('sim-1');
  expect(summary.node.startTime).toBe('2026-01-02T03:04:05.000Z');
  expect(summary.node.cpu!.usageNanoCores).toBe(total((p) => p.cpu!.usageNanoCores));
  expect(summary.node.memory!.workingSetBytes).toBe(total((p) => p.memory!.workingSetBytes));
  expect(summary.node.memory!.availableBytes).toBe(8 * 1024 ** 3 - summary.node.memory!.workingSetBytes!);
  expect(summary.node.fs!.capacityBytes).toBe(50 * 1024 ** 3);
  expect(summary.node.runtime!.imageFs!.usedBytes).toBeGreaterThan(0);
});

test('this machine\'s summary: the node from /proc, its CPU rate from two samples', async () => {
  const stats = new NodeStats({ ...simulatedSource('real-1'), nodeUsage: 'host', rootDir: dir });
  const { node } = await stats.summary();
  expect(node.cpu!.usageCoreNanoSeconds).toBeGreaterThan(0);
  // The priming sample gives a rate at once.
  expect(node.cpu!.usageNanoCores).toBeGreaterThanOrEqual(0);
  expect(node.memory!.workingSetBytes).toBeGreaterThan(0);
  expect(node.memory!.availableBytes).toBeGreaterThan(0);
  expect(node.memory!.usageBytes).toBeGreaterThanOrEqual(node.memory!.workingSetBytes!);
  expect(node.fs!.capacityBytes).toBeGreaterThan(node.fs!.availableBytes!);
  expect(Date.parse(node.startTime)).toBeLessThan(Date.now());
});

test('/metrics/resource: upstream names and labels, with sample times', async () => {
  const stats = new NodeStats(simulatedSource());
  const { body, contentType } = await statsAnswer(stats, new URL('https://node/metrics/resource'));
  expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(body).toContain('# TYPE container_cpu_usage_seconds_total counter');
  expect(body).toMatch(/^container_cpu_usage_seconds_total\{container="app",namespace="team",pod="web"\} [\d.e-]+ \d{13}$/m);
  expect(body).toMatch(/^container_memory_working_set_bytes\{container="main",namespace="team",pod="db"\} \d+ \d{13}$/m);
  expect(body).toMatch(/^container_start_time_seconds\{container="sidecar",namespace="team",pod="web"\} [\d.]+/m);
  expect(body).toMatch(/^node_cpu_usage_seconds_total [\d.e-]+ \d{13}$/m);
  expect(body).toMatch(/^node_memory_working_set_bytes \d+ \d{13}$/m);
  expect(body).toMatch(/^pod_cpu_usage_seconds_total\{namespace="team",pod="db"\} [\d.e-]+ \d{13}$/m);
  expect(body).toMatch(/^pod_memory_working_set_bytes\{namespace="team",pod="web"\} \d+ \d{13}$/m);
  expect(body).toMatch(/^scrape_error 0$/m);
  const first = Number(/^node_cpu_usage_seconds_total ([\d.e-]+)/m.exec(body)![1]);
  await sleep(50);
  const again = (await statsAnswer(stats, new URL('https://node/metrics/resource'))).body;
  expect(Number(/^node_cpu_usage_seconds_total ([\d.e-]+)/m.exec(again)![1])).toBeGreaterThan(first);
});

test('the kubelet\'s /metrics: node name, running pods and containers, pod start durations', async () => {
  const stats = new NodeStats(simulatedSource());
  stats.metrics.podSyncing('u1');
  stats.metrics.podSynced('u1', 'Pending');
  stats.metrics.podSynced('u1', 'Running');
  stats.metrics.podSynced('u1', 'Running');
  const { body } = await statsAnswer(stats, new URL('https://node/metrics'));
  expect(body).toMatch(/^kubelet_node_name\{node="sim-1"\} 1$/m);
  expect(body).toMatch(/^kubelet_running_pods 2$/m);
  expect(body).toMatch(/^kubelet_running_containers\{container_state="running"\} 3$/m);
  expect(body).toMatch(/^kubelet_running_containers\{container_state="exited"\} 0$/m);
  expect(body).toMatch(/^kubelet_pod_start_duration_seconds_count 1$/m);
});

test('/stats/summary as JSON, and only CPU and memory when asked', async () => {
  const stats = new NodeStats(simulatedSource());
  const full = JSON.parse((await statsAnswer(stats, new URL('https://node/stats/summary'))).body);
  expect(full.pods[0].containers[0].rootfs).toBeDefined();
  const slim = JSON.parse((await statsAnswer(stats, new URL('https://node/stats/summary?only_cpu_and_memory=true'))).body);
  expect(slim.pods[0].containers[0].rootfs).toBeUndefined();
  expect(slim.pods[0].containers[0].cpu.usageCoreNanoSeconds).toBeGreaterThan(0);
  expect(slim.node.fs).toBeUndefined();
});
