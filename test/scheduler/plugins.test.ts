// Each filter and score plugin of the default profile on its own, against nodes and pods put
// through the scheduler's cache: what fits, what does not, and the reason texts upstream uses.
import { podInfo } from '../../src/scheduler/cache/podInfo.js';
import type { NodeInfo } from '../../src/scheduler/cache/nodeInfo.js';
import type { CycleState, FilterPlugin, SchedulingContext, ScorePlugin } from '../../src/scheduler/framework/plugin.js';
import { balancedAllocationScore } from '../../src/scheduler/plugins/balancedAllocation.js';
import { interPodAffinityFilter, interPodAffinityScore } from '../../src/scheduler/plugins/interPodAffinity.js';
import { nodeAffinityFilter, nodeAffinityScore } from '../../src/scheduler/plugins/nodeAffinity.js';
import { nodeName } from '../../src/scheduler/plugins/nodeName.js';
import { nodePorts } from '../../src/scheduler/plugins/nodePorts.js';
import { leastAllocatedScore, nodeResourcesFitFilter } from '../../src/scheduler/plugins/nodeResourcesFit.js';
import { nodeUnschedulable } from '../../src/scheduler/plugins/nodeUnschedulable.js';
import { podTopologySpreadFilter, podTopologySpreadScore } from '../../src/scheduler/plugins/podTopologySpread.js';
import { taintTolerationFilter, taintTolerationScore } from '../../src/scheduler/plugins/taintToleration.js';
import { volumeBindingFilter } from '../../src/scheduler/plugins/volumeBinding.js';
import { cluster, node, pod } from './fixtures.js';
import type { V1Pod } from '@kubernetes/client-node';

/** The filter's verdict per node: 'ok' or `code: reasons`. */
function filterAll(plugin: FilterPlugin, incoming: V1Pod, context: SchedulingContext): Record<string, string> {
  const state: CycleState = new Map();
  const info = podInfo(incoming);
  const pre = plugin.preFilter?.(state, info, context);
  if (pre) return { preFilter: `${pre.code}: ${pre.reasons.join(', ')}` };
  return Object.fromEntries(context.cache.nodes.map((n) => {
    const status = plugin.filter(state, info, n);
    return [n.name, status ? `${status.code}: ${status.reasons.join(', ')}` : 'ok'];
  }));
}

function scoreAll(plugin: ScorePlugin, incoming: V1Pod, context: SchedulingContext): Record<string, number> {
  const state: CycleState = new Map();
  const info = podInfo(incoming);
  const nodes = [...context.cache.nodes] as NodeInfo[];
  if (plugin.preScore && !plugin.preScore(state, info, nodes, context)) return {};
  const scores = nodes.map((n) => plugin.score(state, info, n));
  plugin.normalize?.(state, scores);
  return Object.fromEntries(nodes.map((n, i) => [n.name, scores[i]!]));
}

test('NodeName: only the named node', () => {
  const context = cluster([node('a'), node('b')]);
  expect(filterAll(nodeName, pod({ nodeName: 'b' }), context)).toEqual({ a: "UnschedulableAndUnresolvable: node(s) didn't match the requested node name", b: 'ok' });
  expect(filterAll(nodeName, pod(), context)).toEqual({ a: 'ok', b: 'ok' });
});

test('NodeUnschedulable: cordoned nodes unless the pod tolerates node.kubernetes.io/unschedulable', () => {
  const context = cluster([node('a', { unschedulable: true }), node('b')]);
  expect(filterAll(nodeUnschedulable, pod(), context)).toEqual({ a: 'UnschedulableAndUnresolvable: node(s) were unschedulable', b: 'ok' });
  const tolerating = pod({ tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
  expect(filterAll(nodeUnschedulable, tolerating, context)).toEqual({ a: 'ok', b: 'ok' });
});

test('NodeResourcesFit: requests (init containers at their peak, overhead) against allocatable less the pods there, and the pod count', () => {
  const context = cluster([node('a', { cpu: '2', memory: '1Gi' }), node('b', { cpu: '4', pods: '1' }), node('c', { cpu: '1500m' })], [
    pod({ nodeName: 'a', cpu: '1', memory: '900Mi' }),
    pod({ nodeName: 'b', cpu: '100m' }),
  ]);
  const incoming = pod({ cpu: '1', memory: '200Mi' });
  expect(filterAll(nodeResourcesFitFilter, incoming, context)).toEqual({
    a: 'Unschedulable: Insufficient memory',
    b: 'Unschedulable: Too many pods',
    c: 'ok',
  });
  const withInit = pod({
    cpu: '500m',
    initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: '1800m' } } }],
  });
  expect(podInfo(withInit).requests.milliCpu).toBe(1800);
  expect(filterAll(nodeResourcesFitFilter, withInit, context)).toMatchObject({ c: 'Unschedulable: Insufficient cpu' });
  const withOverhead = pod({ cpu: '1400m', overhead: { cpu: '200m' } });
  expect(filterAll(nodeResourcesFitFilter, withOverhead, context)).toMatchObject({ c: 'Unschedulable: Insufficient cpu' });
  const sidecar = pod({ cpu: '1', initContainers: [{ name: 's', image: 'busybox', restartPolicy: 'Always', resources: { requests: { cpu: '300m' } } }] });
  expect(podInfo(sidecar).requests.milliCpu).toBe(1300);
});

