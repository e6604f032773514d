// GET of one object under wrk (2 threads, 50 keep-alive HTTPS connections, no client
// certificate) against kubets and, side by side, against a bare Node HTTPS server returning
// the same bytes on the same certificate.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSeconds, KubetsProcess, loadAverage, ms, repoRoot, request, sleep } from './kubetsProcess.js';

export const wrkPath = '/usr/bin/wrk';

export interface WrkFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  socketErrors: string;
  /** CPU time the server process used per request during the measured run. */
  cpuMicrosPerRequest: number;
}

export interface GetThroughputResult {
  path: string;
  anonymousStatus: number;
  bodyBytes: number;
  contentType: string;
  kubets?: WrkFigures;
  bare?: WrkFigures;
  seconds: number;
  load: string;
  note?: string;
}

const durations: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function toMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text);
  if (!match) throw new Error(`cannot read wrk duration ${text}`);
  return Number(match[1]) * durations[match[2]];
}

export function parseWrk(output: string): Omit<WrkFigures, 'cpuMicrosPerRequest'> {
  const number = (pattern: RegExp) => {
    const match = pattern.exec(output);
    if (!match) throw new Error(`wrk output without ${pattern}:\n${output}`);
    return match[1];
  };
  return {
    requestsPerSecond: Number(number(/Requests\/sec:\s+([\d.]+)/)),
    p50Ms: toMs(number(/^\s+50%\s+(\S+)/m)),
    p99Ms: toMs(number(/^\s+99%\s+(\S+)/m)),
    requests: Number(number(/(\d+) requests in/)),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
    socketErrors: /Socket errors: ([^\n]+)/.exec(output)?.[1] ?? 'none',
  };
}

function wrk(url: string, seconds: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(wrkPath, ['-t2', '-c50', `-d${seconds}s`, '--latency', url], { timeout: (seconds + 30) * 1000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`wrk failed: ${error.message} ${stderr}`));
      else resolve(stdout);
    });
  });
}

async function measure(name: string, url: string, pid: number, seconds: number, warmupSeconds: number): Promise<WrkFigures> {
  console.log(`  ${name}: ${warmupSeconds} s warm-up, then wrk -t2 -c50 -d${seconds}s --latency`);
  await wrk(url, warmupSeconds);
  const cpuBefore = cpuSeconds(pid);
  const parsed = parseWrk(await wrk(url, seconds));
  const figures = { ...parsed, cpuMicrosPerRequest: ((cpuSeconds(pid) - cpuBefore) * 1e6) / parsed.requests };
  console.log(`    ${Math.round(figures.requestsPerSecond)} requests/s, p50 ${ms(figures.p50Ms)} ms, p99 ${ms(figures.p99Ms)} ms, ` +
    `${Math.round(figures.cpuMicrosPerRequest)} µs CPU per request`);
  return figures;
}

