// The whole pipeline (issue 6): a `kubets up --nodes 0` control plane (API server, controller
// manager, scheduler) with N simulated nodes in a `kubets kubelet` process of their own, then D
// Deployments of R replicas (the pause image, as clusterloader2's density test), either all at
// once (the most the cluster does) or paced at a steady pod rate (startup latency when the
// cluster is asked for that rate, as clusterloader2 measures it); every pod from its first
// appearance on a watch to Running seen on that watch. Reports pods/s (first create to last
// Running), pod startup p50/p99, each process's CPU per pod and the RSS at the end.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { cpuSeconds, KubetsProcess, kubetsRunner, loadAverage, mb, ms, repoRoot, request, rssBytes, sleep } from '../apiserver/kubetsProcess.js';

export interface PipelineOptions {
  nodes: number;
  deployments: number;
  replicas: number;
  /** Pods asked per second: Deployments are created one every replicas / podsPerSecond seconds.
   * Unset: all at once. */
  podsPerSecond?: number;
}

export interface PipelineRun {
  options: PipelineOptions;
  podsPerSecond: number;
  seconds: number;
  startupMs: { p50: number; p99: number; max: number };
  controlPlane: { rss: number; cpuSeconds: number };
  agents: { rss: number; cpuSeconds: number };
}

interface PodEvent {
  object: { metadata: { namespace: string; name: string }; status?: { phase?: string } };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export async function pipelineRun(options: PipelineOptions): Promise<PipelineRun> {
  const total = options.deployments * options.replicas;
  const kubets = await KubetsProcess.start('pipeline', ['--nodes', '0']);
  const nodesDir = mkdtempSync(join(tmpdir(), 'kubets-bench-pipeline-nodes-'));
  let agents: ReturnType<typeof spawn> | undefined;
  let watch: ReturnType<typeof httpsRequest> | undefined;
  try {
    await kubets.waitUntilReady();
    const agent = kubets.adminAgent(50);
    agents = spawn(process.execPath, [...kubetsRunner().nodeArgs, 'kubelet', '--kubeconfig', kubets.kubeconfig, '--data-dir', nodesDir, '--nodes', String(options.nodes)], {
      cwd: repoRoot, stdio: 'ignore',
    });
    for (;;) {
      const list = JSON.parse((await request(kubets.port, 'GET', '/api/v1/nodes', { agent })).body.toString()) as { items: { status?: { conditions?: { type: string; status: string }[] } }[] };
      if (list.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length === options.nodes) break;
      await sleep(500);
    }
    // Namespaces' default service accounts must exist before pods are admitted.
    for (;;) {
      if ((await request(kubets.port, 'GET', '/api/v1/namespaces/default/serviceaccounts/default', { agent })).status === 200) break;
      await sleep(200);
    }

    const firstSeen = new Map<string, number>();
    const runningAt = new Map<string, number>();
    let allRunning: () => void = () => undefined;
    const done = new Promise<void>((resolve) => { allRunning = resolve; });
    let buffer = '';
    watch = httpsRequest({ host: '127.0.0.1', port: kubets.port, path: '/api/v1/pods?watch=true', ...kubets.tls() }, (res) => {
      res.on('data', (chunk: Buffer) => {
        const at = performance.now();
        buffer += chunk.toString();
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const event = JSON.parse(buffer.slice(0, newline)) as PodEvent;
          buffer = buffer.slice(newline + 1);
          const key = `${event.object.metadata.namespace}/${event.object.metadata.name}`;
          if (!firstSeen.has(key)) firstSeen.set(key, at);
          if (event.object.status?.phase === 'Running' && !runningAt.has(key)) {
            runningAt.set(key, at);
            if (runningAt.size === total) allRunning();
          }
        }
      });
    });
    watch.on('error', () => undefined);
    watch.end();
    await sleep(500);

