// The scheduling queue: priority order, back-off of 1 s doubling to 10 s, unschedulable pods
// moved back only by the events their rejecting plugins name (or after 5 minutes), and an
// event during an attempt sending the failed pod to backoff instead of unschedulable.
import { jest } from '@jest/globals';
import type { V1Pod } from '@kubernetes/client-node';
import { SchedulingQueue } from '../../src/scheduler/queue/schedulingQueue.js';

let now = 0;
const queue = () => new SchedulingQueue({
  now: () => now,
  pluginEvents: new Map([['NodeResourcesFit', ['AssignedPodDelete', 'NodeAdd'] as const], ['TaintToleration', ['NodeAdd', 'NodeUpdate'] as const]]),
});
const pod = (name: string): V1Pod => ({ metadata: { name, namespace: 'default' } });

beforeEach(() => { now = 1_000_000; });
afterEach(() => jest.useRealTimers());

test('higher priority first, then the oldest', async () => {
  const q = queue();
  q.add('default/a', pod('a'), 0);
  now++;
  q.add('default/b', pod('b'), 10);
  now++;
  q.add('default/c', pod('c'), 0);
  expect((await q.pop())!.key).toBe('default/b');
  expect((await q.pop())!.key).toBe('default/a');
  expect((await q.pop())!.key).toBe('default/c');
  expect(q.pending).toEqual({ active: 0, backoff: 0, unschedulable: 0 });
});

test('back-off: 1 s, doubling per attempt, at most 10 s', async () => {
  const q = queue();
  q.add('default/a', pod('a'), 0);
  const queued = (await q.pop())!;
  const delays = [1, 2, 3, 4, 5, 6].map((attempts) => q.backoffMs({ ...queued, attempts }));
  expect(delays).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  q.failed(queued, new Set(), true);
  expect(q.pending).toEqual({ active: 0, backoff: 1, unschedulable: 0 });
});

test('unschedulable pods wait for an event their plugins name, then sit out their back-off', async () => {
  jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
  const q = queue();
  q.run();
  q.add('default/big', pod('big'), 0);
  q.add('default/tainted', pod('tainted'), 0);
  const big = (await q.pop())!;
  const tainted = (await q.pop())!;
  now += 5; // an attempt takes a while; no event meanwhile
  q.failed(big, new Set(['NodeResourcesFit']));
  q.failed(tainted, new Set(['TaintToleration']));
  expect(q.pending).toEqual({ active: 0, backoff: 0, unschedulable: 2 });

  q.moveOnEvent('AssignedPodDelete');
  expect(q.pending).toEqual({ active: 0, backoff: 1, unschedulable: 1 });
  now += 1_000;
  jest.advanceTimersByTime(1_000);
  expect(q.pending).toEqual({ active: 1, backoff: 0, unschedulable: 1 });
  expect((await q.pop())!.key).toBe('default/big');

  now += 5 * 60_000;
  jest.advanceTimersByTime(1_000);
  expect(q.pending.unschedulable).toBe(0);
  expect((await q.pop())!.key).toBe('default/tainted');
  q.close();
});

test('a move event during an attempt sends the failed pod to backoff', async () => {
  const q = queue();
  q.add('default/a', pod('a'), 0);
  const queued = (await q.pop())!;
  q.moveOnEvent('NodeUpdate');
  q.failed(queued, new Set(['NodeResourcesFit']));
  expect(q.pending).toEqual({ active: 0, backoff: 1, unschedulable: 0 });
});

test('pop waits for a pod; close releases the waiter', async () => {
  const q = queue();
  const waiting = q.pop();
  q.add('default/late', pod('late'), 0);
  expect((await waiting)!.key).toBe('default/late');
  const released = q.pop();
  q.close();
  expect(await released).toBeUndefined();
});

test('an unschedulable pod is retried when its spec changes, not when only its status does', async () => {
  const q = queue();
  const original: V1Pod = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c' }] } };
  q.add('default/p', original, 0);
  const queued = (await q.pop())!;
  now += 5;
  q.failed(queued, new Set(['TaintToleration']));
  q.add('default/p', { ...original, status: { conditions: [{ type: 'PodScheduled', status: 'False' }] } }, 0);
  expect(q.pending).toEqual({ active: 0, backoff: 0, unschedulable: 1 });
  q.add('default/p', { ...original, spec: { ...original.spec!, tolerations: [{ operator: 'Exists' }] } }, 0);
  expect(q.pending).toEqual({ active: 0, backoff: 1, unschedulable: 0 });
});