/** Starts bareServer.ts as a child process; resolves with its port and a stop function. */
async function startBareServer(args: string[]): Promise<{ port: number; pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench/apiserver/bareServer.ts'), ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(child.pid!, 'SIGTERM');
    if (!(await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]))) {
      process.kill(child.pid!, 'SIGKILL');
      await exited;
    }
  };
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bare server did not start: ${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bare server exited (${code}): ${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { port, pid: child.pid!, stop };
}

export async function getThroughputBenchmark(seconds = 15, warmupSeconds = 3): Promise<GetThroughputResult> {
  if (!existsSync(wrkPath)) throw new Error(`${wrkPath} is missing (hack/install-system-deps.sh installs it)`);
  const kubets = await KubetsProcess.start('get');
  const scratch = mkdtempSync(join(tmpdir(), 'kubets-bench-bare-'));
  let bare: Awaited<ReturnType<typeof startBareServer>> | undefined;
  const path = '/api/v1/namespaces/default/configmaps/x';
  try {
    await kubets.waitUntilReady();
    const agent = kubets.adminAgent(1);
    const created = await request(kubets.port, 'POST', '/api/v1/namespaces/default/configmaps', {
      agent,
      body: {
        apiVersion: 'v1', kind: 'ConfigMap',
        metadata: { name: 'x', labels: { app: 'bench' } },
        data: { 'app.properties': 'color=blue\nsize=large\nretries=3\n', 'log-level': 'info', 'feature-flags': 'a,b,c' },
      },
    });
    agent.destroy();
    if (created.status !== 201) throw new Error(`creating configmap x: ${created.status} ${created.body}`);

    // wrk has no client certificate: the GET must work for an anonymous TLS client.
    const ca = kubets.tls().ca;
    const anonymous = await request(kubets.port, 'GET', path, { agent: false, tls: { ca } });
    const contentType = String(anonymous.headers['content-type'] ?? '');
    const result: GetThroughputResult = {
      path, anonymousStatus: anonymous.status, bodyBytes: anonymous.body.length, contentType, seconds, load: '',
    };
    if (anonymous.status !== 200) {
      result.note = `an anonymous GET (no client certificate) answered ${anonymous.status}: ${anonymous.body.toString().slice(0, 200)}; wrk was not run`;
      result.load = loadAverage();
      return result;
    }

    const bodyFile = join(scratch, 'body');
    writeFileSync(bodyFile, anonymous.body);
    const pki = join(kubets.dataDir, 'pki');
    bare = await startBareServer([join(pki, 'apiserver.crt'), join(pki, 'apiserver.key'), bodyFile, contentType]);
    const check = await request(bare.port, 'GET', path, { agent: false, tls: { ca } });
    if (!check.body.equals(anonymous.body) || check.headers['content-type'] !== contentType) {
      throw new Error('the bare server does not return the bytes kubets returned');
    }

    result.kubets = await measure('kubets', `${kubets.url}${path}`, kubets.pid, seconds, warmupSeconds);
    result.bare = await measure('bare Node https server', `https://127.0.0.1:${bare.port}${path}`, bare.pid, seconds, warmupSeconds);
    result.load = loadAverage();
    return result;
  } finally {
    await bare?.stop();
    await kubets.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function getThroughputMarkdown(result: GetThroughputResult): string {
  const method = `Method: a ConfigMap \`x\` (${result.bodyBytes} bytes of \`${result.contentType}\`) in one kubets process; \`wrk -t2 -c50 -d${result.seconds}s --latency https://127.0.0.1:PORT${result.path}\` (no client certificate, so kubets serves it as system:anonymous),
then the same against a bare Node \`https\` server in a child process (one process, kubets' serving certificate and key from DIR/pki/apiserver.{crt,key}, answering every request with the bytes kubets returned and the same Content-Type, plus Content-Length).
Side by side in one run, kubets first, each after a few seconds of wrk warm-up that is not counted. wrk's two threads share the machine's two cores with the server under test. CPU per request is the server process's user + system time (/proc/PID/stat) over the measured run divided by the requests wrk completed. Load average at the end: ${result.load}.`;
  if (!result.kubets || !result.bare) return `### GET of one object (wrk)\n\n${method}\n\nNot measured: ${result.note}.\n`;
  const ratio = result.kubets.requestsPerSecond / result.bare.requestsPerSecond;
  const row = (name: string, f: WrkFigures) =>
    `| ${name} | ${Math.round(f.requestsPerSecond)} | ${ms(f.p50Ms)} | ${ms(f.p99Ms)} | ${Math.round(f.cpuMicrosPerRequest)} | ${f.requests} | ${f.non2xx} | ${f.socketErrors} |`;
  return `### GET of one object (wrk)

${method}

| server | requests/s | p50 ms | p99 ms | server CPU µs per request | requests | non-2xx | socket errors |
|---|---|---|---|---|---|---|---|
${row('kubets', result.kubets)}
${row('bare Node https (anchor)', result.bare)}

kubets served ${Math.round(ratio * 100)}% of the bare server's requests/s: target ≥ 50% ${ratio >= 0.5 ? 'met' : '**missed**'}.
`;
}
