// The revision annotations: a new ReplicaSet gets the next revision and the replica counts; one
// rolled back to gets a new revision and remembers its old ones; the Deployment's own
// annotations are copied but kubectl's last-applied-configuration is not.
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import {
  appendRevisionHistory, maxRevision, revisionOf, setNewReplicaSetAnnotations, setReplicasAnnotations,
} from '../../../src/controllers/deployment/annotations.js';

const deployment: V1Deployment = {
  metadata: { name: 'web', annotations: { 'kubernetes.io/change-cause': 'v2', 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'deployment.kubernetes.io/revision': '9' } },
  spec: { replicas: 4, selector: {}, template: {}, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
};
const rs = (annotations: Record<string, string> = {}): V1ReplicaSet => ({ metadata: { name: 'web-x', annotations } });

test('a ReplicaSet about to be created', () => {
  const created = rs();
  expect(setNewReplicaSetAnnotations(deployment, created, 3, false)).toBe(true);
  expect(created.metadata!.annotations).toEqual({
    'kubernetes.io/change-cause': 'v2',
    'deployment.kubernetes.io/revision': '3',
    'deployment.kubernetes.io/desired-replicas': '4',
    'deployment.kubernetes.io/max-replicas': '5',
  });
  expect(setNewReplicaSetAnnotations(deployment, created, 3, true)).toBe(false);
});

test('a ReplicaSet rolled back to takes the next revision and keeps its old ones', () => {
  const old = rs({ 'deployment.kubernetes.io/revision': '1' });
  expect(setNewReplicaSetAnnotations(deployment, old, 3, true)).toBe(true);
  expect(old.metadata!.annotations!['deployment.kubernetes.io/revision']).toBe('3');
  expect(old.metadata!.annotations!['deployment.kubernetes.io/revision-history']).toBe('1');
  setNewReplicaSetAnnotations(deployment, old, 5, true);
  expect(old.metadata!.annotations!['deployment.kubernetes.io/revision-history']).toBe('1,3');
  expect(revisionOf(old)).toBe(5);
  expect(maxRevision([old, rs({ 'deployment.kubernetes.io/revision': '4' }), rs()])).toBe(5);
});

test('the history stays within 2000 characters, oldest dropped', () => {
  const long = Array.from({ length: 500 }, (_, i) => String(1000 + i)).join(',');
  const next = appendRevisionHistory(long, '2000');
  expect(next.length).toBeLessThanOrEqual(2000);
  expect(next.endsWith(',1499,2000')).toBe(true);
  expect(next.startsWith('1001,')).toBe(false);
});

test('replica annotations follow the Deployment size', () => {
  const set = rs({ 'deployment.kubernetes.io/desired-replicas': '4', 'deployment.kubernetes.io/max-replicas': '5' });
  expect(setReplicasAnnotations(set, deployment)).toBe(false);
  expect(setReplicasAnnotations(set, { ...deployment, spec: { ...deployment.spec!, replicas: 8 } })).toBe(true);
  expect(set.metadata!.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '8', 'deployment.kubernetes.io/max-replicas': '10' });
});
