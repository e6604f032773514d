import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStorageError } from '../../src/storage/errors.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqliteStorage.js';
import type { Storage, Watch, WatchHandler } from '../../src/storage/storage.js';
import { EventBuffer } from '../../src/storage/watchcache/eventBuffer.js';
import { encodeOnce } from '../../src/storage/watchcache/encodeOnce.js';
import { WatchCache } from '../../src/storage/watchcache/watchCache.js';
import { collect } from './storageSuite.js';

const b = (s: string) => Buffer.from(s);

/** A backend whose watches can be broken on demand, and whose lists are counted. */
class BreakableBackend {
  lists = 0;
  private handlers: WatchHandler[] = [];
  constructor(readonly inner: Storage) {}
  wrap(): Storage {
    return new Proxy(this.inner, {
      get: (target, name) => {
        if (name === 'list') return (...args: Parameters<Storage['list']>) => { this.lists++; return target.list(...args); };
        if (name === 'watch') {
          return (prefix: string, from: number, handler: WatchHandler): Watch => {
            this.handlers.push(handler);
            return target.watch(prefix, from, handler);
          };
        }
        const value = Reflect.get(target, name);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
  break(): void {
    const handlers = this.handlers;
    this.handlers = [];
    for (const h of handlers) h.onError(new Error('connection lost'));
  }
}

describe('watch cache', () => {
  let dir: string;
  let backend: SqliteStorage;
  let cache: WatchCache;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubets-cache-'));
    backend = new SqliteStorage(join(dir, 'kubets.db'));
    await backend.create('/registry/pods/ns1/a', b('a'));
    await backend.create('/registry/pods/ns2/b', b('b'));
    await backend.create('/registry/services/ns1/s', b('s'));
    cache = new WatchCache(backend, '/registry/pods/', { restartDelayMs: 10, freshnessTimeoutMs: 300 });
    await cache.waitUntilReady();
  });

  afterEach(async () => {
    await cache.close();
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('serves resourceVersion=0 lists from memory, only for its prefix, in key order', async () => {
    await backend.create('/registry/pods/ns1/0', b('0'));
    await cache.create('/registry/pods/ns1/c', b('c'));
    const rev = await backend.currentRevision();
    const listed = await cache.list('/registry/pods/', { notOlderThan: rev });
    expect(listed.kvs.map((kv) => kv.key)).toEqual(
      ['/registry/pods/ns1/0', '/registry/pods/ns1/a', '/registry/pods/ns1/c', '/registry/pods/ns2/b']);
    expect(listed.revision).toBe(rev);
    const ns1 = await cache.list('/registry/pods/ns1/', { notOlderThan: 0, limit: 2 });
    expect(ns1.kvs.map((kv) => kv.value.toString())).toEqual(['0', 'a']);
    expect(ns1.remaining).toBe(1);
    const next = await cache.list('/registry/pods/ns1/', { notOlderThan: 0, after: ns1.kvs[1].key });
    expect(next.kvs.map((kv) => kv.value.toString())).toEqual(['c']);
    await expect(cache.list('/registry/services/', { notOlderThan: 0 })).rejects.toThrow(/outside the watch cache/);
    expect((await collect(cache, '/registry/services/', 0).failed()).message).toMatch(/outside the watch cache/);
  });

  test('a memory list never reads the backend, and matches the backend state', async () => {
    const counting = new BreakableBackend(backend);
    const counted = new WatchCache(counting.wrap(), '/registry/pods/');
    await counted.waitUntilReady();
    const listsAfterStart = counting.lists;
    for (let i = 0; i < 50; i++) await counted.create(`/registry/pods/ns3/p${i}`, b(String(i)));
    const rev = await backend.currentRevision();
    const fromCache = await counted.list('/registry/pods/', { notOlderThan: rev });
    expect(counting.lists).toBe(listsAfterStart);
    const fromBackend = await backend.list('/registry/pods/');
    expect(fromCache.kvs).toEqual(fromBackend.kvs);
    await counted.close();
  });

  test('exact revisions go to the backend; consistent reads come from memory once it has caught up', async () => {
    const counting = new BreakableBackend(backend);
    const counted = new WatchCache(counting.wrap(), '/registry/pods/');
    await counted.waitUntilReady();
    const first = await backend.currentRevision();
    const created = await counted.create('/registry/pods/ns1/z', b('z'));
    const listsBefore = counting.lists;
    const old = await counted.list('/registry/pods/', { revision: first });
    expect(old.kvs).toHaveLength(2);
    expect(counting.lists).toBe(listsBefore + 1);
    // Let the cache receive the create, then a consistent read needs no backend list.
    await new Promise((r) => setTimeout(r, 10));
    const latest = await counted.list('/registry/pods/');
    expect(latest.kvs).toHaveLength(3);
    expect(latest.revision).toBe(created.modRevision);
    expect(counting.lists).toBe(listsBefore + 1);
    expect((await counted.get('/registry/pods/ns1/z'))?.value.toString()).toBe('z');
    await counted.close();
  });

  test('a consistent read right after a write sees the write', async () => {
    for (let i = 0; i < 50; i++) {
      const written = await cache.create(`/registry/pods/ryw/p${i}`, b(String(i)));
      expect((await cache.get(`/registry/pods/ryw/p${i}`))?.modRevision).toBe(written.modRevision);
      const listed = await cache.list('/registry/pods/ryw/');
      expect(listed.kvs).toHaveLength(i + 1);
    }
  });

  test('watches replay from the buffer then go live; other prefixes are not seen', async () => {
    const from = await backend.currentRevision();
    const created = await cache.create('/registry/pods/ns1/w', b('1'));
    await backend.create('/registry/services/ns1/t', b('not a pod'));
    const w = collect(cache, '/registry/pods/ns1/', from);
    await w.until(1);
    await cache.update('/registry/pods/ns1/w', b('2'), created.modRevision);
    await cache.create('/registry/pods/ns2/x', b('other namespace'));
    await cache.delete('/registry/pods/ns1/w');
    await w.until(3);
    w.watch.stop();
    expect(w.events.map((e) => [e.type, e.kv.value.toString()])).toEqual(
      [['ADDED', '1'], ['MODIFIED', '2'], ['DELETED', '2']]);
  });

  test('a watch from before the buffered history fails as expired', async () => {
    const small = new WatchCache(backend, '/registry/pods/', { retention: { minEvents: 5, maxEvents: 5, minAgeMs: 0 } });
    await small.waitUntilReady();
    const start = await backend.currentRevision();
    for (let i = 0; i < 20; i++) await small.create(`/registry/pods/ns9/p${i}`, b(String(i)));
    await collect(small, '/registry/pods/', 0).until(0);
    const tooOld = collect(small, '/registry/pods/', start);
    const error = await tooOld.failed();
    expect(isStorageError(error, 'Compacted')).toBe(true);
    const recent = collect(small, '/registry/pods/', (await backend.currentRevision()) - 3);
    await recent.until(3);
    expect(recent.events).toHaveLength(3);
    recent.watch.stop();
    await small.close();
  });

  test('a watch from a future revision is refused', async () => {
    const w = collect(cache, '/registry/pods/', (await backend.currentRevision()) + 1000);
    expect(isStorageError(await w.failed(), 'FutureRevision')).toBe(true);
  });

  test('reads wait for the cache to reach a requested revision', async () => {
    const pending = cache.create('/registry/pods/ns1/later', b('x'));
    const { modRevision } = await pending;
    const listed = await cache.list('/registry/pods/ns1/', { notOlderThan: modRevision });
    expect(listed.kvs.map((kv) => kv.key)).toContain('/registry/pods/ns1/later');
    await expect(cache.list('/registry/pods/', { notOlderThan: modRevision + 50 })).rejects.toThrow(/newer than/);
  });

  test('1,000 watchers share each event, which is serialised once', async () => {
    const from = await backend.currentRevision();
    const encodes = { count: 0 };
    const sent: Buffer[][] = [];
    const watchers = Array.from({ length: 1000 }, (_, i) => {
      sent.push([]);
      return cache.watch('/registry/pods/', from, {
        onEvents: (events) => {
          for (const e of events) {
            sent[i].push(encodeOnce(e, 'json', (ev) => { encodes.count++; return Buffer.from(JSON.stringify({ type: ev.type, key: ev.kv.key })); }));
          }
        },
        onError: (e) => { throw e; },
      });
    });
    for (let i = 0; i < 10; i++) await cache.create(`/registry/pods/fan/p${i}`, b(String(i)));
    const deadline = Date.now() + 10_000;
    while (sent.some((s) => s.length < 10) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    watchers.forEach((w) => w.stop());
    expect(encodes.count).toBe(10);
    for (const s of sent) {
      expect(s.map((x) => JSON.parse(x.toString()).key)).toEqual(Array.from({ length: 10 }, (_, i) => `/registry/pods/fan/p${i}`));
      expect(s[0]).toBe(sent[0][0]);
    }
  });

  test("an event's previous value is the bytes the cache already held, not a second copy", async () => {
    const from = await backend.currentRevision();
    const w = collect(cache, '/registry/pods/', from);
    const first = await cache.update('/registry/pods/ns1/a', b('a2'), (await cache.get('/registry/pods/ns1/a'))!.modRevision);
    await cache.update('/registry/pods/ns1/a', b('a3'), first.modRevision);
    await w.until(2);
    w.watch.stop();
    const { events } = w;
    expect(events.map((e) => e.prevValue?.toString())).toEqual(['a', 'a2']);
    expect(events[1].prevValue).toBe(events[0].kv.value);
  });

  test('when the backend watch breaks, watchers are told and the cache rebuilds', async () => {
    const breakable = new BreakableBackend(backend);
    const c = new WatchCache(breakable.wrap(), '/registry/pods/', { restartDelayMs: 10 });
    await c.waitUntilReady();
    const w = collect(c, '/registry/pods/', await backend.currentRevision());
    await new Promise((r) => setTimeout(r, 20));
    breakable.break();
    expect((await w.failed()).message).toBe('connection lost');
    await backend.create('/registry/pods/ns1/after-break', b('x'));
    const rev = await backend.currentRevision();
    const listed = await c.list('/registry/pods/', { notOlderThan: rev });
    expect(listed.kvs.map((kv) => kv.key)).toContain('/registry/pods/ns1/after-break');
    const again = collect(c, '/registry/pods/', rev);
    await backend.create('/registry/pods/ns1/later', b('y'));
    await again.until(1);
    again.watch.stop();
    await c.close();
  });
});

describe('event buffer retention', () => {
  const event = (revision: number) => ({ type: 'ADDED' as const, kv: { key: `/k${revision}`, value: b(''), createRevision: revision, modRevision: revision } });

  test('keeps at least minEvents and at least minAgeMs, never more than maxEvents', () => {
    const buffer = new EventBuffer(0, { minEvents: 3, minAgeMs: 1000, maxEvents: 6 });
    buffer.append([1, 2, 3, 4].map(event), 0);
    expect(buffer.size).toBe(4);
    expect(buffer.since(0)?.map((e) => e.kv.modRevision)).toEqual([1, 2, 3, 4]);
    buffer.append([5].map(event), 500);
    expect(buffer.size).toBe(5);
    buffer.append([6, 7, 8].map(event), 900);
    expect(buffer.size).toBe(6);
    expect(buffer.since(0)).toBeUndefined();
    expect(buffer.oldestServable).toBe(2);
    expect(buffer.since(2)?.map((e) => e.kv.modRevision)).toEqual([3, 4, 5, 6, 7, 8]);
    buffer.append([9].map(event), 1600);
    // Events from t=0 and t=500 are older than a second: dropped down to minEvents.
    expect(buffer.since(5)?.map((e) => e.kv.modRevision)).toEqual([6, 7, 8, 9]);
    expect(buffer.oldestServable).toBe(5);
  });
});