test('NodeResourcesFit LeastAllocated and BalancedAllocation prefer the emptier and the more even node', () => {
  const context = cluster([node('busy', { cpu: '4', memory: '4Gi' }), node('idle', { cpu: '4', memory: '4Gi' }), node('lopsided', { cpu: '4', memory: '4Gi' })], [
    pod({ nodeName: 'busy', cpu: '2', memory: '2Gi' }),
    pod({ nodeName: 'lopsided', cpu: '3', memory: '200Mi' }),
  ]);
  const incoming = pod({ cpu: '1', memory: '1Gi' });
  const least = scoreAll(leastAllocatedScore, incoming, context);
  expect(least.idle).toBeGreaterThan(least.busy!);
  expect(least).toEqual({ busy: 25, idle: 75, lopsided: 35 });
  const balanced = scoreAll(balancedAllocationScore, incoming, context);
  expect(balanced.busy).toBe(100);
  expect(balanced.lopsided).toBeLessThan(balanced.idle!);
});

test('NodeAffinity: nodeSelector and required terms filter; preferred terms score', () => {
  const context = cluster([node('a', { labels: { disk: 'ssd', gen: '5' } }), node('b', { labels: { disk: 'hdd', gen: '3' } })]);
  expect(filterAll(nodeAffinityFilter, pod({ nodeSelector: { disk: 'ssd' } }), context)).toEqual({
    a: 'ok', b: "UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector",
  });
  const required = pod({
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gen', operator: 'Lt', values: ['4'] }] }] } } },
  });
  expect(filterAll(nodeAffinityFilter, required, context)).toMatchObject({ a: expect.stringContaining('Unresolvable'), b: 'ok' });
  const byName = pod({
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] }] } } },
  });
  expect(filterAll(nodeAffinityFilter, byName, context)).toMatchObject({ a: 'ok' });
  const preferred = pod({
    affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 10, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['hdd'] }] } },
      { weight: 5, preference: { matchExpressions: [{ key: 'gen', operator: 'Exists' }] } },
    ] } },
  });
  expect(scoreAll(nodeAffinityScore, preferred, context)).toEqual({ a: 33, b: 100 });
});

test('TaintToleration: NoSchedule/NoExecute filter with upstream text; PreferNoSchedule scores', () => {
  const context = cluster([
    node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
    node('gpu', { taints: [{ key: 'gpu', value: 'true', effect: 'NoExecute' }] }),
    node('soft', { taints: [{ key: 'spot', value: 'yes', effect: 'PreferNoSchedule' }] }),
  ]);
  expect(filterAll(taintTolerationFilter, pod(), context)).toEqual({
    cp: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
    gpu: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {gpu: true}',
    soft: 'ok',
  });
  const tolerating = pod({ tolerations: [{ key: 'gpu', operator: 'Equal', value: 'true' }] });
  expect(filterAll(taintTolerationFilter, tolerating, context)).toMatchObject({ gpu: 'ok' });
  expect(filterAll(taintTolerationFilter, pod({ tolerations: [{ operator: 'Exists' }] }), context)).toEqual({ cp: 'ok', gpu: 'ok', soft: 'ok' });
  expect(scoreAll(taintTolerationScore, pod(), context)).toEqual({ cp: 100, gpu: 100, soft: 0 });
});

test('NodePorts: a host port taken on the node (same protocol, overlapping address)', () => {
  const withPort = (port: number, hostIP?: string, protocol = 'TCP') => ({ containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, hostPort: port, hostIP, protocol }] }] });
  const context = cluster([node('a'), node('b')], [pod({ nodeName: 'a', ...withPort(8080) }), pod({ nodeName: 'b', ...withPort(9090, '10.0.0.1') })]);
  const reason = "Unschedulable: node(s) didn't have free ports for the requested pod ports";
  expect(filterAll(nodePorts, pod(withPort(8080)), context)).toEqual({ a: reason, b: 'ok' });
  expect(filterAll(nodePorts, pod(withPort(8080, undefined, 'UDP')), context)).toEqual({ a: 'ok', b: 'ok' });
  expect(filterAll(nodePorts, pod(withPort(9090, '10.0.0.2')), context)).toEqual({ a: 'ok', b: 'ok' });
  expect(filterAll(nodePorts, pod(withPort(9090)), context)).toEqual({ a: 'ok', b: reason });
});

