// A private etcd for tests: Debian's /usr/bin/etcd (or $ETCD_BIN) on loopback, free random
// ports, its own temporary data dir. It can be killed (SIGKILL) and restarted on the same
// data dir and ports, to test what survives a crash.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface EtcdServerOptions {
  /** More etcd flags, e.g. `--experimental-watch-progress-notify-interval=1s`. */
  extraArgs?: string[];
  /** How long to wait for etcd to answer, ms (default 30000). */
  startTimeoutMs?: number;
}

const binary = process.env.ETCD_BIN ?? '/usr/bin/etcd';
const stopGraceMs = 10_000;
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills every etcd still running when the test process exits, so none outlives it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) {
      if (child.pid !== undefined) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
    }
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class EtcdServer {
  /** The client URL, e.g. `http://127.0.0.1:41234`. */
  readonly endpoint: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stderrTail = '';
  private removed = false;

  private constructor(
    readonly dataDir: string,
    clientPort: number,
    private readonly peerPort: number,
    private readonly options: EtcdServerOptions,
  ) {
    this.endpoint = `http://127.0.0.1:${clientPort}`;
  }

  /** Starts a fresh etcd and waits until it answers. */
  static async start(options: EtcdServerOptions = {}): Promise<EtcdServer> {
    try {
      await access(binary, fsConstants.X_OK);
    } catch {
      throw new Error(
        `etcd is not installed at ${binary}: install it with "apt-get install etcd-server" ` +
          '(or point ETCD_BIN at an etcd binary)',
      );
    }
    installExitHook();
    let lastError: unknown;
    // Another process can take a "free" port before etcd binds it: try fresh ports again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const dataDir = await mkdtemp(join(tmpdir(), 'kubets-etcd-'));
      const server = new EtcdServer(dataDir, await freePort(), await freePort(), options);
      try {
        await server.launch();
        return server;
      } catch (error) {
        lastError = error;
        await server.stop();
      }
    }
    throw lastError;
  }

  /** The etcd process id while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Stops etcd (SIGTERM, then SIGKILL after 10s) and removes its data dir. */
  async stop(options: { keepData?: boolean } = {}): Promise<void> {
    await this.terminate('SIGTERM');
    if (!options.keepData && !this.removed) {
      this.removed = true;
      await rm(this.dataDir, { recursive: true, force: true });
    }
  }

  /** Crashes etcd (SIGKILL) and waits until it is gone. The data dir stays for restart(). */
  async kill(): Promise<void> {
    await this.terminate('SIGKILL');
  }

  /** Stops etcd if it runs (SIGTERM) and starts it again on the same data dir and ports. */
  async restart(): Promise<void> {
    if (this.removed) throw new Error('etcd was stopped and its data dir removed: cannot restart');
    await this.terminate('SIGTERM');
    await this.launch();
  }

  private async launch(): Promise<void> {
    const peerUrl = `http://127.0.0.1:${this.peerPort}`;
    const args = [
      '--name', 'kubets-test',
      '--data-dir', this.dataDir,
      '--listen-client-urls', this.endpoint,
      '--advertise-client-urls', this.endpoint,
      '--listen-peer-urls', peerUrl,
      '--initial-advertise-peer-urls', peerUrl,
      '--initial-cluster', `kubets-test=${peerUrl}`,
      '--initial-cluster-state', 'new',
      '--initial-cluster-token', `kubets-${randomBytes(4).toString('hex')}`,
      '--logger', 'zap',
      '--log-outputs', 'stderr',
      '--log-level', 'error',
      ...(this.options.extraArgs ?? []),
    ];
    this.stderrTail = '';
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    running.add(child);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-4000);
    });
    let exitCode: string | undefined;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        exitCode = signal ?? String(code);
        running.delete(child);
        if (this.child === child) this.child = undefined;
        resolve();
      });
      child.once('error', (error) => {
        exitCode = error.message;
        running.delete(child);
        if (this.child === child) this.child = undefined;
        resolve();
      });
    });
    await this.waitHealthy(() => exitCode);
  }

  private async waitHealthy(exitCode: () => string | undefined): Promise<void> {
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 30_000);
    while (Date.now() < deadline) {
      const code = exitCode();
      if (code !== undefined) {
        throw new Error(`etcd exited (${code}) while starting:\n${this.stderrTail}`);
      }
      try {
        const res = await fetch(`${this.endpoint}/health`, { signal: AbortSignal.timeout(1000) });
        const body = await res.text();
        if (res.ok && body.includes('"health":"true"')) return;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    await this.terminate('SIGKILL');
    throw new Error(`etcd did not answer on ${this.endpoint} in time:\n${this.stderrTail}`);
  }

  private async terminate(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.pid === undefined) return;
    const pid = child.pid;
    try {
      process.kill(pid, signal);
    } catch {
      // exited already
    }
    if (signal === 'SIGTERM') {
      const timer = setTimeout(() => {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // exited meanwhile
        }
      }, stopGraceMs);
      await this.exited;
      clearTimeout(timer);
    } else {
      await this.exited;
    }
  }
}
