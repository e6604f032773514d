// A ReplicaSet's status from its pods: fully labelled, ready and available (minReadySeconds)
// counts, the ReplicaFailure condition set once and removed on success, and when to look again.
import type { V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { calculateStatus, nextAvailableIn } from '../../../src/controllers/replicaset/replicaStatus.js';

const now = new Date('2026-01-01T00:00:10Z');
const owner = (status: V1ReplicaSet['status'] = { replicas: 0 }): V1ReplicaSet => ({
  metadata: { name: 'web', generation: 3 },
  spec: { replicas: 3, minReadySeconds: 5, selector: {}, template: { metadata: { labels: { app: 'web', tier: 'front' } } } },
  status,
});
const pod = (labels: Record<string, string>, readySince?: string): V1Pod => ({
  metadata: { name: 'p', labels },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: readySince ? 'True' : 'False', lastTransitionTime: readySince ? new Date(readySince) : undefined }] },
});

test('counts', () => {
  const pods = [
    pod({ app: 'web', tier: 'front' }, '2026-01-01T00:00:00Z'),
    pod({ app: 'web', tier: 'front' }, '2026-01-01T00:00:08Z'),
    pod({ app: 'web' }),
  ];
  expect(calculateStatus(owner(), pods, undefined, now)).toEqual({
    replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1, observedGeneration: 3,
  });
  // The second pod is available 5 s after 00:00:08, so look again in 3 s (and a second more).
  expect(nextAvailableIn(owner(), pods, now)).toBe(4_000);
  expect(nextAvailableIn(owner(), [pods[0]], now)).toBeUndefined();
});

test('ReplicaFailure is added once and removed once creations succeed', () => {
  const failing = calculateStatus(owner(), [], { reason: 'FailedCreate', message: 'pods "web-x" is forbidden: q' }, now);
  expect(failing.conditions).toEqual([{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "web-x" is forbidden: q', lastTransitionTime: now }]);
  const again = calculateStatus(owner(failing), [], { reason: 'FailedCreate', message: 'another' }, new Date('2026-01-01T00:01:00Z'));
  expect(again.conditions).toEqual(failing.conditions);
  expect(calculateStatus(owner(failing), [], undefined, now).conditions).toBeUndefined();
});
