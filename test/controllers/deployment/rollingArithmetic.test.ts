// The rolling-update arithmetic: maxSurge rounds up, maxUnavailable rounds down, both 0 means
// one unavailable; how far the new ReplicaSet may grow; proportional scaling's shares.
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import { maxSurge, maxUnavailable, resolveFenceposts, scaledValue } from '../../../src/controllers/deployment/index.js';
import { newReplicaSetReplicas, proportion } from '../../../src/controllers/deployment/replicaSets.js';

const deployment = (replicas: number, surge?: number | string, unavailable?: number | string, type = 'RollingUpdate'): V1Deployment => ({
  metadata: { name: 'web' },
  spec: {
    replicas, selector: {}, template: {},
    strategy: type === 'RollingUpdate' ? { type, rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } : { type },
  },
});
const rs = (replicas: number, maxReplicas?: number): V1ReplicaSet => ({
  metadata: { name: `rs-${replicas}`, annotations: maxReplicas === undefined ? {} : { 'deployment.kubernetes.io/max-replicas': String(maxReplicas) } },
  spec: { replicas, selector: {} },
});

test('percentages scale against the replica count, surge up, unavailable down', () => {
  expect(scaledValue('25%', 10, true)).toBe(3);
  expect(scaledValue('25%', 10, false)).toBe(2);
  expect(scaledValue(4, 10, true)).toBe(4);
  expect(scaledValue('0%', 10, true)).toBe(0);
  expect(() => scaledValue('5', 10, true)).toThrow('invalid value for IntOrString: invalid type: string is not a percentage');
  expect(resolveFenceposts('25%', '25%', 1)).toEqual([1, 0]);
  expect(resolveFenceposts('25%', '25%', 4)).toEqual([1, 1]);
  expect(resolveFenceposts(0, 0, 5)).toEqual([0, 1]);
  expect(resolveFenceposts('10%', '10%', 3)).toEqual([1, 0]);
});

test('maxSurge and maxUnavailable of a Deployment', () => {
  expect(maxSurge(deployment(10, '25%', '25%'))).toBe(3);
  expect(maxUnavailable(deployment(10, '25%', '25%'))).toBe(2);
  expect(maxUnavailable(deployment(3, 0, 5))).toBe(3);
  expect(maxUnavailable(deployment(0, 1, 1))).toBe(0);
  expect(maxSurge(deployment(3, undefined, undefined, 'Recreate'))).toBe(0);
  expect(maxUnavailable(deployment(3, undefined, undefined, 'Recreate'))).toBe(0);
});

test('the new ReplicaSet grows up to replicas + maxSurge in total', () => {
  const d = deployment(5, 1, 0);
  expect(newReplicaSetReplicas(d, [rs(5), rs(0)], rs(0))).toBe(1);
  expect(newReplicaSetReplicas(d, [rs(5), rs(1)], rs(1))).toBe(1);
  expect(newReplicaSetReplicas(d, [rs(4), rs(1)], rs(1))).toBe(2);
  expect(newReplicaSetReplicas(deployment(10, '50%', 0), [rs(10), rs(0)], rs(0))).toBe(5);
  expect(newReplicaSetReplicas(deployment(3, undefined, undefined, 'Recreate'), [rs(3), rs(0)], rs(0))).toBe(3);
});

test('proportional scaling hands each ReplicaSet its share of the resize', () => {
  // 10 replicas + 3 surge were 13; scaling to 20 (+5 surge = 25) adds 12 over two ReplicaSets.
  const d = { ...deployment(20, '25%', '25%'), status: { replicas: 13 } };
  const big = rs(8, 13);
  const small = rs(5, 13);
  const first = proportion(big, d, 12, 0);
  expect(first).toBe(7); // round(8 * 25 / 13) - 8 = 15 - 8
  expect(proportion(small, d, 12, first)).toBe(5); // min(round(5 * 25 / 13) - 5, 12 - 7) = min(5, 5)
  expect(proportion(rs(0, 13), d, 12, 0)).toBe(0);
  // Scaling to 0 takes everything away.
  expect(proportion(big, deployment(0, 1, 1), -8, 0)).toBe(-8);
});
