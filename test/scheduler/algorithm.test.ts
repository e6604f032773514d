// The decision of one attempt with the default profile: the best node by score, the
// FailedScheduling message in upstream's shape (reasons counted and sorted, then preemption's
// own count), preemption's choice of victims, the share of a large cluster's nodes looked at,
// and nominated pods holding their room.
import { KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { Algorithm, feasibleNodesToFind, pickBest, type Decision } from '../../src/scheduler/algorithm.js';
import { podInfo, type PodInfo } from '../../src/scheduler/cache/podInfo.js';
import { fitErrorMessage } from '../../src/scheduler/framework/fitError.js';
import type { SchedulingContext } from '../../src/scheduler/framework/plugin.js';
import { NominatedPods } from '../../src/scheduler/nominations.js';
import { defaultProfile } from '../../src/scheduler/plugins/index.js';
import { preempt } from '../../src/scheduler/preemption.js';
import { cluster, node, pod } from './fixtures.js';

const priorityOf = (info: PodInfo) => info.specPriority ?? 0;
const controlPlane = { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] };

const kubeConfig = new KubeConfig();
kubeConfig.loadFromOptions({
  clusters: [{ name: 'c', server: 'https://127.0.0.1:1' }], users: [{ name: 'u' }],
  contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x',
});

function setup(context: SchedulingContext) {
  const nominations = new NominatedPods(priorityOf);
  return { algorithm: new Algorithm(defaultProfile(kubeConfig), context, nominations), nominations };
}

function failure(decision: Decision) {
  if (decision.node !== undefined) throw new Error(`scheduled on ${decision.node}`);
  return decision;
}

test('the upstream FailedScheduling message: reasons counted over the nodes and sorted, then preemption', () => {
  const context = cluster([node('worker', { cpu: '2' }), node('cp-1', controlPlane), node('cp-2', controlPlane)]);
  const { algorithm } = setup(context);
  const big = podInfo(pod({ cpu: '3' }));
  const decision = failure(algorithm.schedule(big, 0));
  const result = preempt(algorithm, context, decision.state, big, 0, decision.statuses, priorityOf);
  expect(result.node).toBeUndefined();
  expect(fitErrorMessage(decision.allNodes, decision.statuses.values(), undefined, 'message' in result ? result.message : undefined)).toBe(
    '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. ' +
    'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
  );
});

test('the best-scoring node wins: the emptier one, and ties are broken at random among the best', () => {
  const context = cluster([node('full', { cpu: '4' }), node('empty', { cpu: '4' })], [pod({ nodeName: 'full', cpu: '3' })]);
  const { algorithm } = setup(context);
  for (let i = 0; i < 5; i++) expect(algorithm.schedule(podInfo(pod({ cpu: '500m' })), 0).node).toBe('empty');
  const picks = new Set<number>();
  for (let i = 0; i < 200; i++) picks.add(pickBest([1, 7, 3, 7, 7]));
  expect([...picks].sort()).toEqual([1, 3, 4]);
});

test('large clusters: 50% less 1% per 125 nodes, at least 5% and 100 nodes, all below 100', () => {
  expect(feasibleNodesToFind(50)).toBe(50);
  expect(feasibleNodesToFind(100)).toBe(100);
  expect(feasibleNodesToFind(1000)).toBe(420);
  expect(feasibleNodesToFind(5000)).toBe(500);
  expect(feasibleNodesToFind(10_000)).toBe(500);
});

test('preemption takes the node whose victims matter least, and gives back the pods it does not need', () => {
  const low = (nodeName: string, cpu: string, priority: number): V1Pod => pod({ nodeName, cpu, priority });
  const context = cluster([node('a', { cpu: '4' }), node('b', { cpu: '4' })], [
    low('a', '2', 100), low('a', '2', 10),
    low('b', '1', 5), low('b', '1', 5), low('b', '2', 50),
  ]);
  const { algorithm } = setup(context);
  const urgent = podInfo(pod({ cpu: '2', priority: 1000 }));
  const decision = failure(algorithm.schedule(urgent, 1000));
  expect(decision.statuses.get('a')?.reasons).toEqual(['Insufficient cpu']);
  const result = preempt(algorithm, context, decision.state, urgent, 1000, decision.statuses, priorityOf);
  // On a the lone victim has priority 10; on b evicting both 5s suffices (highest victim 5).
  expect(result.node).toBe('b');
  expect('victims' in result && result.victims.map((v) => v.specPriority)).toEqual([5, 5]);
  const never = podInfo(pod({ cpu: '2', priority: 1000, preemptionPolicy: 'Never' }));
  expect(preempt(algorithm, context, decision.state, never, 1000, decision.statuses, priorityOf)).toEqual({ message: 'preemption: not eligible due to preemptionPolicy=Never.' });
});

