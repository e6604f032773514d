// Predicates judge updates by generation, labels and annotations and compose; handlers map an
// event to the object itself, its controller owner of a kind, or what a function returns.
import type { KubeObject } from '../../../src/runtime/cache/index.js';
import {
  and, annotationsChanged, enqueueRequestForObject, enqueueRequestForOwner, enqueueRequestsFromMapFunc, generationChanged,
  labelsChanged, not, or, requestFromKey, requestKey, type ObjectEvent,
} from '../../../src/runtime/controller/index.js';

const obj = (meta: Record<string, unknown>): KubeObject => ({ metadata: { name: 'o', namespace: 'ns', ...meta } });
const update = (a: Record<string, unknown>, b: Record<string, unknown>): ObjectEvent => ({ type: 'update', old: obj(a), object: obj(b) });
const create: ObjectEvent = { type: 'create', object: obj({}), isInInitialList: false };

test('built-in predicates judge updates only', () => {
  expect(generationChanged()(update({ generation: 1 }, { generation: 1 }))).toBe(false);
  expect(generationChanged()(update({ generation: 1 }, { generation: 2 }))).toBe(true);
  expect(generationChanged()(create)).toBe(true);
  expect(labelsChanged()(update({ labels: { a: '1' } }, { labels: { a: '1' } }))).toBe(false);
  expect(labelsChanged()(update({ labels: { a: '1' } }, { labels: { a: '2' } }))).toBe(true);
  expect(labelsChanged()(update({}, { labels: { a: '1' } }))).toBe(true);
  expect(annotationsChanged()(update({ annotations: { x: '' } }, {}))).toBe(true);
  expect(annotationsChanged()(update({}, {}))).toBe(false);
});

test('and, or, not and custom functions compose', () => {
  const ev = update({ generation: 1, labels: { a: '1' } }, { generation: 1, labels: { a: '2' } });
  expect(and(generationChanged(), labelsChanged())(ev)).toBe(false);
  expect(or(generationChanged(), labelsChanged())(ev)).toBe(true);
  expect(not(generationChanged())(ev)).toBe(true);
  expect(and(labelsChanged(), (e) => e.object.metadata?.name === 'o')(ev)).toBe(true);
});

test('handlers enqueue the object, its controller owner, or mapped requests', () => {
  expect(enqueueRequestForObject()(create)).toEqual([{ namespace: 'ns', name: 'o' }]);
  expect(enqueueRequestForObject()({ type: 'delete', object: { metadata: { name: 'node-1' } }, finalStateUnknown: true })).toEqual([{ name: 'node-1' }]);

  const owned = (kind: string, name: string, controller = true) =>
    ({ ownerReferences: [{ apiVersion: 'example.com/v1', kind, name, uid: 'u', controller }] });
  const forWebApp = enqueueRequestForOwner('WebApp');
  expect(forWebApp({ type: 'create', object: obj(owned('WebApp', 'site')), isInInitialList: true })).toEqual([{ namespace: 'ns', name: 'site' }]);
  expect(forWebApp({ type: 'create', object: obj(owned('WebApp', 'site', false)), isInInitialList: true })).toEqual([]);
  expect(forWebApp({ type: 'create', object: obj(owned('Other', 'site')), isInInitialList: true })).toEqual([]);
  expect(forWebApp(update(owned('WebApp', 'a'), owned('WebApp', 'b')))).toEqual([{ namespace: 'ns', name: 'a' }, { namespace: 'ns', name: 'b' }]);
  expect(enqueueRequestForOwner({ kind: 'WebApp', group: 'apps' })({ type: 'create', object: obj(owned('WebApp', 'x')), isInInitialList: false })).toEqual([]);

  const mapped = enqueueRequestsFromMapFunc((o) => [{ namespace: 'other', name: `${o.metadata?.name}-x` }]);
  expect(mapped(create)).toEqual([{ namespace: 'other', name: 'o-x' }]);
});

test('request keys round-trip', () => {
  expect(requestKey({ namespace: 'ns', name: 'a' })).toBe('ns/a');
  expect(requestKey({ name: 'a' })).toBe('a');
  expect(requestFromKey('ns/a')).toEqual({ namespace: 'ns', name: 'a' });
  expect(requestFromKey('a')).toEqual({ name: 'a' });
});
