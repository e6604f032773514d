// The scheduler inside `kubets up --nodes 3` (simulated nodes, 32 CPUs each), driven with
// stock kubectl as a user would: pods without a node get one and run; resources, nodeSelector,
// node affinity, taints, topology spread and pod anti-affinity are respected; a pod too big
// for every node gets upstream's FailedScheduling event and condition and is placed once a
// node fits; a high-priority pod preempts a low-priority one.
import { eventually } from '../helpers/kubectl.js';
import { useKubetsUp } from '../helpers/kubetsProcess.js';

const cluster = useKubetsUp('scheduler', ['--nodes', '3']);

const NODES = ['kubets-node-1', 'kubets-node-2', 'kubets-node-3'];

const nodeOf = async (pod: string) => (await cluster.kubectl.ok(['get', 'pod', pod, '-o', 'jsonpath={.spec.nodeName}'])).trim();
const scheduled = (pod: string) => eventually(async () => (await nodeOf(pod)) !== '', 20_000);

/** Pods from a JSON list on stdin (kubectl apply -f -). */
async function apply(...objects: object[]): Promise<void> {
  await cluster.kubectl.ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
}

function pod(name: string, spec: Record<string, unknown> = {}, labels: Record<string, string> = {}, cpu?: string): object {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels },
    spec: { containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'], resources: cpu ? { requests: { cpu } } : {} }], terminationGracePeriodSeconds: 0, ...spec },
  };
}

async function failedScheduling(pod: string): Promise<string> {
  let message = '';
  await eventually(async () => {
    const out = await cluster.kubectl.ok(['get', 'events', '--field-selector', `involvedObject.name=${pod},reason=FailedScheduling`, '-o', 'jsonpath={.items[-1:].message}']);
    message = out.trim();
    return message !== '';
  }, 20_000);
  return message;
}

async function deletePods(...names: string[]): Promise<void> {
  await cluster.kubectl.ok(['delete', 'pod', ...names, '--wait=true', '--timeout=30s']);
}

test('a pod without a node is scheduled, runs, and gets the Scheduled event', async () => {
  await cluster.kubectl.ok(['run', 'first', '--image=busybox', '--', 'sleep', '3600']);
  await cluster.kubectl.ok(['wait', '--for=condition=Ready', 'pod/first', '--timeout=30s']);
  const node = await nodeOf('first');
  expect(NODES).toContain(node);
  const events = await cluster.kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.name=first,reason=Scheduled', '-o', 'jsonpath={.items[*].message} {.items[*].source.component} {.items[*].type}']);
  expect(events.trim()).toBe(`Successfully assigned default/first to ${node} default-scheduler Normal`);
  expect(await cluster.kubectl.ok(['get', 'pod', 'first', '-o', 'jsonpath={.status.conditions[?(@.type=="PodScheduled")].status}'])).toBe('True');
  // The scheduler leads on its own Lease, as kube-scheduler does.
  expect(await cluster.kubectl.ok(['get', 'lease', '-n', 'kube-system', 'kube-scheduler', '-o', 'jsonpath={.spec.holderIdentity}'])).toMatch(/.+_[0-9a-f-]{36}$/);
  await deletePods('first');
}, 60_000);

