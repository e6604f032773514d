// Simulated nodes registering (issue 5): a `kubets up --nodes 0` serves the API, and a
// `kubets kubelet --nodes N` process of its own (as kwok runs beside a cluster) starts N
// simulated node agents; the time from spawning it to all N Nodes Ready, read from the API, and
// the agents' memory per node (the process's RSS less that of the same process with one node).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubetsProcess, kubetsRunner, repoRoot, request, rssBytes, sleep } from '../apiserver/kubetsProcess.js';

export interface NodeRegistration {
  nodes: number;
  readyAfterMs: number;
  agentRssBytes: number;
  bytesPerNode: number;
  apiServerRssBytes: number;
}

interface NodeList {
  items: { status?: { conditions?: { type: string; status: string }[] } }[];
}

async function readyNodes(kubets: KubetsProcess, agent: ReturnType<KubetsProcess['adminAgent']>): Promise<number> {
  const reply = await request(kubets.port, 'GET', '/api/v1/nodes', { agent });
  const list = JSON.parse(reply.body.toString()) as NodeList;
  return list.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
}

function spawnAgents(kubets: KubetsProcess, nodes: number, dataDir: string): ChildProcess {
  return spawn(process.execPath, [...kubetsRunner().nodeArgs, 'kubelet', '--kubeconfig', kubets.kubeconfig, '--data-dir', dataDir, '--nodes', String(nodes)], {
    cwd: repoRoot,
    stdio: 'ignore',
  });
}

async function stopAgents(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid!, 'SIGTERM');
  if (!(await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]))) process.kill(child.pid!, 'SIGKILL');
}

/** Registers `nodes` simulated nodes against a fresh kubets; `timeoutMs` bounds the wait. */
export async function nodeRegistration(nodes: number, timeoutMs = 180_000): Promise<NodeRegistration> {
  const kubets = await KubetsProcess.start('nodes', ['--nodes', '0']);
  const dataDir = mkdtempSync(join(tmpdir(), 'kubets-bench-agents-'));
  let agent: ReturnType<KubetsProcess['adminAgent']> | undefined;
  try {
    await kubets.waitUntilReady();
    agent = kubets.adminAgent(4);
    // The same process with one node: the base the per-node figure is taken from.
    const one = spawnAgents(kubets, 1, join(dataDir, 'one'));
    while ((await readyNodes(kubets, agent)) < 1) await sleep(200);
    await sleep(2_000);
    const baseRss = rssBytes(one.pid!);
    await stopAgents(one);
    await request(kubets.port, 'DELETE', '/api/v1/nodes', { agent });

    const started = performance.now();
    const many = spawnAgents(kubets, nodes, join(dataDir, 'many'));
    let ready = 0;
    while (ready < nodes) {
      if (performance.now() - started > timeoutMs) throw new Error(`only ${ready} of ${nodes} nodes Ready after ${timeoutMs} ms`);
      await sleep(250);
      ready = await readyNodes(kubets, agent);
    }
    const readyAfterMs = performance.now() - started;
    await sleep(5_000);
    const agentRssBytes = rssBytes(many.pid!);
    const apiServerRssBytes = rssBytes(kubets.pid);
    await stopAgents(many);
    return { nodes, readyAfterMs, agentRssBytes, bytesPerNode: (agentRssBytes - baseRss) / (nodes - 1), apiServerRssBytes };
  } finally {
    agent?.destroy();
    await kubets.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
