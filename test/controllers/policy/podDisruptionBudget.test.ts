// PodDisruptionBudgets under `kubets up --nodes 2` with kubectl 1.33: the disruption
// controller's status (expected pods from the Deployment's scale for maxUnavailable, healthy
// pods, disruptions allowed, DisruptionAllowed), `kubectl drain` evicting what the budget allows
// and refused with upstream's 429 for the rest, and the budget recovering once a replacement runs.
import { eventually } from '../../helpers/kubectl.js';
import { useKubetsUp } from '../../helpers/kubetsProcess.js';

const cluster = useKubetsUp('pdb', ['--nodes', '2']);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const budget = async (name: string): Promise<Json> => JSON.parse(await cluster.kubectl.ok(['get', 'pdb', name, '-o', 'json'])) as Json;

test('drain evicts what the budget allows and is refused for the rest', async () => {
  await cluster.kubectl.ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=2']);
  await cluster.kubectl.ok(['patch', 'deployment', 'web', '--type=merge', '-p', '{"spec":{"template":{"spec":{"nodeSelector":{"kubernetes.io/hostname":"kubets-node-1"}}}}}']);
  await cluster.kubectl.ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
  await cluster.kubectl.ok(['create', 'pdb', 'web', '--selector=app=web', '--max-unavailable=1']);
  await eventually(async () => (await budget('web')).status?.disruptionsAllowed === 1, 20_000);
  const { status, metadata } = await budget('web');
  expect(status).toMatchObject({ currentHealthy: 2, desiredHealthy: 1, disruptionsAllowed: 1, expectedPods: 2, observedGeneration: metadata.generation });
  expect(status.conditions).toEqual([expect.objectContaining({ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods' })]);
  expect(await cluster.kubectl.ok(['get', 'pdb', 'web', '--no-headers'])).toMatch(/^web\s+N\/A\s+1\s+1\s/);

  const drain = await cluster.kubectl.run(['drain', 'kubets-node-1', '--ignore-daemonsets', '--timeout=12s']);
  expect(drain.code).not.toBe(0);
  expect(drain.stdout + drain.stderr).toContain("(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.");
  expect((drain.stdout.match(/ evicted/g) ?? []).length).toBe(1);
  const after = await budget('web');
  expect(after.status).toMatchObject({ currentHealthy: 1, desiredHealthy: 1, disruptionsAllowed: 0 });
  expect(after.status.conditions).toEqual([expect.objectContaining({ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' })]);

  // The eviction subresource's refusal as a raw request shows.
  const podNames = (await cluster.kubectl.ok(['get', 'pods', '-l', 'app=web', '--field-selector', 'spec.nodeName=kubets-node-1', '-o', 'jsonpath={.items[*].metadata.name}'])).trim().split(' ');
  expect(podNames).toHaveLength(1);
  const eviction = JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: podNames[0], namespace: 'default' } });
  const refused = await cluster.kubectl.run(['create', '--raw', `/api/v1/namespaces/default/pods/${podNames[0]}/eviction`, '-f', '-'], eviction);
  expect(refused.stderr.trim()).toBe("Error from server (TooManyRequests): Cannot evict pod as it would violate the pod's disruption budget.");

  // Uncordoned, the replacement runs and the budget allows one disruption again.
  await cluster.kubectl.ok(['uncordon', 'kubets-node-1']);
  await eventually(async () => (await budget('web')).status?.disruptionsAllowed === 1, 60_000);
}, 120_000);

test('an integer minAvailable counts the matching pods', async () => {
  await cluster.kubectl.ok(['run', 'solo', '--image=busybox', '--labels=role=solo', '--', 'sleep', '3600']);
  await cluster.kubectl.ok(['wait', '--for=condition=Ready', 'pod/solo', '--timeout=30s']);
  await cluster.kubectl.ok(['create', 'pdb', 'solo', '--selector=role=solo', '--min-available=1']);
  await eventually(async () => (await budget('solo')).status?.expectedPods === 1, 20_000);
  expect((await budget('solo')).status).toMatchObject({ currentHealthy: 1, desiredHealthy: 1, disruptionsAllowed: 0, expectedPods: 1 });
  const drained = await cluster.kubectl.run(['drain', (await cluster.kubectl.ok(['get', 'pod', 'solo', '-o', 'jsonpath={.spec.nodeName}'])).trim(), '--ignore-daemonsets', '--timeout=6s', '--force', '--pod-selector=role=solo']);
  expect(drained.stdout + drained.stderr).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
  expect((await cluster.kubectl.run(['get', 'pod', 'solo'])).code).toBe(0);
}, 60_000);
