// Runs the pinned helm (test/helpers/goTools.ts) against a test cluster, with its own fresh
// config, cache and data homes so nothing of the user's Helm set-up leaks in or out.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmBinary } from '../helpers/goTools.js';
import type { KubectlResult } from '../helpers/kubectl.js';

export class Helm {
  private readonly env: NodeJS.ProcessEnv;

  constructor(kubeconfig: string) {
    const home = mkdtempSync(join(tmpdir(), 'helm-home-'));
    this.env = {
      ...process.env,
      KUBECONFIG: kubeconfig,
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_DATA_HOME: join(home, 'data'),
    };
  }

  /** Runs helm to completion; never throws on a non-zero exit. */
  run(args: string[]): Promise<KubectlResult> {
    return new Promise((resolve) => {
      execFile(helmBinary(), args, { env: this.env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ stdout, stderr, code });
      });
    });
  }

  /** Runs helm and fails the test when it exits non-zero. */
  async ok(args: string[]): Promise<string> {
    const result = await this.run(args);
    if (result.code !== 0) throw new Error(`helm ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}`);
    return result.stdout;
  }
}
