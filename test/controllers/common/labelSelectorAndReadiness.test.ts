// Structured selectors and the pod states controllers count by.
import type { V1Pod } from '@kubernetes/client-node';
import {
  isPodActive, isPodAvailable, isPodReady, selectorIsEmpty, selectorMatches, selectorToString,
} from '../../../src/controllers/common/index.js';

test('matchLabels and matchExpressions', () => {
  const selector = {
    matchLabels: { app: 'web' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['a', 'b'] },
      { key: 'legacy', operator: 'DoesNotExist' },
      { key: 'env', operator: 'NotIn', values: ['prod'] },
      { key: 'team', operator: 'Exists' },
    ],
  };
  expect(selectorMatches(selector, { app: 'web', tier: 'a', team: 'x' })).toBe(true);
  expect(selectorMatches(selector, { app: 'web', tier: 'c', team: 'x' })).toBe(false);
  expect(selectorMatches(selector, { app: 'web', tier: 'a', team: 'x', legacy: '1' })).toBe(false);
  expect(selectorMatches(selector, { app: 'web', tier: 'a', team: 'x', env: 'prod' })).toBe(false);
  expect(selectorMatches(selector, { app: 'web', tier: 'a' })).toBe(false);
  expect(selectorMatches(undefined, { app: 'web' })).toBe(false);
  expect(selectorMatches({}, undefined)).toBe(true);
  expect(selectorIsEmpty({})).toBe(true);
  expect(selectorToString(selector)).toBe('app=web,tier in (a,b),!legacy,env notin (prod),team');
});

const at = (iso: string) => new Date(iso);
const pod = (ready: boolean, since: string, extra: Partial<V1Pod['metadata']> = {}, phase = 'Running'): V1Pod => ({
  metadata: { name: 'p', ...extra },
  status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: at(since) }] },
});

test('ready, available after minReadySeconds, active', () => {
  const now = at('2026-01-01T00:00:10Z');
  expect(isPodReady(pod(true, '2026-01-01T00:00:00Z'))).toBe(true);
  expect(isPodAvailable(pod(true, '2026-01-01T00:00:00Z'), 0, now)).toBe(true);
  expect(isPodAvailable(pod(true, '2026-01-01T00:00:00Z'), 9, now)).toBe(true);
  expect(isPodAvailable(pod(true, '2026-01-01T00:00:00Z'), 10, now)).toBe(false);
  expect(isPodAvailable(pod(false, '2026-01-01T00:00:00Z'), 0, now)).toBe(false);
  expect(isPodActive(pod(true, '2026-01-01T00:00:00Z'))).toBe(true);
  expect(isPodActive(pod(false, '2026-01-01T00:00:00Z', {}, 'Succeeded'))).toBe(false);
  expect(isPodActive(pod(true, '2026-01-01T00:00:00Z', { deletionTimestamp: now }))).toBe(false);
});
