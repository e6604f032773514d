// A `kubets up` child process for the API server benchmarks: a fresh data directory, a free
// port, waiting until it serves, its memory, and stopping it (SIGTERM by PID) and removing the
// directory. Also the HTTPS client the benchmarks share.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Agent, request as httpsRequest, type AgentOptions } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface Runner {
  /** Arguments to `node` before the `kubets` arguments. */
  nodeArgs: string[];
  /** How kubets is run, for the report. */
  description: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

let runner: Runner | undefined;

/**
 * The built `dist/` when every compiled file is at least as new as its source (`npm run bench`
 * builds first, so that is the usual case), else the TypeScript sources through tsx. Decided
 * once per run, so every benchmark in a run starts kubets the same way.
 */
export function kubetsRunner(): Runner {
  if (runner) return runner;
  const src = join(repoRoot, 'src');
  const stale = sourceFiles(src).filter((file) => {
    const built = join(repoRoot, 'dist', relative(src, file)).replace(/\.ts$/, '.js');
    return !existsSync(built) || statSync(built).mtimeMs < statSync(file).mtimeMs;
  });
  // KUBETS_BENCH_NODE_ARGS adds node flags to every kubets process a benchmark starts, e.g.
  // `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them.
  const extra = process.env.KUBETS_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  runner = stale.length === 0
    ? { nodeArgs: [...extra, join(repoRoot, 'dist/cli/kubets.js')], description: '`node dist/cli/kubets.js up` (the build is up to date)' }
    : {
      nodeArgs: [...extra, '--import', 'tsx', join(repoRoot, 'src/cli/kubets.ts')],
      description: `\`node --import tsx src/cli/kubets.ts up\` (dist/ is older than ${stale.length} source files, so the sources run through tsx)`,
    };
  return runner;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** VmRSS of a process in bytes. */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

/** CPU time (user + system) a process used so far, in seconds (Linux clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(', ');
}

export interface TlsFiles {
  ca: string;
  cert: string;
  key: string;
}

export class KubetsProcess {
  readonly url: string;
  readonly kubeconfig: string;
  /** When the ready line was printed (performance.now()), and the start-up time kubets itself printed. */
  readyLineAt = 0;
  reportedReadyMs = 0;
  private output: string[] = [];
  private exited: Promise<void>;
  private ready: Promise<void>;

  private constructor(readonly child: ChildProcess, readonly dataDir: string, readonly port: number, readonly spawnedAt: number) {
    this.url = `https://127.0.0.1:${port}`;
    this.kubeconfig = join(dataDir, 'kubeconfig');
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let markReady: () => void;
    let failReady: (error: Error) => void;
    this.ready = new Promise((resolve, reject) => { markReady = resolve; failReady = reject; });
    this.ready.catch(() => undefined); // awaited in waitUntilReady; an early exit is not unhandled
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        this.output.push(line);
        if (this.output.length > 50) this.output.shift();
        if (line.includes('API server ready at') && !this.readyLineAt) {
          this.readyLineAt = performance.now();
          this.reportedReadyMs = Number(/ in (\d+) ms/.exec(line)?.[1] ?? NaN);
          markReady();
        }
      }
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('exit', (code, signal) => failReady(new Error(`kubets exited (${code ?? signal}) before it was ready:\n${this.log()}`)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Spawns `kubets up` (with `args`) in a new temporary data directory on a free port. */
  static async start(name: string, args: string[] = []): Promise<KubetsProcess> {
    const dataDir = mkdtempSync(join(tmpdir(), `kubets-bench-${name}-`));
    const port = await freePort();
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, [...kubetsRunner().nodeArgs, 'up', '--data-dir', dataDir, '--port', String(port), ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new KubetsProcess(child, dataDir, port, spawnedAt);
  }

  /** Resolves once kubets printed its ready line (it writes the kubeconfig just before). */
  async waitUntilReady(timeoutMs = 60_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`kubets not ready after ${timeoutMs} ms:\n${this.log()}`)), timeoutMs);
    });
    try {
      await Promise.race([this.ready, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  tls(): TlsFiles {
    const pki = join(this.dataDir, 'pki');
    return {
      ca: readFileSync(join(pki, 'ca.crt'), 'utf8'),
      cert: readFileSync(join(pki, 'admin.crt'), 'utf8'),
      key: readFileSync(join(pki, 'admin.key'), 'utf8'),
    };
  }

  /** A keep-alive HTTPS agent with the admin client certificate. */
  adminAgent(maxSockets: number): Agent {
    const options: AgentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, ...this.tls() };
    return new Agent(options);
  }

  log(): string {
    return this.output.join('\n');
  }

  /** SIGTERM by PID, SIGKILL after 10 s, then the data directory is removed. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      process.kill(this.pid, 'SIGTERM');
      const stopped = await Promise.race([this.exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!stopped) {
        console.warn(`  kubets (pid ${this.pid}) did not stop within 10 s of SIGTERM: SIGKILL`);
        process.kill(this.pid, 'SIGKILL');
        await this.exited;
      }
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export interface Reply {
  status: number;
  /** performance.now() when the status line and headers arrived. */
  headersAt: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface RequestOptions {
  /** false: a new connection for this request. */
  agent?: Agent | false;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** TLS options when no agent is given. */
  tls?: Partial<TlsFiles> & { rejectUnauthorized?: boolean };
}

/** One HTTPS request to 127.0.0.1; the whole body is read. Network errors and timeouts reject. */
export function request(port: number, method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const req = httpsRequest({
      host: '127.0.0.1',
      port,
      method,
      path,
      agent: options.agent,
      ...options.tls,
      headers: {
        Accept: 'application/json',
        ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}),
        ...options.headers,
      },
    }, (response) => {
      const headersAt = performance.now();
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headersAt, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error(`timeout after ${options.timeoutMs ?? 30_000} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs `task(0..count-1)` with at most `concurrency` in flight; the first failure stops the rest. */
export async function inParallel(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      try {
        await task(next++);
      } catch (error) {
        next = count;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** A small seeded random generator (mulberry32), so every run draws the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