test('a pod too big for every node: FailedScheduling with the upstream message, then placed on a node that fits', async () => {
  await apply(pod('huge', {}, {}, '40'));
  const expected = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
  expect(await failedScheduling('huge')).toBe(expected);
  const condition = JSON.parse(await cluster.kubectl.ok(['get', 'pod', 'huge', '-o', 'jsonpath={.status.conditions[?(@.type=="PodScheduled")]}'])) as Record<string, string>;
  expect(condition).toMatchObject({ status: 'False', reason: 'Unschedulable', message: expected });
  const describe = await cluster.kubectl.ok(['describe', 'pod', 'huge']);
  expect(describe).toMatch(/Warning\s+FailedScheduling\s+.*default-scheduler\s+0\/3 nodes are available: 3 Insufficient cpu\./);

  // A bigger node appears: a Node object with its status, Ready with a fresh heartbeat (the
  // node lifecycle controller would taint a node without one), no agent behind it.
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const resources = { cpu: '64', memory: '256Gi', pods: '110' };
  await cluster.kubectl.ok(['create', '-f', '-'], JSON.stringify({
    apiVersion: 'v1', kind: 'Node', metadata: { name: 'big-node', labels: { 'kubernetes.io/hostname': 'big-node' } },
    status: {
      allocatable: resources, capacity: resources,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }],
    },
  }));
  try {
    await scheduled('huge');
    expect(await nodeOf('huge')).toBe('big-node');
  } finally {
    await cluster.kubectl.ok(['delete', 'pod', 'huge', '--force', '--grace-period=0']);
    await cluster.kubectl.ok(['delete', 'node', 'big-node']);
  }
}, 90_000);

test('nodeSelector and required node affinity', async () => {
  await cluster.kubectl.ok(['label', 'node', 'kubets-node-2', 'disk=ssd']);
  await apply(
    pod('on-ssd', { nodeSelector: { disk: 'ssd' } }),
    pod('not-1-or-2', {
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['kubets-node-1', 'kubets-node-2'] }] }] } } },
    }),
    pod('nowhere', { nodeSelector: { disk: 'nvme' } }),
  );
  await scheduled('on-ssd');
  await scheduled('not-1-or-2');
  expect(await nodeOf('on-ssd')).toBe('kubets-node-2');
  expect(await nodeOf('not-1-or-2')).toBe('kubets-node-3');
  expect(await failedScheduling('nowhere')).toBe(
    "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
  );
  // Labelling a node to match is a node update: the waiting pod is placed.
  await cluster.kubectl.ok(['label', 'node', 'kubets-node-1', 'disk=nvme']);
  await scheduled('nowhere');
  expect(await nodeOf('nowhere')).toBe('kubets-node-1');
  await deletePods('on-ssd', 'not-1-or-2', 'nowhere');
  await cluster.kubectl.ok(['label', 'node', 'kubets-node-1', 'disk-']);
  await cluster.kubectl.ok(['label', 'node', 'kubets-node-2', 'disk-']);
}, 90_000);

test('taints keep pods without a toleration off; tolerating pods may land there', async () => {
  for (const node of NODES) await cluster.kubectl.ok(['taint', 'node', node, 'dedicated=gpu:NoSchedule']);
  await apply(pod('intolerant'));
  expect(await failedScheduling('intolerant')).toBe(
    '0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
  );
  await apply(pod('tolerant', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }));
  await scheduled('tolerant');
  await cluster.kubectl.ok(['taint', 'node', 'kubets-node-3', 'dedicated-']);
  await scheduled('intolerant');
  expect(await nodeOf('intolerant')).toBe('kubets-node-3');
  for (const node of NODES.slice(0, 2)) await cluster.kubectl.ok(['taint', 'node', node, 'dedicated-']);
  await deletePods('intolerant', 'tolerant');
}, 90_000);

test('topology spread: six pods with maxSkew 1 over hostnames land two per node', async () => {
  const labels = { app: 'spread' };
  const constraint = { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: labels } };
  // Node 1 is already favoured by a pod of the same app placed there by hand.
  await apply(pod('spread-0', { nodeName: 'kubets-node-1' }, labels), ...[1, 2, 3, 4, 5].map((i) => pod(`spread-${i}`, { topologySpreadConstraints: [constraint] }, labels)));
  const names = [0, 1, 2, 3, 4, 5].map((i) => `spread-${i}`);
  for (const name of names) await scheduled(name);
  const counts: Record<string, number> = {};
  for (const name of names) { const node = await nodeOf(name); counts[node] = (counts[node] ?? 0) + 1; }
  expect(counts).toEqual({ 'kubets-node-1': 2, 'kubets-node-2': 2, 'kubets-node-3': 2 });
  await deletePods(...names);
}, 90_000);

