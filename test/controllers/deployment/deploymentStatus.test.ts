// Deployment status and conditions: counts over the ReplicaSets, Available by maxUnavailable,
// Progressing through ReplicaSetUpdated to NewReplicaSetAvailable or ProgressDeadlineExceeded.
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import {
  calculateStatus, deploymentComplete, getCondition, rolloutStatus, setCondition, condition, stuckRequeueAfter,
} from '../../../src/controllers/deployment/deploymentStatus.js';

const now = new Date('2026-01-01T00:10:00Z');
const d = (status: V1Deployment['status'] = {}): V1Deployment => ({
  metadata: { name: 'web', generation: 2 },
  spec: { replicas: 4, progressDeadlineSeconds: 60, selector: {}, template: {}, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } },
  status,
});
const rs = (name: string, spec: number, replicas: number, ready: number, available: number): V1ReplicaSet => ({
  metadata: { name }, spec: { replicas: spec, selector: {} }, status: { replicas, readyReplicas: ready, availableReplicas: available },
});

test('counts and Available', () => {
  const newRS = rs('web-new', 2, 2, 1, 1);
  const status = calculateStatus(d(), [rs('web-old', 3, 3, 3, 2), newRS], newRS, now);
  expect(status).toMatchObject({ observedGeneration: 2, replicas: 5, updatedReplicas: 2, readyReplicas: 4, availableReplicas: 3, unavailableReplicas: 2 });
  expect(getCondition(status, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
  const short = calculateStatus(d(), [rs('web-new', 4, 4, 2, 2)], undefined, now);
  expect(getCondition(short, 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
});

test('progress, completion and the deadline', () => {
  const newRS = rs('web-new', 4, 4, 4, 4);
  const before = d({ replicas: 4, updatedReplicas: 2, availableReplicas: 3, readyReplicas: 3, observedGeneration: 2,
    conditions: [condition('Progressing', 'True', 'ReplicaSetUpdated', 'ReplicaSet "web-new" is progressing.', new Date('2026-01-01T00:09:00Z'))] });
  const done = rolloutStatus(before, [newRS], newRS, now);
  expect(deploymentComplete(before, done)).toBe(true);
  expect(getCondition(done, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "web-new" has successfully progressed.' });

  const moving = rolloutStatus(before, [rs('web-old', 1, 1, 1, 1), rs('web-new', 3, 3, 3, 3)], rs('web-new', 3, 3, 3, 3), now);
  const progressing = getCondition(moving, 'Progressing')!;
  expect(progressing).toMatchObject({ reason: 'ReplicaSetUpdated', message: 'ReplicaSet "web-new" is progressing.' });
  expect(new Date(progressing.lastUpdateTime!)).toEqual(now);
  expect(new Date(progressing.lastTransitionTime!)).toEqual(new Date('2026-01-01T00:09:00Z'));

  // Nothing moved for more than 60 s.
  const stuck = d({ replicas: 4, updatedReplicas: 1, availableReplicas: 3, readyReplicas: 3, observedGeneration: 2,
    conditions: [condition('Progressing', 'True', 'ReplicaSetUpdated', 'x', new Date('2026-01-01T00:08:59Z'))] });
  const sets = [rs('web-old', 3, 3, 3, 3), rs('web-new', 1, 1, 0, 0)];
  const timedOut = rolloutStatus(stuck, sets, sets[1], now);
  expect(getCondition(timedOut, 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "web-new" has timed out progressing.' });
  const waiting = d({ ...stuck.status, conditions: [condition('Progressing', 'True', 'ReplicaSetUpdated', 'x', new Date('2026-01-01T00:09:30Z'))] });
  expect(stuckRequeueAfter(waiting, rolloutStatus(waiting, sets, sets[1], now), now)).toBe(31_000);
});

test('setCondition keeps the transition time while the status holds, and ignores same-reason repeats', () => {
  const status = { conditions: [condition('Available', 'True', 'A', 'a', new Date(0))] };
  setCondition(status, condition('Available', 'True', 'A', 'changed', now));
  expect(status.conditions[0].message).toBe('a');
  setCondition(status, condition('Available', 'True', 'B', 'b', now));
  expect(status.conditions[0]).toMatchObject({ reason: 'B', lastTransitionTime: new Date(0), lastUpdateTime: now });
});
