// The HPA's arithmetic on its own: the 0.1 tolerance, scale-up/down from utilization,
// unready and missing pods' assumptions (and the change they can cancel), AverageValue targets,
// and behavior — stabilization windows and the default and custom rate policies.
import type { V1Pod } from '@kubernetes/client-node';
import { calculateReplicas, limitRate, rulesOf, stabilize, type PodSample } from '../../../src/controllers/podautoscaler/index.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const milli = (value: unknown) => (String(value).endsWith('m') ? Number(String(value).slice(0, -1)) : Number(value) * 1000);

function pod(name: string, options: { ready?: boolean; startedAgoMs?: number; phase?: string } = {}): V1Pod {
  const started = new Date(NOW - (options.startedAgoMs ?? 10 * 60_000));
  return {
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '100m' } } }] },
    status: {
      phase: options.phase ?? 'Running', startTime: started,
      conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True', lastTransitionTime: started }],
    },
  };
}
const sample = (usage: number): PodSample => ({ usage, timestamp: new Date(NOW - 1000), windowMs: 30_000 });
const cpu50 = { resource: 'cpu', utilization: 50 };

test('within the tolerance nothing changes; beyond it the ready pods scale by the ratio', () => {
  const pods = [pod('a'), pod('b')];
  expect(calculateReplicas(2, pods, new Map([['a', sample(54)], ['b', sample(54)]]), cpu50, milli, NOW)).toMatchObject({ replicas: 2, utilization: 54 });
  expect(calculateReplicas(2, pods, new Map([['a', sample(100)], ['b', sample(100)]]), cpu50, milli, NOW)).toMatchObject({ replicas: 4, utilization: 100 });
  expect(calculateReplicas(2, pods, new Map([['a', sample(10)], ['b', sample(10)]]), cpu50, milli, NOW)).toMatchObject({ replicas: 1, utilization: 10 });
});

test('missing pods count as their full request when scaling down, which can cancel it', () => {
  const pods = [pod('a'), pod('b'), pod('c')];
  // a: 30 % of request; b and c report nothing: assumed 100 %, the average rises above target: no change.
  expect(calculateReplicas(3, pods, new Map([['a', sample(30)]]), cpu50, milli, NOW).replicas).toBe(3);
});

test('unready pods count as using nothing when scaling up', () => {
  const pods = [pod('a'), pod('b', { ready: false, startedAgoMs: 60_000 })];
  // a alone: 200 % → 4 pods; with b assumed idle: 100 % over two pods → 4 as well (ceil(2 × 2)).
  expect(calculateReplicas(2, pods, new Map([['a', sample(200)], ['b', sample(500)]]), cpu50, milli, NOW).replicas).toBe(4);
  // a at 60 %: 1.2 alone, but with b at zero the ratio falls to 0.6, reversing direction: no change.
  expect(calculateReplicas(2, pods, new Map([['a', sample(60)], ['b', sample(500)]]), cpu50, milli, NOW).replicas).toBe(2);
});

test('no usable metric is an error with upstream words; pods without a request too', () => {
  expect(() => calculateReplicas(1, [pod('a', { ready: false, startedAgoMs: 60_000 })], new Map([['a', sample(10)]]), cpu50, milli, NOW))
    .toThrow('did not receive metrics for targeted pods (pods might be unready)');
  const bare = { ...pod('a'), spec: { containers: [{ name: 'c', image: 'x' }] } };
  expect(() => calculateReplicas(1, [bare], new Map([['a', sample(10)]]), cpu50, milli, NOW)).toThrow('missing request for cpu in container c of Pod a');
});

test('an AverageValue target divides the average use per pod', () => {
  const pods = [pod('a'), pod('b')];
  expect(calculateReplicas(2, pods, new Map([['a', sample(300)], ['b', sample(300)]]), { resource: 'cpu', averageValueMilli: 100 }, milli, NOW))
    .toMatchObject({ replicas: 6, averageMilli: 300 });
});

test('stabilization: down to the highest recommendation of the window, up to the lowest', () => {
  const { up, down } = rulesOf(undefined);
  const history = [{ at: NOW - 200_000, value: 8 }, { at: NOW - 400_000, value: 10 }];
  expect(stabilize(8, 2, history, up, down, NOW)).toBe(8);
  expect(stabilize(8, 2, [{ at: NOW - 400_000, value: 10 }], up, down, NOW)).toBe(2);
  const slowUp = rulesOf({ scaleUp: { stabilizationWindowSeconds: 60 } });
  expect(stabilize(2, 6, [{ at: NOW - 30_000, value: 3 }], slowUp.up, slowUp.down, NOW)).toBe(3);
});

test('rate policies: default up is max(4 pods, 100 %) per 15 s; custom Pods policies cap steps; bounds last', () => {
  const { up, down } = rulesOf(undefined);
  expect(limitRate(1, 10, [], up, down, 1, 20, NOW)).toEqual({ replicas: 5, reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' });
  expect(limitRate(10, 50, [], up, down, 1, 20, NOW)).toEqual({ replicas: 20, reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });
  // 4 added 5 s ago count against the period.
  expect(limitRate(5, 10, [{ at: NOW - 5000, value: 4 }], up, down, 1, 20, NOW).replicas).toBe(5);
  const gentle = rulesOf({ scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } });
  expect(limitRate(5, 1, [], gentle.up, gentle.down, 1, 20, NOW)).toEqual({ replicas: 4, reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' });
  expect(limitRate(5, 3, [], up, down, 4, 20, NOW)).toEqual({ replicas: 4, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' });
  const disabled = rulesOf({ scaleUp: { selectPolicy: 'Disabled' } });
  expect(limitRate(3, 6, [], disabled.up, disabled.down, 1, 20, NOW).replicas).toBe(3);
});
