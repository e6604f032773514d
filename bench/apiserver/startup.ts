// Start-up: from spawning `kubets up` (fresh data directory: new certificates, new database)
// to /readyz answering `ok`, and to the first `kubectl get ns` that succeeds (the stock kubectl
// 1.33 with the written kubeconfig and an empty --cache-dir); then the idle RSS 5 s after ready.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubetsProcess, median, mb, ms, request, rssBytes, sleep } from './kubetsProcess.js';

export const kubectlPath = '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';

export interface StartupRun {
  readyzMs: number;
  /** When kubets printed its ready line (the kubeconfig is written by then). */
  readyLineMs: number;
  /** The start-up time kubets prints itself (from its `up` action, after module loading). */
  reportedMs: number;
  getNsMs: number;
  getNsAttempts: number;
  /** One more `kubectl get ns` (empty cache again) against the running server: kubectl's own share. */
  kubectlAloneMs: number;
  idleRssBytes: number;
  rssDelayMs: number;
}

export interface StartupResult {
  runs: StartupRun[];
}

function kubectl(kubeconfig: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'kubets-bench-kubectl-cache-'));
  return new Promise((resolve) => {
    execFile(kubectlPath, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      rmSync(cacheDir, { recursive: true, force: true });
      resolve({ ok: !error, output: `${stdout}${stderr}` });
    });
  });
}

async function untilReadyz(kubets: KubetsProcess, deadline: number): Promise<number> {
  while (performance.now() < deadline) {
    try {
      const reply = await request(kubets.port, 'GET', '/readyz', { agent: false, tls: { rejectUnauthorized: false }, timeoutMs: 2_000 });
      if (reply.status === 200 && reply.body.toString() === 'ok') return performance.now();
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  throw new Error(`/readyz did not answer ok within the deadline:\n${kubets.log()}`);
}

async function untilGetNs(kubets: KubetsProcess, deadline: number): Promise<{ at: number; attempts: number }> {
  let attempts = 0;
  let last = '';
  while (performance.now() < deadline) {
    if (existsSync(kubets.kubeconfig)) {
      attempts++;
      const result = await kubectl(kubets.kubeconfig, ['get', 'ns']);
      if (result.ok) return { at: performance.now(), attempts };
      last = result.output;
    }
    await sleep(10);
  }
  throw new Error(`kubectl get ns did not succeed within the deadline (${attempts} attempts): ${last}`);
}

async function oneStart(): Promise<StartupRun> {
  const kubets = await KubetsProcess.start('startup');
  try {
    const deadline = kubets.spawnedAt + 60_000;
    const readyzAt = await untilReadyz(kubets, deadline);
    const getNs = await untilGetNs(kubets, deadline);
    await kubets.waitUntilReady(5_000);
    const aloneStart = performance.now();
    const alone = await kubectl(kubets.kubeconfig, ['get', 'ns']);
    if (!alone.ok) throw new Error(`second kubectl get ns failed: ${alone.output}`);
    const kubectlAloneMs = performance.now() - aloneStart;
    await sleep(Math.max(0, readyzAt + 5_000 - performance.now()));
    const rssDelayMs = performance.now() - readyzAt;
    return {
      readyzMs: readyzAt - kubets.spawnedAt,
      readyLineMs: kubets.readyLineAt - kubets.spawnedAt,
      reportedMs: kubets.reportedReadyMs,
      getNsMs: getNs.at - kubets.spawnedAt,
      getNsAttempts: getNs.attempts,
      kubectlAloneMs,
      idleRssBytes: rssBytes(kubets.pid),
      rssDelayMs,
    };
  } finally {
    await kubets.stop();
  }
}

export async function startupBenchmark(repeats = 5): Promise<StartupResult> {
  const runs: StartupRun[] = [];
  for (let i = 0; i < repeats; i++) {
    const run = await oneStart();
    console.log(`  start ${i + 1}/${repeats}: /readyz ok ${ms(run.readyzMs)} ms, first kubectl get ns ${ms(run.getNsMs)} ms ` +
      `(kubectl alone ${ms(run.kubectlAloneMs)} ms), idle RSS ${mb(run.idleRssBytes)}`);
    runs.push(run);
  }
  return { runs };
}

export function startupMarkdown({ runs }: StartupResult, runner: string): string {
  const col = (pick: (run: StartupRun) => number) => runs.map(pick);
  const row = (name: string, values: number[], format: (v: number) => string, target: string) =>
    `| ${name} | ${format(median(values))} | ${format(Math.max(...values))} | ${values.map(format).join(', ')} | ${target} |`;
  const seconds = (v: number) => `${(v / 1000).toFixed(2)} s`;
  const getNs = col((r) => r.getNsMs);
  const rss = col((r) => r.idleRssBytes);
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  return `### Start-up

Method: ${runs.length} starts of ${runner}, each with a fresh data directory (certificates and database made on the way), on a free port.
Times run from the spawn to /readyz answering \`ok\` (polled every 10 ms), to the ready line kubets prints, and to the first \`kubectl get ns\` that exits 0
(stock kubectl 1.33, the kubeconfig kubets wrote, an empty \`--cache-dir\`; tried as soon as the kubeconfig exists, again every 10 ms after a failure).
"kubectl alone" is one more \`kubectl get ns\` with an empty cache against the running server: the share of the figure that is kubectl's own start-up and discovery.
Idle RSS is VmRSS of the kubets process ${Math.round(median(col((r) => r.rssDelayMs)) / 1000)} s after /readyz answered.

| measure | median | max | runs | target |
|---|---|---|---|---|
${row('spawn → /readyz ok', col((r) => r.readyzMs), seconds, '')}
${row('spawn → ready line (kubeconfig written)', col((r) => r.readyLineMs), seconds, '')}
${row('start-up kubets reports (after module loading)', col((r) => r.reportedMs), seconds, '')}
${row('spawn → first successful `kubectl get ns`', getNs, seconds, `≤ 2 s: ${verdict(median(getNs) <= 2000 && Math.max(...getNs) <= 2000)} (k3d 12.6 s, kind 14.2 s, minikube 21 s)`)}
${row('kubectl get ns alone (server already up)', col((r) => r.kubectlAloneMs), seconds, '')}
${row('idle RSS', rss, mb, `≤ 256 MB: ${verdict(Math.max(...rss) <= 256e6)} (k0s 510 MB)`)}
`;
}
