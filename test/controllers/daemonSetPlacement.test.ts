// The DaemonSet controller's pure decisions: which nodes should run a daemon pod (name,
// nodeSelector, required affinity, taints against the template's and the automatic
// tolerations) and the rolling update's plan within maxUnavailable / maxSurge.
import type { V1Node, V1Pod, V1PodSpec } from '@kubernetes/client-node';
import { daemonPodTolerations, nodeShouldRunDaemonPod, planRollingUpdate } from '../../src/controllers/daemonset/index.js';

const node = (name: string, labels: Record<string, string> = {}, taints: V1Node['spec'] = {}): V1Node => ({ metadata: { name, labels }, spec: taints });
const template = (spec: Partial<V1PodSpec> = {}): V1PodSpec => ({ containers: [{ name: 'c' }], ...spec });

test('eligible nodes: selector, affinity, name; NoSchedule blocks new pods only, NoExecute evicts', () => {
  expect(nodeShouldRunDaemonPod(node('a'), template())).toEqual({ shouldRun: true, shouldContinueRunning: true });
  expect(nodeShouldRunDaemonPod(node('a', { disk: 'hdd' }), template({ nodeSelector: { disk: 'ssd' } }))).toEqual({ shouldRun: false, shouldContinueRunning: false });
  expect(nodeShouldRunDaemonPod(node('a'), template({ nodeName: 'b' })).shouldRun).toBe(false);
  const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] }] } } };
  expect(nodeShouldRunDaemonPod(node('a', { zone: 'z1' }), template({ affinity })).shouldRun).toBe(true);
  expect(nodeShouldRunDaemonPod(node('a', { zone: 'z2' }), template({ affinity })).shouldRun).toBe(false);

  const noSchedule = node('a', {}, { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] });
  expect(nodeShouldRunDaemonPod(noSchedule, template())).toEqual({ shouldRun: false, shouldContinueRunning: true });
  const noExecute = node('a', {}, { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoExecute' }] });
  expect(nodeShouldRunDaemonPod(noExecute, template())).toEqual({ shouldRun: false, shouldContinueRunning: false });
  expect(nodeShouldRunDaemonPod(noExecute, template({ tolerations: [{ key: 'dedicated', operator: 'Exists' }] })).shouldRun).toBe(true);
  const prefer = node('a', {}, { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] });
  expect(nodeShouldRunDaemonPod(prefer, template()).shouldRun).toBe(true);
});

test('the automatic daemon tolerations cover not-ready, unreachable, pressure and unschedulable nodes', () => {
  for (const [key, effect] of [
    ['node.kubernetes.io/not-ready', 'NoExecute'], ['node.kubernetes.io/unreachable', 'NoExecute'], ['node.kubernetes.io/disk-pressure', 'NoSchedule'],
    ['node.kubernetes.io/memory-pressure', 'NoSchedule'], ['node.kubernetes.io/pid-pressure', 'NoSchedule'], ['node.kubernetes.io/unschedulable', 'NoSchedule'],
  ]) {
    expect(nodeShouldRunDaemonPod(node('a', {}, { taints: [{ key, effect }] }), template())).toEqual({ shouldRun: true, shouldContinueRunning: true });
  }
  const unavailableNetwork = node('a', {}, { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] });
  expect(nodeShouldRunDaemonPod(unavailableNetwork, template()).shouldRun).toBe(false);
  expect(nodeShouldRunDaemonPod(unavailableNetwork, template({ hostNetwork: true })).shouldRun).toBe(true);
  // A template's own toleration of the same key and effect is replaced, others are kept.
  const tolerations = daemonPodTolerations(template({ tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }, { key: 'mine', operator: 'Exists' }] }));
  expect(tolerations.filter((t) => t.key === 'node.kubernetes.io/not-ready')).toEqual([{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }]);
  expect(tolerations.some((t) => t.key === 'mine')).toBe(true);
});

const pod = (name: string, ready: boolean): V1Pod => ({
  metadata: { name },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date(0) }] },
});

test('rolling update without surge: old pods deleted within maxUnavailable, unavailable ones at once', () => {
  const now = new Date();
  const nodes = [
    { node: 'n1', old: [pod('o1', true)] },
    { node: 'n2', old: [pod('o2', true)] },
    { node: 'n3', old: [pod('o3', false)] },
    { node: 'n4', old: [pod('o4', true)] },
  ];
  // o3 is unavailable: replaced at once, and it uses the only unit of budget.
  expect(planRollingUpdate(nodes, 0, 1, 0, now).deletions.map((p) => p.metadata!.name)).toEqual(['o3']);
  expect(planRollingUpdate(nodes, 0, 2, 0, now).deletions.map((p) => p.metadata!.name)).toEqual(['o3', 'o1']);
  // A node whose new pod is not yet available holds the budget.
  const updating = [{ node: 'n1', current: pod('c1', false), old: [] }, { node: 'n2', old: [pod('o2', true)] }];
  expect(planRollingUpdate(updating, 0, 1, 0, now).deletions).toEqual([]);
  expect(planRollingUpdate([{ node: 'n1', current: pod('c1', true), old: [] }, ...updating.slice(1)], 0, 1, 0, now).deletions.map((p) => p.metadata!.name)).toEqual(['o2']);
});

test('rolling update with surge: new pods beside old ones on up to maxSurge nodes; old ones go once the new are available', () => {
  const now = new Date();
  const nodes = [
    { node: 'n1', current: pod('c1', true), old: [pod('o1', true)] },
    { node: 'n2', current: pod('c2', false), old: [pod('o2', true)] },
    { node: 'n3', old: [pod('o3', true)] },
    { node: 'n4', old: [pod('o4', true)] },
    { node: 'n5', old: [pod('o5', false)] },
  ];
  const plan = planRollingUpdate(nodes, 2, 0, 0, now);
  expect(plan.deletions.map((p) => p.metadata!.name)).toEqual(['o1']);
  // n5's old pod is unavailable: its new pod starts regardless; one more surge slot (n2 uses one).
  expect(plan.surgeNodes).toEqual(['n5', 'n3']);
});
