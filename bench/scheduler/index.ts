// The scheduler benchmark (issue 6): `kubets apiserver` holding 5,000 Node objects (created
// through the API with their status, no node agents) and 10,000 pending pods; then `kubets
// scheduler` starts in a process of its own and places them all. Pods/s runs from the first
// binding to the last, as seen by a watch from the bench process. The result is a markdown
// section for bench/RESULTS.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { cpuSeconds, freePort, inParallel, kubetsRunner, loadAverage, repoRoot, request, rssBytes, sleep } from '../apiserver/kubetsProcess.js';

const NODES = 5_000;
const PODS = 10_000;
const NAMESPACE = 'sched-bench';
const CONCURRENCY = 50;

interface Child {
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

function spawnKubets(args: string[]): Child {
  const child = spawn(process.execPath, [...kubetsRunner().nodeArgs, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - 50));
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child, output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(child.pid!, 'SIGTERM');
      if (!(await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]))) {
        process.kill(child.pid!, 'SIGKILL');
        await exited;
      }
    },
  };
}

const benchNode = (i: number) => ({
  apiVersion: 'v1', kind: 'Node',
  metadata: { name: `sched-node-${i}`, labels: { 'kubernetes.io/hostname': `sched-node-${i}`, 'topology.kubernetes.io/zone': `zone-${i % 10}` } },
  status: {
    capacity: { cpu: '8', memory: '32Gi', pods: '110' },
    allocatable: { cpu: '8', memory: '32Gi', pods: '110' },
    conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
  },
});

const benchPod = (i: number) => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: `pending-${i}`, namespace: NAMESPACE, labels: { app: `app-${i % 100}` } },
  spec: { containers: [{ name: 'main', image: 'busybox', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
});

/** Watches the namespace's pods from `resourceVersion` and calls back with the time of each pod's first nodeName. */
function watchBindings(port: number, agent: Agent, resourceVersion: string, onBound: (at: number) => void): () => void {
  const seen = new Set<string>();
  const req = httpsRequest({
    host: '127.0.0.1', port, agent, method: 'GET',
    path: `/api/v1/namespaces/${NAMESPACE}/pods?watch=1&resourceVersion=${resourceVersion}&allowWatchBookmarks=false`,
    headers: { Accept: 'application/json' },
  }, (response) => {
    let buffered = '';
    response.on('data', (chunk: Buffer) => {
      const at = performance.now();
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (!line.trim()) continue;
        const { object } = JSON.parse(line) as { object: { metadata: { name: string }; spec?: { nodeName?: string } } };
        if (object.spec?.nodeName && !seen.has(object.metadata.name)) {
          seen.add(object.metadata.name);
          onBound(at);
        }
      }
    });
  });
  req.on('error', () => undefined);
  req.end();
  return () => req.destroy();
}

