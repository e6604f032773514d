// `kubets up --nodes 3` as a user runs it: three simulated nodes register Ready, and pods bound
// to them with kubectl (spec.nodeName, until the scheduler exists) run and report a pod IP from
// their node's pod CIDR; `kubectl logs` and `kubectl top` reach them through the nodes' kubelet
// server; `kubectl delete` removes them.
import { eventually } from '../helpers/kubectl.js';
import { useKubetsUp } from '../helpers/kubetsProcess.js';

const cluster = useKubetsUp('nodes', ['--nodes', '3']);

test('three nodes register Ready and run the pods bound to them', async () => {
  await eventually(async () => {
    const out = await cluster.kubectl.run(['get', 'nodes', '--no-headers']);
    return out.stdout.trim().split('\n').filter((l) => /\sReady\s/.test(l)).length === 3;
  }, 30_000);
  const nodes = (await cluster.kubectl.ok(['get', 'nodes', '-o', 'name'])).trim().split('\n');
  expect(nodes).toEqual(['node/kubets-node-1', 'node/kubets-node-2', 'node/kubets-node-3']);

  for (const node of ['kubets-node-2', 'kubets-node-3']) {
    await cluster.kubectl.ok(['run', `on-${node}`, '--image=busybox', `--overrides={"spec":{"nodeName":"${node}"}}`, '--', 'sh', '-c', `echo hello from ${node}; sleep 3600`]);
  }
  await cluster.kubectl.ok(['wait', '--for=condition=Ready', 'pod/on-kubets-node-2', 'pod/on-kubets-node-3', '--timeout=30s']);
  const wide = await cluster.kubectl.ok(['get', 'pods', '-o', 'wide', '--no-headers']);
  expect(wide).toMatch(/on-kubets-node-2\s+1\/1\s+Running\s+0\s+\S+\s+10\.128\.1\.\d+\s+kubets-node-2/);
  expect(wide).toMatch(/on-kubets-node-3\s+1\/1\s+Running\s+0\s+\S+\s+10\.128\.2\.\d+\s+kubets-node-3/);

  expect(await cluster.kubectl.ok(['logs', 'on-kubets-node-3'])).toBe('hello from kubets-node-3\n');
  await eventually(async () => /on-kubets-node-2\s+\d+m\s+\d+Mi/.test((await cluster.kubectl.run(['top', 'pod', '--no-headers'])).stdout), 20_000);

  await cluster.kubectl.ok(['delete', 'pod', 'on-kubets-node-2', 'on-kubets-node-3', '--timeout=30s']);
  expect((await cluster.kubectl.ok(['get', 'pods', '--no-headers', '--ignore-not-found'])).trim()).toBe('');
}, 90_000);