test('PodTopologySpread: maxSkew over domains, missing keys, minDomains; ScheduleAnyway scores the emptier domain', () => {
  const zones = [node('a1', { labels: { zone: 'a' } }), node('a2', { labels: { zone: 'a' } }), node('b1', { labels: { zone: 'b' } }), node('nolabel')];
  const app = { app: 'web' };
  const context = cluster(zones, [pod({ nodeName: 'a1', labels: app }), pod({ nodeName: 'a2', labels: app }), pod({ nodeName: 'b1', labels: app }), pod({ nodeName: 'b1', labels: { app: 'other' } })]);
  const spread = (whenUnsatisfiable: string, extra = {}) => pod({ labels: app, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable, labelSelector: { matchLabels: app }, ...extra }] });
  expect(filterAll(podTopologySpreadFilter, spread('DoNotSchedule'), context)).toEqual({
    a1: "Unschedulable: node(s) didn't match pod topology spread constraints",
    a2: "Unschedulable: node(s) didn't match pod topology spread constraints",
    b1: 'ok',
    nolabel: "UnschedulableAndUnresolvable: node(s) didn't match pod topology spread constraints (missing required label)",
  });
  // Three domains wanted, two exist: the global minimum counts as 0, so zone b (1 pod) + 1 > 1.
  expect(filterAll(podTopologySpreadFilter, spread('DoNotSchedule', { minDomains: 3 }), context)).toMatchObject({ b1: expect.stringContaining('Unschedulable') });
  const scores = scoreAll(podTopologySpreadScore, spread('ScheduleAnyway'), context);
  expect(scores.b1).toBeGreaterThan(scores.a1!);
});

test('InterPodAffinity: required affinity, anti-affinity, existing pods\' anti-affinity; preferred terms score', () => {
  const nodes = [node('n1'), node('n2'), node('n3')];
  const host = 'kubernetes.io/hostname';
  const loner = pod({ nodeName: 'n3', labels: { app: 'loner' }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: host, labelSelector: { matchLabels: { app: 'web' } } }] } } });
  const context = cluster(nodes, [pod({ nodeName: 'n1', labels: { app: 'db' } }), loner]);
  const affinity = pod({ labels: { app: 'web' }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: host, labelSelector: { matchLabels: { app: 'db' } } }] } } });
  expect(filterAll(interPodAffinityFilter, affinity, context)).toEqual({
    n1: 'ok',
    n2: "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules",
    n3: "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules",
  });
  expect(filterAll(interPodAffinityFilter, pod({ labels: { app: 'web' } }), context)).toEqual({
    n1: 'ok', n2: 'ok', n3: "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules",
  });
  const anti = pod({ labels: { app: 'cache' }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: host, labelSelector: { matchLabels: { app: 'db' } } }] } } });
  expect(filterAll(interPodAffinityFilter, anti, context)).toEqual({ n1: "Unschedulable: node(s) didn't match pod anti-affinity rules", n2: 'ok', n3: 'ok' });
  const first = pod({ labels: { app: 'new' }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: host, labelSelector: { matchLabels: { app: 'new' } } }] } } });
  expect(filterAll(interPodAffinityFilter, first, context)).toEqual({ n1: 'ok', n2: 'ok', n3: 'ok' });
  const preferring = pod({ affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { topologyKey: host, labelSelector: { matchLabels: { app: 'db' } } } }] } } });
  expect(scoreAll(interPodAffinityScore, preferring, context)).toEqual({ n1: 100, n2: 0, n3: 0 });
});

