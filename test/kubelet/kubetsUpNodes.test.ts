// `kubets up --nodes 3` as a user runs it: three simulated nodes register Ready, and pods bound
// to them with kubectl (spec.nodeName, until the scheduler exists) run and report a pod IP from
// their node's pod CIDR; `kubectl logs` and `kubectl top` reach them through the nodes' kubelet
// server; `kubectl delete` removes them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, Kubectl } from '../helpers/kubectl.js';
import { freePort, startKubets, type KubetsProcess } from '../helpers/kubetsProcess.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kubets-nodes-'));
let kubets: KubetsProcess;
let kubectl: Kubectl;

beforeAll(async () => {
  kubets = await startKubets(dataDir, await freePort(), ['--nodes', '3']);
  kubectl = new Kubectl('1.33', kubets.kubeconfig);
}, 60_000);

afterAll(async () => {
  await kubets?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('three nodes register Ready and run the pods bound to them', async () => {
  await eventually(async () => {
    const out = await kubectl.run(['get', 'nodes', '--no-headers']);
    return out.stdout.trim().split('\n').filter((l) => /\sReady\s/.test(l)).length === 3;
  }, 30_000);
  const nodes = (await kubectl.ok(['get', 'nodes', '-o', 'name'])).trim().split('\n');
  expect(nodes).toEqual(['node/kubets-node-1', 'node/kubets-node-2', 'node/kubets-node-3']);

  for (const node of ['kubets-node-2', 'kubets-node-3']) {
    await kubectl.ok(['run', `on-${node}`, '--image=busybox', `--overrides={"spec":{"nodeName":"${node}"}}`, '--', 'sh', '-c', `echo hello from ${node}; sleep 3600`]);
  }
  await kubectl.ok(['wait', '--for=condition=Ready', 'pod/on-kubets-node-2', 'pod/on-kubets-node-3', '--timeout=30s']);
  const wide = await kubectl.ok(['get', 'pods', '-o', 'wide', '--no-headers']);
  expect(wide).toMatch(/on-kubets-node-2\s+1\/1\s+Running\s+0\s+\S+\s+10\.128\.1\.\d+\s+kubets-node-2/);
  expect(wide).toMatch(/on-kubets-node-3\s+1\/1\s+Running\s+0\s+\S+\s+10\.128\.2\.\d+\s+kubets-node-3/);

  expect(await kubectl.ok(['logs', 'on-kubets-node-3'])).toBe('hello from kubets-node-3\n');
  await eventually(async () => /on-kubets-node-2\s+\d+m\s+\d+Mi/.test((await kubectl.run(['top', 'pod', '--no-headers'])).stdout), 20_000);

  await kubectl.ok(['delete', 'pod', 'on-kubets-node-2', 'on-kubets-node-3', '--timeout=30s']);
  expect((await kubectl.ok(['get', 'pods', '--no-headers', '--ignore-not-found'])).trim()).toBe('');
}, 90_000);
