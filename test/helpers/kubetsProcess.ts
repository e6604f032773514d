// `kubets up` as users run it: a child process on a free port, ready when /readyz answers;
// useKubetsUp gives a test file one for its tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, Kubectl } from './kubectl.js';

const CLI = join(import.meta.dirname, '../../src/cli/kubets.ts');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface KubetsProcess {
  child: ChildProcess;
  kubeconfig: string;
  output(): string;
  /** SIGTERM, then wait for the exit code. */
  stop(): Promise<number | null>;
}

export async function startKubets(dataDir: string, port: number, extraArgs: string[] = []): Promise<KubetsProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'up', '--data-dir', dataDir, '--port', String(port), ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const kubeconfig = join(dataDir, 'kubeconfig');
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`kubets up exited early:\n${out}`);
    if (Date.now() > deadline) throw new Error(`kubets up was not ready in 30 s:\n${out}`);
    if (existsSync(kubeconfig) && out.includes('ready')) {
      const result = await new Kubectl('1.33', kubeconfig).run(['get', '--raw', '/readyz']);
      if (result.code === 0 && result.stdout.trim() === 'ok') break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    kubeconfig,
    output: () => out,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    }),
  };
}

/** A `kubets up` (with `args`) for one test file: started before its tests, once its nodes
 * (`--nodes`, 1 by default) are Ready and the `default` ServiceAccount exists (pods can be
 * created), and stopped with its data dir removed after. */
export function useKubetsUp(name: string, args: string[] = []): { readonly kubets: KubetsProcess; readonly kubectl: Kubectl; readonly dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), `kubets-${name}-`));
  const nodesFlag = args.indexOf('--nodes');
  const nodes = nodesFlag >= 0 ? Number(args[nodesFlag + 1]) : 1;
  let kubets: KubetsProcess | undefined;
  let kubectl: Kubectl | undefined;
  beforeAll(async () => {
    kubets = await startKubets(dataDir, await freePort(), args);
    kubectl = new Kubectl('1.33', kubets.kubeconfig);
    const readyNodes = async () => (await kubectl!.run(['get', 'nodes', '--no-headers'])).stdout.split('\n').filter((line) => /\sReady\s/.test(line)).length;
    await eventually(async () => await readyNodes() === nodes, 60_000);
    await eventually(async () => (await kubectl!.run(['get', 'serviceaccount', 'default'])).code === 0, 30_000);
  }, 120_000);
  afterAll(async () => {
    await kubets?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { get kubets() { return kubets!; }, get kubectl() { return kubectl!; }, dataDir };
}
