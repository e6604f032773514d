// Pod startup on real containerd (issue 5): pods created through the API of a `kubets up
// --runtime containerd`, from the create request to the Running phase seen by a watch — one at
// a time and 50 at once — against the runtime's own floor: the same pods made with bare CRI
// calls (RunPodSandbox, CreateContainer, StartContainer) on a containerd of their own. The pods
// are bound to the node in their spec, so the figure is the node agent's, not a scheduler's.
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CriClient } from '../../src/cri/index.js';
import { ContainerdProcess } from '../../src/cri/containerd/index.js';
import { removeContainerdLeftovers } from '../../test/helpers/containerd.js';
import { KubetsProcess, request, sleep } from '../apiserver/kubetsProcess.js';

export interface Latencies {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface PodStartup {
  kubeletOne: Latencies;
  kubeletBurst: Latencies;
  criOne: Latencies;
  criBurst: Latencies;
  burst: number;
}

const SEQUENTIAL = 20;
const BURST = 50;

function latencies(values: number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { count: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted[sorted.length - 1] };
}

/** Calls `onRunning(name, at)` the first time a pod is seen Running on a watch of `default`. */
function watchRunning(kubets: KubetsProcess, onRunning: (name: string, at: number) => void): () => void {
  const seen = new Set<string>();
  let buffer = '';
  const req = httpsRequest({
    host: '127.0.0.1', port: kubets.port, path: '/api/v1/namespaces/default/pods?watch=true', ...kubets.tls(),
  }, (res) => {
    res.on('data', (chunk: Buffer) => {
      const at = performance.now();
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const event = JSON.parse(buffer.slice(0, newline)) as { object: { metadata: { name: string }; status?: { phase?: string } } };
        buffer = buffer.slice(newline + 1);
        const { name } = event.object.metadata;
        if (event.object.status?.phase === 'Running' && !seen.has(name)) {
          seen.add(name);
          onRunning(name, at);
        }
      }
    });
  });
  req.on('error', () => undefined);
  req.end();
  return () => req.destroy();
}

const pod = (name: string) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: { nodeName: 'kubets-node-1', terminationGracePeriodSeconds: 0, containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }] },
});

async function throughKubets(): Promise<{ one: Latencies; burst: Latencies }> {
  const kubets = await KubetsProcess.start('pods', ['--runtime', 'containerd']);
  const waiting = new Map<string, (at: number) => void>();
  let stopWatch = () => undefined as void;
  let agent: ReturnType<KubetsProcess['adminAgent']> | undefined;
  try {
    await kubets.waitUntilReady();
    agent = kubets.adminAgent(BURST);
    for (;;) {
      const reply = await request(kubets.port, 'GET', '/api/v1/nodes/kubets-node-1', { agent });
      if (reply.status === 200 && /"type":"Ready","status":"True"/.test(reply.body.toString().replace(/\s/g, ''))) break;
      await sleep(250);
    }
    stopWatch = watchRunning(kubets, (name, at) => waiting.get(name)?.(at));
    await sleep(500);
    const start = async (name: string): Promise<number> => {
      const running = new Promise<number>((resolve) => waiting.set(name, resolve));
      const began = performance.now();
      const reply = await request(kubets.port, 'POST', '/api/v1/namespaces/default/pods', { agent, body: pod(name) });
      if (reply.status !== 201) throw new Error(`create ${name}: ${reply.status} ${reply.body.toString().slice(0, 300)}`);
      return (await running) - began;
    };
    const one: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) one.push(await start(`one-${i}`));
    const burst = await Promise.all(Array.from({ length: BURST }, (_, i) => start(`burst-${i}`)));
    await request(kubets.port, 'DELETE', '/api/v1/namespaces/default/pods?gracePeriodSeconds=0', { agent });
    for (let i = 0; i < 120; i++) {
      const reply = await request(kubets.port, 'GET', '/api/v1/namespaces/default/pods', { agent });
      if ((JSON.parse(reply.body.toString()) as { items: unknown[] }).items.length === 0) break;
      await sleep(500);
    }
    await sleep(3_000);
    return { one: latencies(one), burst: latencies(burst) };
  } finally {
    stopWatch();
    agent?.destroy();
    const dataDir = kubets.dataDir;
    await kubets.stop();
    removeContainerdLeftovers(join(dataDir, 'containerd', 'containerd.sock'), dataDir, 'kubets0');
  }
}

async function throughCri(): Promise<{ one: Latencies; burst: Latencies }> {
  const dir = mkdtempSync(join(tmpdir(), 'kt-cri-'));
  const containerd = await ContainerdProcess.start({ dataDir: dir, podSubnet: '10.91.0.0/16', bridge: 'ktbench0' });
  const cri = new CriClient(containerd.endpoint);
  try {
    const run = async (name: string): Promise<number> => {
      const began = performance.now();
      const uid = `bench-${name}`;
      const config = {
        metadata: { name, namespace: 'bench', uid, attempt: 0 },
        hostname: name,
        logDirectory: join(dir, 'logs', uid),
        linux: { cgroupParent: `/kubepods/besteffort/pod${uid}` },
      };
      const { podSandboxId } = await cri.runtime.runPodSandbox({ config });
      const { containerId } = await cri.runtime.createContainer({
        podSandboxId, sandboxConfig: config,
        config: { metadata: { name: 'main' }, image: { image: 'docker.io/library/busybox:latest' }, command: ['sleep', '3600'], logPath: 'main/0.log' },
      });
      await cri.runtime.startContainer({ containerId });
      return performance.now() - began;
    };
    const one: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) one.push(await run(`one-${i}`));
    const burst = await Promise.all(Array.from({ length: BURST }, (_, i) => run(`burst-${i}`)));
    return { one: latencies(one), burst: latencies(burst) };
  } finally {
    const { items } = await cri.runtime.listPodSandbox({}).catch(() => ({ items: [] }));
    await Promise.all(items.map(async (s) => {
      await cri.runtime.stopPodSandbox({ podSandboxId: s.id }).catch(() => undefined);
      await cri.runtime.removePodSandbox({ podSandboxId: s.id }).catch(() => undefined);
    }));
    cri.close();
    await containerd.stop();
    removeContainerdLeftovers(containerd.layout.socketPath, dir, 'ktbench0');
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function podStartup(): Promise<PodStartup> {
  const cri = await throughCri();
  const kubelet = await throughKubets();
  return { kubeletOne: kubelet.one, kubeletBurst: kubelet.burst, criOne: cri.one, criBurst: cri.burst, burst: BURST };
}