test('VolumeBinding: missing and immediate claims stop the pod; bound volumes\' node affinity; WaitForFirstConsumer needs a provisioner or a fitting volume', () => {
  const nodes = [node('a', { labels: { zone: 'x' } }), node('b', { labels: { zone: 'y' } })];
  const zoneX = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['x'] }] }] } };
  const objects = {
    persistentvolumeclaims: {
      'default/bound': { metadata: { name: 'bound' }, spec: { volumeName: 'pv-x' } },
      'default/immediate': { metadata: { name: 'immediate' }, spec: { storageClassName: 'fast' } },
      'default/later': { metadata: { name: 'later' }, spec: { storageClassName: 'local', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      'default/dynamic': { metadata: { name: 'dynamic' }, spec: { storageClassName: 'standard' } },
    },
    persistentvolumes: {
      'pv-x': { metadata: { name: 'pv-x' }, spec: { nodeAffinity: zoneX } },
      'pv-local': { metadata: { name: 'pv-local' }, spec: { storageClassName: 'local', accessModes: ['ReadWriteOnce'], capacity: { storage: '2Gi' }, nodeAffinity: zoneX }, status: { phase: 'Available' } },
    },
    storageclasses: {
      fast: { metadata: { name: 'fast' }, provisioner: 'example.com/fast', volumeBindingMode: 'Immediate' },
      local: { metadata: { name: 'local' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' },
      standard: { metadata: { name: 'standard' }, provisioner: 'kubets.io/local', volumeBindingMode: 'WaitForFirstConsumer' },
    },
  };
  const context = cluster(nodes, [], objects);
  const using = (claimName: string) => pod({ volumes: [{ name: 'v', persistentVolumeClaim: { claimName } }] });
  expect(filterAll(volumeBindingFilter, using('missing'), context)).toEqual({ preFilter: 'UnschedulableAndUnresolvable: persistentvolumeclaim "missing" not found' });
  expect(filterAll(volumeBindingFilter, using('immediate'), context)).toEqual({ preFilter: 'UnschedulableAndUnresolvable: pod has unbound immediate PersistentVolumeClaims' });
  expect(filterAll(volumeBindingFilter, using('bound'), context)).toEqual({ a: 'ok', b: 'UnschedulableAndUnresolvable: node(s) had volume node affinity conflict' });
  expect(filterAll(volumeBindingFilter, using('later'), context)).toEqual({ a: 'ok', b: "Unschedulable: node(s) didn't find available persistent volumes to bind" });
  expect(filterAll(volumeBindingFilter, using('dynamic'), context)).toEqual({ a: 'ok', b: 'ok' });
});

test('InterPodAffinity terms reach other namespaces by name or by namespaceSelector', () => {
  const host = 'kubernetes.io/hostname';
  const objects = { namespaces: { other: { metadata: { name: 'other', labels: { team: 'a' } } }, third: { metadata: { name: 'third' } } } };
  const context = cluster([node('n1'), node('n2')], [
    pod({ nodeName: 'n1', namespace: 'other', labels: { app: 'db' } }),
    pod({ nodeName: 'n2', namespace: 'third', labels: { app: 'db' } }),
  ], objects);
  const anti = (term: object) => pod({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: host, labelSelector: { matchLabels: { app: 'db' } }, ...term }] } } });
  const reason = "Unschedulable: node(s) didn't match pod anti-affinity rules";
  expect(filterAll(interPodAffinityFilter, anti({}), context)).toEqual({ n1: 'ok', n2: 'ok' });
  expect(filterAll(interPodAffinityFilter, anti({ namespaceSelector: { matchLabels: { team: 'a' } } }), context)).toEqual({ n1: reason, n2: 'ok' });
  expect(filterAll(interPodAffinityFilter, anti({ namespaces: ['third'] }), context)).toEqual({ n1: 'ok', n2: reason });
  expect(filterAll(interPodAffinityFilter, anti({ namespaceSelector: {} }), context)).toEqual({ n1: reason, n2: reason });
});

test('PodTopologySpread: nodeTaintsPolicy Honor leaves out tainted domains, matchLabelKeys narrows the count to the pod\'s own label values', () => {
  const nodes = [node('a1', { labels: { zone: 'a' } }), node('b1', { labels: { zone: 'b' } }), node('c1', { labels: { zone: 'c' }, taints: [{ key: 'x', effect: 'NoSchedule' }] })];
  const context = cluster(nodes, [
    pod({ nodeName: 'a1', labels: { app: 'web', rev: '1' } }),
    pod({ nodeName: 'b1', labels: { app: 'web', rev: '1' } }),
    pod({ nodeName: 'b1', labels: { app: 'web', rev: '2' } }),
  ]);
  const constraint = { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } };
  const spread = (extra: object, labels = { app: 'web', rev: '2' }) => pod({ labels, topologySpreadConstraints: [{ ...constraint, ...extra }] });
  const skewed = "Unschedulable: node(s) didn't match pod topology spread constraints";
  // Ignored taints: zone c (0 pods) is the minimum, so only c takes the pod.
  expect(filterAll(podTopologySpreadFilter, spread({}), context)).toEqual({ a1: skewed, b1: skewed, c1: 'ok' });
  // Honored taints: zones a (1) and b (2); a is within the skew.
  expect(filterAll(podTopologySpreadFilter, spread({ nodeTaintsPolicy: 'Honor' }), context)).toMatchObject({ a1: 'ok', b1: skewed });
  // matchLabelKeys rev: only rev=2 pods count (a 0, b 1): a fits, b does not (1 + 1 − 0 > 1).
  expect(filterAll(podTopologySpreadFilter, spread({ nodeTaintsPolicy: 'Honor', matchLabelKeys: ['rev'] }), context)).toMatchObject({ a1: 'ok', b1: skewed });
  expect(filterAll(podTopologySpreadFilter, spread({ nodeTaintsPolicy: 'Honor', matchLabelKeys: ['rev'] }, { app: 'web', rev: '3' }), context)).toMatchObject({ a1: 'ok', b1: 'ok' });
});
