// The DaemonSet controller under `kubets up --nodes 3` with its scheduler, driven with stock
// kubectl: a pod on every node (bound through required node affinity), `rollout status`, a
// rolling update to a new ControllerRevision and back (rollout undo), a surging one, nodeSelector, NoExecute taints, and a node added
// later (a Node object registered Ready, with no agent behind it).
import { eventually } from '../helpers/kubectl.js';
import { useKubetsUp } from '../helpers/kubetsProcess.js';

const cluster = useKubetsUp('daemonset', ['--nodes', '3']);

interface Pod {
  metadata: { name: string; labels: Record<string, string>; deletionTimestamp?: string };
  spec: {
    nodeName?: string;
    tolerations?: { key?: string; operator?: string; effect?: string }[];
    affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: { matchFields?: { key: string; operator: string; values: string[] }[] }[] } } };
  };
  status: { phase: string };
}

const podsOf = async (app: string) => (JSON.parse(await cluster.kubectl.ok(['get', 'pods', '-l', `app=${app}`, '-o', 'json'])) as { items: Pod[] }).items
  .filter((pod) => !pod.metadata.deletionTimestamp);
const statusOf = async (name: string) => (JSON.parse(await cluster.kubectl.ok(['get', 'ds', name, '-o', 'json'])) as { status: Record<string, number> }).status;

function daemonSet(name: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'agent', image: 'busybox', command: ['sh', '-c', 'sleep 3600'] }], ...extra },
      },
    },
  });
}

test('one pod per node, bound through node affinity, with the daemon tolerations; rollout status', async () => {
  await cluster.kubectl.ok(['apply', '-f', '-'], daemonSet('agent'));
  expect(await cluster.kubectl.ok(['rollout', 'status', 'ds/agent', '--timeout=60s'])).toContain('daemon set "agent" successfully rolled out');
  const pods = await podsOf('agent');
  expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(['kubets-node-1', 'kubets-node-2', 'kubets-node-3']);
  for (const pod of pods) {
    expect(pod.status.phase).toBe('Running');
    expect(pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms)
      .toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [pod.spec.nodeName] }] }]);
    expect(pod.metadata.labels['controller-revision-hash']).toMatch(/^[a-z0-9]+$/);
    expect(pod.metadata.labels['pod-template-generation']).toBe('1');
    const tolerated = pod.spec.tolerations!.map((t) => `${t.key}:${t.effect}`);
    for (const key of ['not-ready:NoExecute', 'unreachable:NoExecute', 'disk-pressure:NoSchedule', 'memory-pressure:NoSchedule', 'pid-pressure:NoSchedule', 'unschedulable:NoSchedule']) {
      expect(tolerated).toContain(`node.kubernetes.io/${key}`);
    }
  }
  expect(await statusOf('agent')).toMatchObject({
    desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, numberAvailable: 3, updatedNumberScheduled: 3, observedGeneration: 1,
  });
  const revisions = await cluster.kubectl.ok(['get', 'controllerrevisions', '-o', 'custom-columns=NAME:.metadata.name,REV:.revision', '--no-headers']);
  expect(revisions.trim()).toBe(`agent-${pods[0].metadata.labels['controller-revision-hash']}   1`);
  expect(await cluster.kubectl.ok(['get', 'ds', 'agent', '--no-headers'])).toMatch(/^agent\s+3\s+3\s+3\s+3\s+3\s+<none>/);
}, 90_000);

test('a template change rolls out node by node to a new revision; rollout history lists both', async () => {
  const before = (await podsOf('agent'))[0].metadata.labels['controller-revision-hash'];
  await cluster.kubectl.ok(['set', 'env', 'ds/agent', 'MODE=v2']);
  expect(await cluster.kubectl.ok(['rollout', 'status', 'ds/agent', '--timeout=90s'])).toContain('successfully rolled out');
  const pods = await podsOf('agent');
  expect(pods).toHaveLength(3);
  const after = pods[0].metadata.labels['controller-revision-hash'];
  expect(after).not.toBe(before);
  expect(pods.every((p) => p.metadata.labels['controller-revision-hash'] === after && p.metadata.labels['pod-template-generation'] === '2')).toBe(true);
  expect(await cluster.kubectl.ok(['rollout', 'history', 'ds/agent'])).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
  expect(await statusOf('agent')).toMatchObject({ updatedNumberScheduled: 3, numberAvailable: 3, observedGeneration: 2 });

  // Undo: the first revision's template comes back, renumbered as revision 3.
  await cluster.kubectl.ok(['rollout', 'undo', 'ds/agent']);
  expect(await cluster.kubectl.ok(['rollout', 'status', 'ds/agent', '--timeout=90s'])).toContain('successfully rolled out');
  await eventually(async () => (await podsOf('agent')).every((p) => p.metadata.labels['controller-revision-hash'] === before), 30_000);
  expect(await cluster.kubectl.ok(['rollout', 'history', 'ds/agent'])).toMatch(/REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>/);
  const revisions = await cluster.kubectl.ok(['get', 'controllerrevisions', '-o', 'custom-columns=NAME:.metadata.name,REV:.revision', '--no-headers']);
  expect(revisions).toMatch(new RegExp(`agent-${before}\\s+3`));
}, 150_000);

