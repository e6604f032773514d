// The pod-template-hash (common/templateHash): FNV-1a of the template, collision count appended,
// digits mapped onto upstream's alphabet; equal templates but for the label compare equal.
import { computeHash, safeEncodeString as safeEncode } from '../../../src/controllers/common/index.js';
import { canonicalJson, equalIgnoreHash } from '../../../src/controllers/deployment/podTemplateHash.js';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };

test('digits map onto upstream alphabet', () => {
  expect(safeEncode('0123456789')).toBe('456789bcdf');
});

test('the hash is stable, label-safe and changes with the template and the collision count', () => {
  const hash = computeHash(template);
  expect(hash).toMatch(/^[456789bcdf]{1,10}$/);
  expect(computeHash(structuredClone(template))).toBe(hash);
  expect(computeHash({ spec: template.spec, metadata: template.metadata })).toBe(hash);
  expect(computeHash({ ...template, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } })).not.toBe(hash);
  expect(computeHash(template, 1)).not.toBe(hash);
  expect(computeHash(template, 1)).not.toBe(computeHash(template, 2));
  expect(computeHash(template, 0)).not.toBe(hash);
  // The collision count goes in as 8 bytes: a little-endian uint32 and four zeros.
  let h = 2166136261;
  for (const byte of [...Buffer.from(JSON.stringify({ a: 'b' })), 7, 0, 0, 0, 0, 0, 0, 0]) h = Math.imul(h ^ byte, 16777619) >>> 0;
  expect(computeHash({ a: 'b' }, 7)).toBe(safeEncode(String(h)));
});

test('FNV-1a 32 (offset 2166136261, prime 16777619) of the canonical JSON', () => {
  let h = 2166136261;
  for (const byte of Buffer.from('{"a":"b"}')) h = Math.imul(h ^ byte, 16777619) >>> 0;
  expect(computeHash({ a: 'b' })).toBe(safeEncode(String(h)));
  expect(canonicalJson({ a: 'b', e: {}, n: null, l: [] })).toBe('{"a":"b"}');
});

test('templates equal but for the pod-template-hash label, and empty values, are equal', () => {
  const labelled = { ...template, metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' }, annotations: {} } };
  expect(equalIgnoreHash(labelled, template)).toBe(true);
  expect(equalIgnoreHash(labelled, { ...template, metadata: { labels: { app: 'api' } } })).toBe(false);
});
