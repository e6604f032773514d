// ContainerdProcess: a private containerd for one kubets node, run as a child process under a
// data dir (config, root, state, socket, CNI, log file): started once its CRI answers, the pause
// and busybox images imported on first start, restarted with back-off (1 s doubling to 30 s)
// when it dies unexpectedly, and stopped by its PID (SIGTERM, then SIGKILL after a grace time).
// Pods outlive a stop, as on any node: containerd finds them again when it starts on the same
// data dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { logger } from '../../log/index.js';
import { CriClient } from '../client.js';
import { ensureBusyboxImages } from './busyboxImages.js';
import { containerdLayout, writeContainerdConfig, type ContainerdLayout, type ContainerdNetwork } from './config.js';
import { assertPrerequisites } from './prerequisites.js';

const log = logger('containerd');

export interface ContainerdOptions extends ContainerdNetwork {
  dataDir: string;
  /** How long to wait for the CRI to answer after a start, ms (default 30000). */
  startTimeoutMs?: number;
  /** How long a stop waits after SIGTERM before SIGKILL, ms (default 10000). */
  stopGraceMs?: number;
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export class ContainerdProcess {
  readonly layout: ContainerdLayout;
  private child?: ChildProcess;
  private stopping = false;
  private restartDelayMs = 1000;
  private probe: CriClient;

  private constructor(private readonly options: ContainerdOptions) {
    this.layout = containerdLayout(options.dataDir);
    this.probe = new CriClient(this.layout.socketPath, { timeoutMs: 2000 });
  }

  /** Checks the machine, writes the configuration, starts containerd and imports the images. */
  static async start(options: ContainerdOptions): Promise<ContainerdProcess> {
    assertPrerequisites();
    const containerd = new ContainerdProcess(options);
    await mkdir(options.dataDir, { recursive: true });
    await writeContainerdConfig(containerd.layout, options);
    try {
      await containerd.launch();
      await ensureBusyboxImages(containerd.layout, containerd.probe.image);
    } catch (error) {
      await containerd.stop();
      throw error;
    }
    return containerd;
  }

  /** `unix://<data dir>/containerd.sock`, the endpoint a CriClient connects to. */
  get endpoint(): string {
    return `unix://${this.layout.socketPath}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private async launch(): Promise<void> {
    const output = openSync(this.layout.logFile, 'a');
    const child = spawn('/usr/bin/containerd', ['--config', this.layout.configFile], { stdio: ['ignore', output, output] });
    closeSync(output);
    this.child = child;
    let exited = false;
    child.on('exit', (code, signal) => {
      exited = true;
      if (this.child !== child || this.stopping) return;
      log.warn('containerd exited; restarting', { code, signal, restartInMs: this.restartDelayMs, log: tail(this.layout.logFile, 5) });
      void this.restart();
    });
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 30_000);
    while (Date.now() < deadline) {
      if (exited) throw new Error(`containerd exited at start; its log ${this.layout.logFile} ends with:\n${tail(this.layout.logFile)}`);
      try {
        await this.probe.runtime.version({}, { timeoutMs: 1000 });
        this.restartDelayMs = 1000;
        log.info('containerd running', { pid: child.pid, endpoint: this.endpoint });
        return;
      } catch {
        await sleep(100);
      }
    }
    throw new Error(`containerd did not answer within the start timeout; its log ${this.layout.logFile} ends with:\n${tail(this.layout.logFile)}`);
  }

  private async restart(): Promise<void> {
    await sleep(this.restartDelayMs);
    this.restartDelayMs = Math.min(this.restartDelayMs * 2, 30_000);
    if (this.stopping) return;
    await this.launch().catch((error: Error) => log.error('containerd restart failed', { error: error.message }));
  }

  /** Stops containerd (its pods keep running in their shims). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.probe.close();
    const child = this.child;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(child.pid, 'SIGTERM');
    const killed = await Promise.race([exited.then(() => false), sleep(this.options.stopGraceMs ?? 10_000).then(() => true)]);
    if (killed) {
      process.kill(child.pid, 'SIGKILL');
      await exited;
    }
  }
}