test('maxSurge 1, maxUnavailable 0: each node gets its new pod before the old one goes, so none is ever without an available pod', async () => {
  await cluster.kubectl.ok(['patch', 'ds', 'agent', '--type=merge', '-p', '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}']);
  const watch = cluster.kubectl.start(['get', 'ds', 'agent', '--watch', '-o', 'jsonpath={.status.numberAvailable} {.status.updatedNumberScheduled}{"\\n"}']);
  await new Promise((r) => setTimeout(r, 1000)); // the watch is established before the update
  await cluster.kubectl.ok(['set', 'env', 'ds/agent', 'MODE=v3']);
  expect(await cluster.kubectl.ok(['rollout', 'status', 'ds/agent', '--timeout=90s'])).toContain('successfully rolled out');
  watch.stop();
  const seen = watch.output().split('\n').filter(Boolean).map((line) => line.split(' ').map(Number));
  expect(seen.length).toBeGreaterThan(1);
  expect(seen.every(([available]) => available === 3)).toBe(true);
  expect(seen[seen.length - 1]).toEqual([3, 3]);
  // The last node's old pod goes once its new one is seen available (rollout status may report first).
  await eventually(async () => (await podsOf('agent')).map((p) => p.spec.nodeName).sort().join() === 'kubets-node-1,kubets-node-2,kubets-node-3', 10_000);
}, 120_000);

test('nodeSelector picks nodes by label; a NoExecute taint moves the pod off and its removal brings it back', async () => {
  await cluster.kubectl.ok(['label', 'node', 'kubets-node-2', 'disk=ssd']);
  await cluster.kubectl.ok(['apply', '-f', '-'], daemonSet('ssd', { nodeSelector: { disk: 'ssd' } }));
  await eventually(async () => (await podsOf('ssd')).map((p) => p.spec.nodeName).join() === 'kubets-node-2', 30_000);
  expect(await statusOf('ssd')).toMatchObject({ desiredNumberScheduled: 1 });

  await cluster.kubectl.ok(['taint', 'node', 'kubets-node-3', 'dedicated=infra:NoExecute']);
  await eventually(async () => (await podsOf('agent')).every((p) => p.spec.nodeName !== 'kubets-node-3'), 30_000);
  await eventually(async () => (await statusOf('agent')).desiredNumberScheduled === 2, 10_000);
  await cluster.kubectl.ok(['taint', 'node', 'kubets-node-3', 'dedicated=infra:NoExecute-']);
  await eventually(async () => (await podsOf('agent')).filter((p) => p.spec.nodeName === 'kubets-node-3').length === 1, 30_000);
}, 90_000);

test('a node added later gets its daemon pod', async () => {
  await cluster.kubectl.ok(['create', '-f', '-'], JSON.stringify({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'late-node', labels: { 'kubernetes.io/hostname': 'late-node' } },
    status: {
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ready', lastHeartbeatTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString() }],
    },
  }));
  await eventually(async () => (await podsOf('agent')).some((p) => p.spec.nodeName === 'late-node'), 30_000);
  await eventually(async () => {
    const status = await statusOf('agent');
    return status.desiredNumberScheduled === 4 && status.currentNumberScheduled === 4;
  }, 10_000);
  expect((await podsOf('ssd')).map((p) => p.spec.nodeName)).toEqual(['kubets-node-2']); // not labelled: no pod
  // Its node deleted, the pod goes.
  await cluster.kubectl.ok(['delete', 'node', 'late-node']);
  await eventually(async () => (await statusOf('agent')).desiredNumberScheduled === 3, 30_000);
  await eventually(async () => (await podsOf('agent')).every((p) => p.spec.nodeName !== 'late-node'), 30_000);
}, 90_000);