test('a pod nominated to a node keeps lower-priority pods from taking its room', () => {
  const context = cluster([node('only', { cpu: '2' })]);
  const { algorithm, nominations } = setup(context);
  nominations.set(podInfo(pod({ name: 'waiting', cpu: '2', priority: 100 })), 'only');
  expect(failure(algorithm.schedule(podInfo(pod({ cpu: '1', priority: 1 })), 1)).statuses.get('only')?.reasons).toEqual(['Insufficient cpu']);
  expect(algorithm.schedule(podInfo(pod({ cpu: '1', priority: 500 })), 500).node).toBe('only');
});

test('assumed pods count at once, and stop counting when forgotten', () => {
  const context = cluster([node('n', { cpu: '1' })]);
  const { algorithm } = setup(context);
  const first = pod({ cpu: '600m' });
  expect(algorithm.schedule(podInfo(first), 0).node).toBe('n');
  context.cache.assume(first, 'n');
  expect(failure(algorithm.schedule(podInfo(pod({ cpu: '600m' })), 0)).statuses.get('n')?.reasons).toEqual(['Insufficient cpu']);
  context.cache.forget(first);
  expect(algorithm.schedule(podInfo(pod({ cpu: '600m' })), 0).node).toBe('n');
});

test('preemption prefers the node where no PodDisruptionBudget is broken', () => {
  const guarded = (nodeName: string) => pod({ nodeName, cpu: '2', priority: 1, labels: { app: 'guarded' } });
  const budget = { metadata: { name: 'guard', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'guarded' } } }, status: { disruptionsAllowed: 0 } };
  const context = cluster([node('a', { cpu: '2' }), node('b', { cpu: '2' })], [guarded('a'), pod({ nodeName: 'b', cpu: '2', priority: 50 })], {
    poddisruptionbudgets: { 'default/guard': budget },
  });
  const { algorithm } = setup(context);
  const urgent = podInfo(pod({ cpu: '2', priority: 1000 }));
  const decision = failure(algorithm.schedule(urgent, 1000));
  // Without the budget, a (victim priority 1) would win over b (victim priority 50).
  expect(preempt(algorithm, context, decision.state, urgent, 1000, decision.statuses, priorityOf).node).toBe('b');
  budget.status.disruptionsAllowed = 1;
  expect(preempt(algorithm, context, decision.state, urgent, 1000, decision.statuses, priorityOf).node).toBe('a');
});

test('a nominated pod whose victims are still terminating waits for them instead of preempting more', () => {
  const leaving = pod({ nodeName: 'a', cpu: '2', priority: 1 });
  leaving.metadata!.deletionTimestamp = new Date();
  const context = cluster([node('a', { cpu: '2' }), node('b', { cpu: '2' })], [leaving, pod({ nodeName: 'b', cpu: '2', priority: 1 })]);
  const { algorithm } = setup(context);
  const urgent = podInfo(pod({ cpu: '2', priority: 1000 }));
  const decision = failure(algorithm.schedule(urgent, 1000));
  expect(preempt(algorithm, context, decision.state, urgent, 1000, decision.statuses, priorityOf, 'a'))
    .toEqual({ message: 'preemption: not eligible due to a terminating pod on the nominated node.' });
  expect(preempt(algorithm, context, decision.state, urgent, 1000, decision.statuses, priorityOf).node).toBeDefined();
});

test('preemption also makes room for pod anti-affinity and topology spread (their state follows the victims)', () => {
  const host = 'kubernetes.io/hostname';
  const context = cluster([node('a')], [pod({ nodeName: 'a', priority: 1, labels: { app: 'db' } }), pod({ nodeName: 'a', priority: 1, labels: { app: 'other' } })]);
  const { algorithm } = setup(context);
  const anti = podInfo(pod({ priority: 1000, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: host, labelSelector: { matchLabels: { app: 'db' } } }] } } }));
  let decision = failure(algorithm.schedule(anti, 1000));
  expect(decision.statuses.get('a')?.reasons).toEqual(["node(s) didn't match pod anti-affinity rules"]);
  let result = preempt(algorithm, context, decision.state, anti, 1000, decision.statuses, priorityOf);
  expect('victims' in result && result.victims.map((v) => v.labels.app)).toEqual(['db']);

  // Zone 1 holds two web pods of low priority; zone 2 is full with a pod of higher priority.
  const zones = cluster([node('z1', { cpu: '4', labels: { zone: '1' } }), node('z2', { cpu: '4', labels: { zone: '2' } })], [
    pod({ nodeName: 'z1', priority: 1, labels: { app: 'web' } }), pod({ nodeName: 'z1', priority: 1, labels: { app: 'web' } }),
    pod({ nodeName: 'z2', priority: 5000, cpu: '4' }),
  ]);
  const spread = setup(zones).algorithm;
  const incoming = podInfo(pod({
    priority: 1000, cpu: '1', labels: { app: 'web' },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
  }));
  decision = failure(spread.schedule(incoming, 1000));
  expect(decision.statuses.get('z1')?.reasons).toEqual(["node(s) didn't match pod topology spread constraints"]);
  result = preempt(spread, zones, decision.state, incoming, 1000, decision.statuses, priorityOf);
  expect(result.node).toBe('z1');
  expect('victims' in result && result.victims.length).toBe(2);
});