test('pod anti-affinity: one per node, and a fourth waits', async () => {
  const labels = { app: 'anti' };
  const affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: labels } }] } };
  const names = ['anti-1', 'anti-2', 'anti-3', 'anti-4'];
  await apply(...names.map((name) => pod(name, { affinity }, labels)));
  const placed = new Set<string>();
  await eventually(async () => {
    placed.clear();
    for (const name of names) { const node = await nodeOf(name); if (node) placed.add(`${name}@${node}`); }
    return placed.size === 3;
  }, 20_000);
  expect(new Set([...placed].map((p) => p.split('@')[1]))).toEqual(new Set(NODES));
  const waiting = names.find((name) => ![...placed].some((p) => p.startsWith(`${name}@`)))!;
  expect(await failedScheduling(waiting)).toMatch(/^0\/3 nodes are available: 3 node\(s\) didn't match pod anti-affinity rules\. preemption: 0\/3 nodes are available: 3 No preemption victims found for incoming pod\.$/);
  await deletePods(...names);
}, 90_000);

test('preemption: a high-priority pod evicts a low-priority one on the only node it may use', async () => {
  await apply(
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'low' }, value: 10 },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 },
  );
  const onNode3 = { nodeSelector: { 'kubernetes.io/hostname': 'kubets-node-3' } };
  await apply(pod('victim', { ...onNode3, priorityClassName: 'low' }, {}, '30'));
  await cluster.kubectl.ok(['wait', '--for=condition=Ready', 'pod/victim', '--timeout=30s']);
  const victimUid = (await cluster.kubectl.ok(['get', 'pod', 'victim', '-o', 'jsonpath={.metadata.uid}'])).trim();
  await apply(pod('preemptor', { ...onNode3, priorityClassName: 'high' }, {}, '30'));
  await eventually(async () => (await cluster.kubectl.run(['get', 'pod', 'victim'])).code !== 0, 30_000);
  const preemptorUid = (await cluster.kubectl.ok(['get', 'pod', 'preemptor', '-o', 'jsonpath={.metadata.uid}'])).trim();
  const preempted = await cluster.kubectl.ok(['get', 'events', '--field-selector', `involvedObject.uid=${victimUid},reason=Preempted`, '-o', 'jsonpath={.items[*].message}']);
  expect(preempted.trim()).toBe(`Preempted by pod ${preemptorUid} on node kubets-node-3`);
  await cluster.kubectl.ok(['wait', '--for=condition=Ready', 'pod/preemptor', '--timeout=30s']);
  expect(await nodeOf('preemptor')).toBe('kubets-node-3');
  await deletePods('preemptor');
}, 90_000);

test('a WaitForFirstConsumer claim: the pod is placed, the claim gets the selected node, is provisioned and bound, and the pod runs', async () => {
  await apply(
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    pod('with-claim', { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] }),
  );
  await scheduled('with-claim');
  const node = await nodeOf('with-claim');
  expect(await cluster.kubectl.ok(['get', 'pvc', 'data', '-o', 'jsonpath={.metadata.annotations.volume\\.kubernetes\\.io/selected-node}'])).toBe(node);
  await eventually(async () => (await cluster.kubectl.ok(['get', 'pvc', 'data', '-o', 'jsonpath={.status.phase}'])) === 'Bound', 30_000);
  await cluster.kubectl.ok(['wait', '--for=condition=Ready', 'pod/with-claim', '--timeout=30s']);
  await apply(pod('claim-missing', { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'nope' } }] }));
  expect(await failedScheduling('claim-missing')).toBe('0/3 nodes are available: persistentvolumeclaim "nope" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
  await deletePods('with-claim', 'claim-missing');
}, 90_000);
