// The deletion order of surplus pods (upstream's ActivePods / ActivePodsWithRanks).
import type { V1Pod } from '@kubernetes/client-node';
import { podsToDelete, sortActivePods } from '../../../src/controllers/common/index.js';

const now = new Date('2026-01-01T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

interface PodShape {
  node?: string;
  phase?: string;
  readySince?: Date;
  restarts?: number;
  created?: Date;
  cost?: string;
  uid?: string;
}

function pod(name: string, shape: PodShape = {}): V1Pod {
  return {
    metadata: {
      name, uid: shape.uid ?? name, creationTimestamp: shape.created ?? ago(1000),
      annotations: shape.cost === undefined ? {} : { 'controller.kubernetes.io/pod-deletion-cost': shape.cost },
    },
    spec: { containers: [], nodeName: shape.node ?? 'n1' },
    status: {
      phase: shape.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: shape.readySince ? 'True' : 'False', lastTransitionTime: shape.readySince }],
      containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: !!shape.readySince, restartCount: shape.restarts ?? 0 }],
    },
  };
}
const names = (pods: V1Pod[]) => pods.map((p) => p.metadata!.name);

test('unscheduled, then Pending < Unknown < Running, then not ready before ready', () => {
  const pods = [
    pod('ready', { readySince: ago(100) }),
    pod('running'),
    pod('unknown', { phase: 'Unknown' }),
    pod('pending', { phase: 'Pending' }),
    pod('unscheduled', { node: '', readySince: ago(100) }),
  ];
  expect(names(sortActivePods(pods))).toEqual(['unscheduled', 'pending', 'unknown', 'running', 'ready']);
});

test('ready for less time, then more restarts, then newer go first', () => {
  const pods = [
    pod('old-ready', { readySince: ago(500) }),
    pod('new-ready', { readySince: ago(10) }),
  ];
  expect(names(sortActivePods(pods))).toEqual(['new-ready', 'old-ready']);
  expect(names(sortActivePods([pod('calm'), pod('crashy', { restarts: 4 })]))).toEqual(['crashy', 'calm']);
  expect(names(sortActivePods([pod('older', { created: ago(900) }), pod('newer', { created: ago(10) })]))).toEqual(['newer', 'older']);
});

test('ranked: deletion cost, then pods on crowded nodes go first', () => {
  const crowded = [pod('a', { node: 'busy', readySince: ago(100) }), pod('b', { node: 'busy', readySince: ago(100) })];
  const alone = pod('c', { node: 'quiet', readySince: ago(100) });
  const all = [alone, ...crowded];
  expect(names(podsToDelete(all, all, 1, now))[0]).not.toBe('c');
  const cheap = pod('cheap', { node: 'quiet', readySince: ago(100), cost: '-5' });
  expect(names(podsToDelete([...crowded, cheap], [...crowded, cheap], 1, now))).toEqual(['cheap']);
});

test('ranked: times in the same log2 bucket tie and fall to the UID', () => {
  // 1000 s and 1001 s ago share a bucket; 10 s ago does not.
  const pods = [pod('x', { readySince: ago(1000), uid: 'b' }), pod('y', { readySince: ago(1001), uid: 'a' }), pod('z', { readySince: ago(10), uid: 'c' })];
  expect(names(podsToDelete(pods, pods, 2, now))).toEqual(['z', 'y']);
});

test('asking for at least as many as there are returns them all', () => {
  const pods = [pod('a'), pod('b')];
  expect(names(podsToDelete(pods, pods, 5, now))).toEqual(['a', 'b']);
});