    const controlPlaneCpu = cpuSeconds(kubets.pid);
    const agentsCpu = cpuSeconds(agents.pid!);
    const started = performance.now();
    const spacingMs = options.podsPerSecond ? (options.replicas / options.podsPerSecond) * 1000 : 0;
    await Promise.all(Array.from({ length: options.deployments }, async (_, i) => {
      const name = `load-${i}`;
      await sleep(started + i * spacingMs - performance.now());
      const reply = await request(kubets.port, 'POST', '/apis/apps/v1/namespaces/default/deployments', {
        agent,
        body: {
          apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
          spec: {
            replicas: options.replicas, selector: { matchLabels: { app: name } },
            template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } },
          },
        },
      });
      if (reply.status !== 201) throw new Error(`create ${name}: ${reply.status} ${reply.body.toString().slice(0, 300)}`);
    }));
    const timeoutMs = Math.max(120_000, total * 20);
    const finished = await Promise.race([done.then(() => true), sleep(timeoutMs).then(() => false)]);
    if (!finished) throw new Error(`only ${runningAt.size} of ${total} pods Running after ${timeoutMs / 1000} s (${firstSeen.size} seen)`);
    const lastRunning = Math.max(...runningAt.values());
    const startups = [...runningAt].map(([key, at]) => at - firstSeen.get(key)!).sort((a, b) => a - b);
    const run: PipelineRun = {
      options,
      podsPerSecond: total / ((lastRunning - started) / 1000),
      seconds: (lastRunning - started) / 1000,
      startupMs: { p50: percentile(startups, 0.5), p99: percentile(startups, 0.99), max: startups[startups.length - 1] },
      controlPlane: { rss: rssBytes(kubets.pid), cpuSeconds: cpuSeconds(kubets.pid) - controlPlaneCpu },
      agents: { rss: rssBytes(agents.pid!), cpuSeconds: cpuSeconds(agents.pid!) - agentsCpu },
    };
    agent.destroy();
    return run;
  } finally {
    watch?.destroy();
    if (agents && agents.exitCode === null) {
      const exited = new Promise((resolve) => agents!.once('exit', resolve));
      process.kill(agents.pid!, 'SIGTERM');
      if (!(await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]))) process.kill(agents.pid!, 'SIGKILL');
    }
    await kubets.stop();
    rmSync(nodesDir, { recursive: true, force: true });
  }
}

function row(label: string, run: PipelineRun): string {
  const total = run.options.deployments * run.options.replicas;
  const perPod = (seconds: number) => `${((seconds * 1000) / total).toFixed(1)} ms`;
  return `| ${label} | ${run.podsPerSecond.toFixed(0)} (${total} in ${run.seconds.toFixed(1)} s) | ${ms(run.startupMs.p50)} / ${ms(run.startupMs.p99)} / ${ms(run.startupMs.max)} | ${mb(run.controlPlane.rss)} | ${perPod(run.controlPlane.cpuSeconds)} | ${mb(run.agents.rss)} | ${perPod(run.agents.cpuSeconds)} |`;
}

const targetPodsPerSecond = 170;

/** All at once, then (when asked) paced at the target rate, each on a fresh cluster. */
export async function pipeline(options: Omit<PipelineOptions, 'podsPerSecond'>, paced = false): Promise<string> {
  const atOnce = await pipelineRun(options);
  const steady = paced ? await pipelineRun({ ...options, podsPerSecond: targetPodsPerSecond }) : undefined;
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
  return `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — whole pipeline (issue 6)
Machine: ${cpus().length} × ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; commit ${commit}; ${kubetsRunner().description}; load average at the end ${loadAverage()}.

${options.nodes} simulated nodes (\`kubets kubelet\`, own process) and \`kubets up --nodes 0\` (API server, controller manager, scheduler), fresh for each row; ${options.deployments} Deployments × ${options.replicas} replicas of registry.k8s.io/pause:3.10, created all at once, or one Deployment every ${(options.replicas / targetPodsPerSecond).toFixed(2)} s (${targetPodsPerSecond} pods/s asked, the target); each pod from its first watch event to Running on the same watch. CPU is user + system time of each process during the run, per pod.

| creation | pods/s, first create → last Running | startup p50 / p99 / max ms | control plane RSS | its CPU per pod | node agents RSS | their CPU per pod |
|---|---|---|---|---|---|---|
${row('all at once', atOnce)}
${steady ? row('paced, ' + targetPodsPerSecond + ' pods/s', steady) : ''}

Targets: ≥ ${targetPodsPerSecond} pods/s all at once; pod startup p99 ≤ 5 s (clusterloader2's SLO, with pods asked at the target rate); control plane RSS ≤ 1.15 GB (k0s: 2.3 GB at 100 nodes / 10k pods).
`;
}
