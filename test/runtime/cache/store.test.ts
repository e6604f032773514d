// The cache pieces alone: the indexer and its relist deltas, the JSON line decoder, backoff.
import { Backoff, byOwnerUid, byLabel, Indexer, JsonLineDecoder, NAMESPACE_INDEX, OWNER_UID_INDEX, byNamespace, type KubeObject } from '../../../src/runtime/cache/index.js';

const cm = (namespace: string, name: string, rv: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject =>
  ({ kind: 'ConfigMap', metadata: { namespace, name, resourceVersion: rv, ...extra } });

test('objects are keyed namespace/name and indexed by namespace, owner and custom functions', () => {
  const store = new Indexer({ [NAMESPACE_INDEX]: byNamespace, [OWNER_UID_INDEX]: byOwnerUid, tier: byLabel('tier') });
  store.upsert(cm('a', 'x', '1', { labels: { tier: 'web' }, ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'o', uid: 'u1' }] }));
  store.upsert(cm('a', 'y', '2', { labels: { tier: 'db' } }));
  store.upsert(cm('b', 'x', '3', { ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'o', uid: 'u1' }] }));
  store.upsert({ kind: 'Node', metadata: { name: 'n1', resourceVersion: '4' } });
  expect(store.keys().sort()).toEqual(['a/x', 'a/y', 'b/x', 'n1']);
  expect(store.get('a/y')?.metadata?.resourceVersion).toBe('2');
  expect(store.byIndex(NAMESPACE_INDEX, 'a').map((o) => o.metadata?.name).sort()).toEqual(['x', 'y']);
  expect(store.byIndex(OWNER_UID_INDEX, 'u1').map((o) => o.metadata?.namespace).sort()).toEqual(['a', 'b']);
  expect(store.byIndex('tier', 'web').map((o) => o.metadata?.name)).toEqual(['x']);

  // An update moves the object between index values; a delete drops it from all.
  store.upsert(cm('a', 'x', '5', { labels: { tier: 'db' } }));
  expect(store.byIndex('tier', 'web')).toEqual([]);
  expect(store.indexKeys('tier', 'db').sort()).toEqual(['a/x', 'a/y']);
  expect(store.indexKeys(OWNER_UID_INDEX, 'u1')).toEqual(['b/x']);
  store.delete(cm('b', 'x', '6'));
  expect(store.byIndex(OWNER_UID_INDEX, 'u1')).toEqual([]);
  expect(() => store.byIndex('nope', 'x')).toThrow('index nope does not exist');

  // An index added later covers what is already there.
  store.addIndex('name', (o) => [o.metadata?.name ?? '']);
  expect(store.indexKeys('name', 'x')).toEqual(['a/x']);
});

test('replace returns add, update and delete deltas against the previous contents', () => {
  const store = new Indexer({ [NAMESPACE_INDEX]: byNamespace });
  store.replace([cm('a', 'keep', '1'), cm('a', 'change', '2'), cm('a', 'gone', '3')]);
  const deltas = store.replace([cm('a', 'keep', '1'), cm('a', 'change', '7'), cm('a', 'new', '8')]);
  expect(deltas.map((d) => `${d.type}:${d.object.metadata?.name}`).sort()).toEqual(['add:new', 'delete:gone', 'update:change']);
  const update = deltas.find((d) => d.type === 'update');
  expect(update?.type === 'update' && update.old.metadata?.resourceVersion).toBe('2');
  expect(deltas.find((d) => d.type === 'delete')).toMatchObject({ finalStateUnknown: true });
  expect(store.byIndex(NAMESPACE_INDEX, 'a').map((o) => o.metadata?.name).sort()).toEqual(['change', 'keep', 'new']);
});

test('the JSON line decoder joins lines and characters split across chunks', () => {
  const decoder = new JsonLineDecoder();
  const text = Buffer.from('{"type":"ADDED","object":{"n":"é"}}\n\n{"type":"BOOKMARK"}\n{"type":"DEL');
  expect(decoder.push(text.subarray(0, 30))).toEqual([]);
  expect(decoder.push(text.subarray(30))).toEqual([{ type: 'ADDED', object: { n: 'é' } }, { type: 'BOOKMARK' }]);
  expect(decoder.push('ETED"}')).toEqual([]);
  expect(decoder.end()).toEqual([{ type: 'DELETED' }]);
  expect(() => new JsonLineDecoder().push('not json\n')).toThrow();
});

test('backoff doubles from 800 ms to 30 s with jitter, and resets', () => {
  let now = 0;
  const backoff = new Backoff({}, () => now, () => 0);
  const waits = Array.from({ length: 8 }, () => backoff.next());
  expect(waits).toEqual([800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000]);
  backoff.reset();
  expect(backoff.next()).toBe(800);
  now += 3 * 60_000;
  expect(backoff.next()).toBe(800);
  const jittered = new Backoff({}, () => 0, () => 0.5);
  expect(jittered.next()).toBe(1200);
});
