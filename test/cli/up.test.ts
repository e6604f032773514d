// `kubets up` as users run it: the API server and the controller manager in one process, so
// kubectl's cascading deletes complete (the garbage collector runs); a controller manager that
// fails in its thread takes the process down with the error.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KUBECTL_VERSIONS, Kubectl } from '../helpers/kubectl.js';
import { freePort, startKubets, type KubetsProcess } from '../helpers/kubetsProcess.js';

const CLI = join(import.meta.dirname, '../../src/cli/kubets.ts');

let kubets: KubetsProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kubets-up-'));
  kubets = await startKubets(dataDir, await freePort());
});

afterAll(async () => {
  expect(await kubets.stop()).toBe(0);
  rmSync(dataDir, { recursive: true, force: true });
});

async function ownerWithDependents(k: Kubectl, owner: string): Promise<void> {
  await k.ok(['create', 'configmap', owner]);
  const uid = (await k.ok(['get', 'configmap', owner, '-o', 'jsonpath={.metadata.uid}'])).trim();
  for (const suffix of ['a', 'b']) {
    await k.ok(['create', '-f', '-'], JSON.stringify({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: `${owner}-${suffix}`, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner, uid, blockOwnerDeletion: true }] },
    }));
  }
}

const names = async (k: Kubectl, prefix: string) =>
  (await k.ok(['get', 'configmaps', '-o', 'name'])).split('\n').filter((n) => n.startsWith(`configmap/${prefix}`)).sort();

test.each(KUBECTL_VERSIONS)('kubectl %s: delete with each --cascade completes', async (version) => {
  const k = new Kubectl(version, kubets.kubeconfig);
  const v = version.replace('.', '');
  for (const cascade of ['background', 'foreground', 'orphan']) {
    const owner = `own-${cascade}-${v}`;
    await ownerWithDependents(k, owner);
    const started = Date.now();
    expect(await k.ok(['delete', 'configmap', owner, `--cascade=${cascade}`, '--timeout=20s'])).toBe(`configmap "${owner}" deleted\n`);
    expect(Date.now() - started).toBeLessThan(10_000);
    if (cascade === 'orphan') {
      expect(await names(k, owner)).toEqual([`configmap/${owner}-a`, `configmap/${owner}-b`]);
      const dependent = JSON.parse(await k.ok(['get', 'configmap', `${owner}-a`, '-o', 'json']));
      expect(dependent.metadata.ownerReferences).toBeUndefined();
    } else {
      const deadline = Date.now() + 10_000;
      while ((await names(k, owner)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await names(k, owner)).toEqual([]);
    }
  }
});

test('a controller manager that cannot start ends kubets up with its error and exit code 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubets-up-fail-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'up', '--data-dir', dir, '--port', String(await freePort()),
      '--node-monitor-grace-period', 'nonsense', '--controller-manager-metrics-bind-address', '0', '--scheduler-metrics-bind-address', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('API server ready');
    expect(output).toContain('time: invalid duration "nonsense"');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
