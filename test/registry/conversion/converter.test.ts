import {
  METRIC_SPECS_ANNOTATION,
  converterFor,
  normalizeStorageVersionObject,
} from '../../../src/registry/conversion/index.js';
import { decodeText, encode, goQuote, map, ptr, slice, struct, INT32, QUANTITY, STRING, TIME } from '../../../src/registry/conversion/goJson.js';
import type { StorageConverter } from '../../../src/registry/store.js';

describe('converterFor', () => {
  test('autoscaling/v1 HorizontalPodAutoscalers are stored as autoscaling/v2', () => {
    const c = converterFor('autoscaling', 'v1', 'horizontalpodautoscalers')!;
    expect(c).toMatchObject({ storageVersion: 'autoscaling/v2', storageGroup: 'autoscaling', storageResource: 'horizontalpodautoscalers' });
    expect(converterFor('autoscaling', 'v1', 'horizontalpodautoscalers/status')).toBe(c);
    const v2 = c.toStorage({ metadata: { name: 'a' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 2, targetCPUUtilizationPercentage: 50 } });
    expect(v2.apiVersion).toBe('autoscaling/v2');
    expect(c.fromStorage(v2)).toMatchObject({ apiVersion: 'autoscaling/v1', spec: { targetCPUUtilizationPercentage: 50 } });
  });

  test('events.k8s.io/v1 Events are stored as core/v1 Events', () => {
    const c = converterFor('events.k8s.io', 'v1', 'events')!;
    expect(c).toMatchObject({ storageVersion: 'v1', storageGroup: '', storageResource: 'events' });
    const core = c.toStorage({ metadata: { name: 'e' }, regarding: { kind: 'Pod', name: 'p' }, note: 'hi' });
    expect(core).toMatchObject({ apiVersion: 'v1', kind: 'Event', involvedObject: { kind: 'Pod', name: 'p' }, message: 'hi' });
    expect(c.fromStorage(core)).toMatchObject({ apiVersion: 'events.k8s.io/v1', regarding: { kind: 'Pod', name: 'p' }, note: 'hi' });
  });

  test('undefined for the storage version, single-version resources and other subresources', () => {
    expect(converterFor('autoscaling', 'v2', 'horizontalpodautoscalers')).toBeUndefined();
    expect(converterFor('', 'v1', 'events')).toBeUndefined();
    expect(converterFor('apps', 'v1', 'deployments')).toBeUndefined();
    expect(converterFor('autoscaling', 'v1', 'horizontalpodautoscalers/scale')).toBeUndefined();
  });

  test('fits the store\'s StorageConverter', () => {
    const c: StorageConverter = converterFor('autoscaling', 'v1', 'horizontalpodautoscalers')!;
    expect(typeof c.toStorage).toBe('function');
  });

  test('field selector labels of the served version, as stored field labels', () => {
    const events = converterFor('events.k8s.io', 'v1', 'events')!;
    expect(events.fieldLabel('regarding.name')).toBe('involvedObject.name');
    expect(events.fieldLabel('regarding.fieldPath')).toBe('involvedObject.fieldPath');
    expect(events.fieldLabel('reportingController')).toBe('reportingComponent');
    expect(events.fieldLabel('type')).toBe('type');
    expect(events.fieldLabel('metadata.name')).toBe('metadata.name');
    expect(events.fieldLabel('involvedObject.name')).toBeUndefined();
    expect(events.fieldLabel('source')).toBeUndefined();
    expect(events.fieldLabel('toString')).toBeUndefined();
    const hpa = converterFor('autoscaling', 'v1', 'horizontalpodautoscalers')!;
    expect(hpa.fieldLabel('metadata.namespace')).toBe('metadata.namespace');
    expect(hpa.fieldLabel('spec.maxReplicas')).toBeUndefined();
  });
});

test('normalizeStorageVersionObject drops the HPA round-trip annotations in v2 too', () => {
  const o = { metadata: { name: 'a', annotations: { [METRIC_SPECS_ANNOTATION]: '[]', keep: 'x' } }, spec: {} };
  expect(normalizeStorageVersionObject('autoscaling', 'horizontalpodautoscalers', o)).toEqual({ metadata: { name: 'a', annotations: { keep: 'x' } }, spec: {} });
  expect(o.metadata.annotations[METRIC_SPECS_ANNOTATION]).toBe('[]');
  const plain = { metadata: { name: 'a' } };
  expect(normalizeStorageVersionObject('autoscaling', 'horizontalpodautoscalers', plain)).toBe(plain);
  expect(normalizeStorageVersionObject('apps', 'deployments', o)).toBe(o);
});

describe('goJson', () => {
  const T = struct(['name', STRING], ['count', INT32, 'omitempty'], ['size', QUANTITY], ['when', TIME, 'omitempty'], ['labels', map(STRING), 'omitempty'], ['tags', slice(STRING)], ['limit', ptr(INT32), 'omitempty']);

  test('encode: Go field order, omitempty, zero values, sorted map keys, HTML escapes', () => {
    expect(encode({ tags: ['<a>'], labels: { b: '1', a: '&' }, name: 'x', count: 0, limit: 0 }, T)).toBe(
      '{"name":"x","size":"0","when":null,"labels":{"a":"\\u0026","b":"1"},"tags":["\\u003ca\\u003e"],"limit":0}',
    );
    expect(goQuote('\u2028\n"')).toBe('"\\u2028\\n\\""');
  });

  test('decode: case-insensitive keys, null leaves values alone, type errors fail the whole text', () => {
    expect(decodeText('{"NAME":"x","Count":3,"tags":null,"extra":[1]}', T)).toEqual({ value: { name: 'x', count: 3 } });
    expect(decodeText('{"name":null}', T)).toEqual({ value: {} });
    expect(decodeText('null', T)).toEqual({ value: undefined });
    expect(decodeText('{"count":"3"}', T)).toBeUndefined();
    expect(decodeText('{"count":2147483648}', T)).toBeUndefined();
    expect(decodeText('{"size":"1.5Gi"}', T)).toEqual({ value: { size: '1.5Gi' } });
    expect(decodeText('{"size":"1.5 Gi"}', T)).toBeUndefined();
    expect(decodeText('{"when":"2024-01-01T00:00:00Z"}', T)).toEqual({ value: { when: '2024-01-01T00:00:00Z' } });
    expect(decodeText('{"when":"2024-13-01T00:00:00Z"}', T)).toBeUndefined();
    expect(decodeText('{', T)).toBeUndefined();
  });
});