export async function schedulerBenchmark(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubets-bench-scheduler-'));
  const port = await freePort();
  const apiserver = spawnKubets(['apiserver', '--data-dir', dataDir, '--port', String(port)]);
  let scheduler: Child | undefined;
  let stopWatch = () => undefined as void;
  const loadBefore = loadAverage();
  try {
    const kubeconfig = join(dataDir, 'kubeconfig');
    for (const deadline = Date.now() + 60_000; !(existsSync(kubeconfig) && apiserver.output.some((l) => l.includes('serving at')));) {
      if (Date.now() > deadline || apiserver.child.exitCode !== null) throw new Error(`kubets apiserver did not start:\n${apiserver.output.join('\n')}`);
      await sleep(100);
    }
    const pki = join(dataDir, 'pki');
    const agent = new Agent({
      keepAlive: true, maxSockets: CONCURRENCY + 1,
      ca: readFileSync(join(pki, 'ca.crt')), cert: readFileSync(join(pki, 'admin.crt')), key: readFileSync(join(pki, 'admin.key')),
    });
    const ok = async (method: string, path: string, body: unknown, expected: number[]) => {
      const reply = await request(port, method, path, { agent, body, headers: method === 'PATCH' ? { 'Content-Type': 'application/merge-patch+json' } : {} });
      if (!expected.includes(reply.status)) throw new Error(`${method} ${path}: ${reply.status} ${reply.body.toString().slice(0, 300)}`);
      return reply;
    };

    console.log(`  creating ${NODES} nodes`);
    let started = performance.now();
    await inParallel(NODES, CONCURRENCY, async (i) => {
      const node = benchNode(i);
      const reply = await ok('POST', '/api/v1/nodes', node, [201]);
      const created = JSON.parse(reply.body.toString()) as { status?: { allocatable?: unknown } };
      if (!created.status?.allocatable) await ok('PATCH', `/api/v1/nodes/${node.metadata.name}/status`, { status: node.status }, [200]);
    });
    const nodeSeconds = (performance.now() - started) / 1000;
    await ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } }, [201]);
    console.log(`  creating ${PODS} pending pods`);
    started = performance.now();
    await inParallel(PODS, CONCURRENCY, async (i) => void (await ok('POST', `/api/v1/namespaces/${NAMESPACE}/pods`, benchPod(i), [201])));
    const podSeconds = (performance.now() - started) / 1000;

    const list = JSON.parse((await ok('GET', `/api/v1/namespaces/${NAMESPACE}/pods?limit=1`, undefined, [200])).body.toString()) as { metadata: { resourceVersion: string } };
    const bound: number[] = [];
    let allBound: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (allBound = resolve));
    stopWatch = watchBindings(port, new Agent({ ...agent.options, keepAlive: false }), list.metadata.resourceVersion, (at) => {
      bound.push(at);
      if (bound.length === PODS) allBound();
    });
    console.log('  starting kubets scheduler');
    const schedulerStarted = performance.now();
    scheduler = spawnKubets(['scheduler', '--kubeconfig', kubeconfig]);
    const timeout = sleep(600_000).then(() => { throw new Error(`only ${bound.length} of ${PODS} pods bound in 10 minutes:\n${scheduler!.output.join('\n')}`); });
    const progress = setInterval(() => console.log(`    ${bound.length} bound`), 5_000);
    try {
      await Promise.race([done, timeout]);
    } finally {
      clearInterval(progress);
    }
    const schedulerCpu = cpuSeconds(scheduler.child.pid!);
    const schedulerRss = rssBytes(scheduler.child.pid!);
    const first = bound[0]!;
    const last = bound[bound.length - 1]!;
    const perSecond = (PODS - 1) / ((last - first) / 1000);

    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
    return `
## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — scheduler (issue 6)
Machine: ${cpus().length} × ${cpus()[0]!.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; commit ${commit}. kubets runs as ${kubetsRunner().description.replace(' up`', ' apiserver` and `… scheduler`')}, SQLite storage, fresh data directory; the load generator and the watch in the bench process.
Load average before: ${loadBefore}; after: ${loadAverage()}.

Method: ${NODES} Node objects (8 CPU, 32Gi, 110 pods; 10 zones) created through the API with their status, no node agents (${nodeSeconds.toFixed(1)} s); ${PODS} pending pods (100m CPU, 128Mi each, no nodeName) created in one namespace (${podSeconds.toFixed(1)} s, ${Math.round(PODS / podSeconds)}/s); then \`kubets scheduler\` starts in its own process. A watch from the bench process sees each pod's binding (spec.nodeName set); pods/s runs from the first binding to the last.

| measure | value |
|---|---|
| scheduler start → first binding seen | ${Math.round(first - schedulerStarted)} ms (process start, informer lists of ${NODES} nodes and ${PODS} pods, leader election) |
| first → last binding | ${((last - first) / 1000).toFixed(1)} s: **${Math.round(perSecond)} pods/s** (upstream scheduler_perf CI threshold: 680 pods/s on larger machines) |
| scheduler CPU (user + system, whole run) / RSS at the end | ${schedulerCpu.toFixed(1)} s / ${Math.round(schedulerRss / 2 ** 20)} MiB |
`;
  } finally {
    stopWatch();
    await scheduler?.stop();
    await apiserver.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
