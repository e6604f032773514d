// The pod-template-hash: FNV-1a of the template, collision count appended, digits mapped
// onto upstream's alphabet; equal templates but for the label compare equal.
import { computeHash } from '../../../src/controllers/deployment/index.js';
import { canonicalJson, equalIgnoreHash, safeEncode } from '../../../src/controllers/deployment/podTemplateHash.js';

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
});

test('FNV-1a 32 (offset 2166136261, prime 16777619) of the canonical JSON', () => {
  let h = 2166136261;
  for (const byte of Buffer.from('{"a":"b"}')) h = Math.imul(h ^ byte, 16777619) >>> 0;
  expect(canonicalJson({ a: 'b', e: {}, n: null, l: [] })).toBe('{"a":"b"}');
  expect(computeHash({ a: 'b' } as never)).toBe(safeEncode(String(h)));
});

test('templates equal but for the pod-template-hash label, and empty values, are equal', () => {
  const labelled = { ...template, metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' }, annotations: {} } };
  expect(equalIgnoreHash(labelled, template)).toBe(true);
  expect(equalIgnoreHash(labelled, { ...template, metadata: { labels: { app: 'api' } } })).toBe(false);
});
