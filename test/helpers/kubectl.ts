// Runs the stock kubectl binaries (1.27 through 1.33) against a test cluster, each version
// with its own fresh cache directory.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KUBECTL_VERSIONS = ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33'] as const;
export type KubectlVersion = (typeof KUBECTL_VERSIONS)[number];

const BIN_DIR = process.env.KUBECTL_BIN_DIR ?? '/usr/lib/google-cloud-sdk/bin';
const cacheDirs = new Map<string, string>();

export function kubectlPath(version: KubectlVersion): string {
  const path = join(BIN_DIR, `kubectl.${version}`);
  if (!existsSync(path)) throw new Error(`${path} is missing: the tests need the stock kubectl ${version}`);
  return path;
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export class Kubectl {
  readonly cacheDir: string;

  constructor(readonly version: KubectlVersion, readonly kubeconfig: string, readonly env: Record<string, string> = {}) {
    const key = `${version}:${kubeconfig}`;
    if (!cacheDirs.has(key)) cacheDirs.set(key, mkdtempSync(join(tmpdir(), `kubectl-${version}-cache-`)));
    this.cacheDir = cacheDirs.get(key)!;
  }

  private argv(args: string[]): string[] {
    return ['--kubeconfig', this.kubeconfig, '--cache-dir', this.cacheDir, ...args];
  }

  /** Runs kubectl to completion; never throws on a non-zero exit. */
  run(args: string[], input?: string): Promise<KubectlResult> {
    return new Promise((resolve) => {
      const child = execFile(kubectlPath(this.version), this.argv(args), {
        env: { ...process.env, ...this.env }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024,
      }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ stdout, stderr, code });
      });
      if (input !== undefined) child.stdin!.end(input);
    });
  }

  /** Runs kubectl and fails the test when it exits non-zero. */
  async ok(args: string[], input?: string): Promise<string> {
    const result = await this.run(args, input);
    if (result.code !== 0) {
      throw new Error(`kubectl ${this.version} ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}`);
    }
    return result.stdout;
  }

  /** Starts a long-running kubectl (e.g. `get -w`), collecting its output. */
  start(args: string[]): { child: ChildProcess; output: () => string; stop: () => void } {
    const child = spawn(kubectlPath(this.version), this.argv(args), { env: { ...process.env, ...this.env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    return { child, output: () => out, stop: () => { if (child.exitCode === null) child.kill('SIGTERM'); } };
  }
}

/** Waits until `check` returns true, polling. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
