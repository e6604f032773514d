// A private real containerd for tests: Debian's containerd, runc and CNI plugins started by
// kubets' own ContainerdProcess under a fresh temporary data dir (its own socket, CNI bridge and
// a pod subnet no other bridge routes), with the pause and busybox images imported. stop()
// removes every pod sandbox through the CRI, stops containerd by its PID, ends leftover shims by
// theirs, unmounts what is left under the data dir, deletes the bridge and the dir. containerd
// is killed at process exit if a test did not get that far.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CriClient } from '../../src/cri/index.js';
import { ContainerdProcess, type ContainerdNetwork } from '../../src/cri/containerd/index.js';

const running = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of running) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  });
}

/** PIDs of the containerd shims that serve the containerd listening on `socketPath`. */
function shimPids(socketPath: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv[0].endsWith('containerd-shim-runc-v2') && argv.includes(socketPath)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/**
 * A /16 pod subnet no bridge of this machine routes yet (several test files may each run a
 * containerd at once), starting from one picked by PID.
 */
function freePodSubnet(): string {
  const routes = execFileSync('ip', ['-4', 'route'], { encoding: 'utf8' });
  for (let i = 0; i < 100; i++) {
    const octet = 100 + ((process.pid + i) % 100);
    if (!routes.includes(`10.${octet}.`)) return `10.${octet}.0.0/16`;
  }
  throw new Error('no free 10.x.0.0/16 pod subnet among 10.100-10.199');
}

/** Mount points under `dir`, deepest first. */
function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
    .map((line) => line.split(' ')[4])
    .filter((mount) => mount?.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

/** Ends what a containerd on `socketPath` left running (shims) and mounted under `dir`, and
 * deletes its bridge: for a containerd a test did not start through TestContainerd. */
export function removeContainerdLeftovers(socketPath: string, dir: string, bridge: string): void {
  for (const shim of shimPids(socketPath)) {
    try {
      process.kill(shim, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  for (const mount of mountsUnder(dir)) execFileSync('umount', ['-l', mount]);
  try {
    execFileSync('ip', ['link', 'delete', bridge], { stdio: 'ignore' });
  } catch {
    // no bridge: no pod ever ran
  }
}

export class TestContainerd {
  private constructor(
    readonly process: ContainerdProcess,
    readonly cri: CriClient,
    readonly dir: string,
    private readonly bridge: string,
  ) {}

  static async start(network: ContainerdNetwork = {}): Promise<TestContainerd> {
    installExitHook();
    const dir = await mkdtemp(join(tmpdir(), 'kubets-ctrd-'));
    const bridge = network.bridge ?? `kt${process.pid % 100000}`;
    const containerd = await ContainerdProcess.start({ dataDir: dir, podSubnet: network.podSubnet ?? freePodSubnet(), bridge });
    running.add(containerd.pid!);
    return new TestContainerd(containerd, new CriClient(containerd.endpoint, { timeoutMs: 30_000 }), dir, bridge);
  }

  async stop(): Promise<void> {
    const { items } = await this.cri.runtime.listPodSandbox({}).catch(() => ({ items: [] }));
    for (const sandbox of items) {
      await this.cri.runtime.stopPodSandbox({ podSandboxId: sandbox.id }).catch(() => undefined);
      await this.cri.runtime.removePodSandbox({ podSandboxId: sandbox.id }).catch(() => undefined);
    }
    this.cri.close();
    const pid = this.process.pid;
    await this.process.stop();
    if (pid) running.delete(pid);
    removeContainerdLeftovers(this.process.layout.socketPath, this.dir, this.bridge);
    await rm(this.dir, { recursive: true, force: true });
  }
}
