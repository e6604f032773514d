// Two small pieces the workload controllers share: sameStatus (does a computed status differ
// from the stored one?) and computeHash (the short template hash in upstream's spelling).
import { sameStatus } from '../../../src/controllers/common/sameStatus.js';
import { computeHash, safeEncodeString } from '../../../src/controllers/common/templateHash.js';
import { templateRevisionData } from '../../../src/controllers/common/controllerHistory.js';

test('sameStatus ignores key order, zero values and sub-second times, not real changes', () => {
  expect(sameStatus({ a: 1, b: { c: 'x' } }, { b: { c: 'x' }, a: 1 })).toBe(true);
  expect(sameStatus({ active: 0, ready: 0, uncountedTerminatedPods: {}, list: [] }, {})).toBe(true);
  expect(sameStatus({ startTime: new Date('2026-11-22T00:18:49.123Z') }, { startTime: '2026-11-22T00:18:49Z' })).toBe(true);
  expect(sameStatus({ active: 1 }, {})).toBe(false);
  expect(sameStatus({ active: 1 }, { active: 0 })).toBe(false);
  expect(sameStatus({ startTime: new Date('2026-11-22T00:18:50Z') }, { startTime: '2026-11-22T00:18:49Z' })).toBe(false);
  expect(sameStatus({ conditions: [{ type: 'A' }, { type: 'B' }] }, { conditions: [{ type: 'B' }, { type: 'A' }] })).toBe(false);
});

test('computeHash: stable over key order, changed by content and collision count, spelled safely', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
  const reordered = { spec: { containers: [{ image: 'nginx', name: 'c' }] }, metadata: { labels: { app: 'web' } } };
  expect(computeHash(template)).toBe(computeHash(reordered));
  expect(computeHash(template)).toMatch(/^[456789bcdf]{1,10}$/);
  expect(computeHash({ ...template, spec: { containers: [{ name: 'c', image: 'busybox' }] } })).not.toBe(computeHash(template));
  expect(computeHash(template, 1)).not.toBe(computeHash(template));
  expect(computeHash(template, 0)).not.toBe(computeHash(template));
  // Upstream's SafeEncodeString of a number's decimal digits.
  expect(safeEncodeString('0123456789')).toBe('456789bcdf'); // hence hashes like 5d8f7c9b6
  expect(templateRevisionData(template)).toEqual({ spec: { template: { ...template, $patch: 'replace' } } });
});
