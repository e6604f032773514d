// The storage contract as tests: every backend (and the watch cache in front of one) runs this
// same suite, so they cannot drift apart.
import { isStorageError, StorageError } from '../../src/storage/errors.js';
import { MAX_VALUE_BYTES, type Storage, type WatchEvent } from '../../src/storage/storage.js';

export interface OpenedStorage {
  storage: Storage;
  cleanup(): Promise<void>;
}

const b = (s: string) => Buffer.from(s);

/** Collects a watch's events; `until(n)` resolves once n events have arrived. */
export function collect(storage: Storage, prefix: string, fromRevision: number) {
  const events: WatchEvent[] = [];
  let error: Error | undefined;
  let waiters: Array<() => void> = [];
  const wake = () => { const w = waiters; waiters = []; w.forEach((f) => f()); };
  const watch = storage.watch(prefix, fromRevision, {
    onEvents: (batch) => { events.push(...batch); wake(); },
    onError: (e) => { error = e; wake(); },
  });
  return {
    events,
    watch,
    get error() { return error; },
    async until(count: number, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count && !error) {
        if (Date.now() > deadline) throw new Error(`saw ${events.length} of ${count} events`);
        await new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, 50); });
      }
    },
    async failed(timeoutMs = 10_000): Promise<Error> {
      const deadline = Date.now() + timeoutMs;
      while (!error) {
        if (Date.now() > deadline) throw new Error('the watch did not fail');
        await new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, 50); });
      }
      return error;
    },
  };
}

async function expectStorageError(promise: Promise<unknown>, code: StorageError['code']): Promise<StorageError> {
  try {
    await promise;
  } catch (error) {
    if (isStorageError(error, code)) return error;
    throw error;
  }
  throw new Error(`expected a ${code} error`);
}

export function runStorageSuite(name: string, open: () => Promise<OpenedStorage>): void {
  describe(`storage contract: ${name}`, () => {
    let opened: OpenedStorage;
    let s: Storage;
    beforeEach(async () => {
      opened = await open();
      s = opened.storage;
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    test('create, get, and create of an existing key fails', async () => {
      const kv = await s.create('/t/a', b('1'));
      expect(kv).toMatchObject({ key: '/t/a', createRevision: kv.modRevision });
      expect((await s.get('/t/a'))?.value.toString()).toBe('1');
      expect(await s.get('/t/missing')).toBeUndefined();
      await expectStorageError(s.create('/t/a', b('2')), 'KeyExists');
      expect((await s.get('/t/a'))?.value.toString()).toBe('1');
    });

    test('update compares the mod revision (CAS)', async () => {
      const created = await s.create('/t/a', b('1'));
      const updated = await s.update('/t/a', b('2'), created.modRevision);
      expect(updated.modRevision).toBeGreaterThan(created.modRevision);
      expect(updated.createRevision).toBe(created.createRevision);
      const conflict = await expectStorageError(s.update('/t/a', b('3'), created.modRevision), 'Conflict');
      expect(conflict.current?.modRevision).toBe(updated.modRevision);
      expect(conflict.current?.value.toString()).toBe('2');
      await expectStorageError(s.update('/t/missing', b('3'), 1), 'NotFound');
      expect((await s.get('/t/a'))?.value.toString()).toBe('2');
    });

    test('only one of many concurrent CAS updates from the same revision wins', async () => {
      const created = await s.create('/t/race', b('0'));
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => s.update('/t/race', b(String(i + 1)), created.modRevision)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(isStorageError(r.reason, 'Conflict')).toBe(true);
      }
    });

    test('delete returns the last value, honours its precondition, and frees the key', async () => {
      const created = await s.create('/t/a', b('1'));
      await expectStorageError(s.delete('/t/a', created.modRevision + 1000), 'Conflict');
      const deleted = await s.delete('/t/a', created.modRevision);
      expect(deleted.value.toString()).toBe('1');
      expect(deleted.modRevision).toBeGreaterThan(created.modRevision);
      expect(await s.get('/t/a')).toBeUndefined();
      await expectStorageError(s.delete('/t/a'), 'NotFound');
      const again = await s.create('/t/a', b('new'));
      expect(again.createRevision).toBeGreaterThan(deleted.modRevision);
    });

    test('every write gets a new, larger revision; currentRevision is the latest', async () => {
      const revisions: number[] = [];
      for (let i = 0; i < 5; i++) revisions.push((await s.create(`/t/k${i}`, b('v'))).modRevision);
      revisions.push((await s.update('/t/k0', b('w'), revisions[0])).modRevision);
      revisions.push((await s.delete('/t/k1')).modRevision);
      for (let i = 1; i < revisions.length; i++) expect(revisions[i]).toBeGreaterThan(revisions[i - 1]);
      expect(await s.currentRevision()).toBe(revisions[revisions.length - 1]);
    });

    test('list: key order, prefix isolation, pagination at one revision, remaining count', async () => {
      for (const k of ['c', 'a', 'e', 'b', 'd']) await s.create(`/t/p/${k}`, b(k));
      await s.create('/t/pp/x', b('other prefix'));
      await s.create('/t/o', b('outside'));
      const all = await s.list('/t/p/');
      expect(all.kvs.map((kv) => kv.value.toString())).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(all.remaining).toBe(0);

      const page1 = await s.list('/t/p/', { limit: 2 });
      expect(page1.kvs.map((kv) => kv.value.toString())).toEqual(['a', 'b']);
      expect(page1.remaining).toBe(3);
      // A change between pages is not seen: the next pages read at the first page's revision.
      await s.create('/t/p/bb', b('bb'));
      await s.delete('/t/p/d');
      const after = page1.kvs[1].key;
      const page2 = await s.list('/t/p/', { limit: 2, after, revision: page1.revision });
      expect(page2.kvs.map((kv) => kv.value.toString())).toEqual(['c', 'd']);
      expect(page2.remaining).toBe(1);
      const page3 = await s.list('/t/p/', { limit: 2, after: page2.kvs[1].key, revision: page1.revision });
      expect(page3.kvs.map((kv) => kv.value.toString())).toEqual(['e']);
      expect(page3.remaining).toBe(0);
      const now = await s.list('/t/p/');
      expect(now.kvs.map((kv) => kv.value.toString())).toEqual(['a', 'b', 'bb', 'c', 'e']);
      expect(now.revision).toBe(await s.currentRevision());
    });

    test('reads at an old revision see the old state', async () => {
      const v1 = await s.create('/t/a', b('1'));
      const v2 = await s.update('/t/a', b('2'), v1.modRevision);
      await s.delete('/t/a');
      expect((await s.get('/t/a', v1.modRevision))?.value.toString()).toBe('1');
      expect((await s.get('/t/a', v2.modRevision))?.value.toString()).toBe('2');
      expect(await s.get('/t/a')).toBeUndefined();
      const listed = await s.list('/t/', { revision: v1.modRevision });
      expect(listed.kvs.map((kv) => kv.value.toString())).toEqual(['1']);
      await expectStorageError(s.list('/t/', { revision: (await s.currentRevision()) + 100 }), 'FutureRevision');
    });

    test('watch delivers ADDED, MODIFIED, DELETED with values and previous values', async () => {
      const start = await s.currentRevision();
      const w = collect(s, '/t/w/', start);
      const created = await s.create('/t/w/a', b('1'));
      await s.create('/t/other', b('not watched'));
      const updated = await s.update('/t/w/a', b('2'), created.modRevision);
      const deleted = await s.delete('/t/w/a');
      await w.until(3);
      w.watch.stop();
      expect(w.events.map((e) => [e.type, e.kv.key, e.kv.value.toString(), e.prevValue?.toString()])).toEqual([
        ['ADDED', '/t/w/a', '1', undefined],
        ['MODIFIED', '/t/w/a', '2', '1'],
        ['DELETED', '/t/w/a', '2', '2'],
      ]);
      expect(w.events.map((e) => e.kv.modRevision)).toEqual(
        [created.modRevision, updated.modRevision, deleted.modRevision]);
    });

    test('watch from an old revision replays history, then goes live, with no gap or duplicate', async () => {
      const start = await s.currentRevision();
      const acked: number[] = [];
      for (let i = 0; i < 30; i++) acked.push((await s.create(`/t/h/${i}`, b(String(i)))).modRevision);
      const w = collect(s, '/t/h/', acked[9]);
      for (let i = 30; i < 60; i++) acked.push((await s.create(`/t/h/${i}`, b(String(i)))).modRevision);
      await w.until(50);
      w.watch.stop();
      expect(w.events.map((e) => e.kv.modRevision)).toEqual(acked.slice(10));
      expect(start).toBeLessThan(acked[0]);
    });

    test('concurrent writes are seen by a watcher in revision order, each exactly once', async () => {
      const w = collect(s, '/t/c/', await s.currentRevision());
      const results = await Promise.all(Array.from({ length: 300 }, (_, i) =>
        s.create(`/t/c/${i % 100}/${i}`, b(String(i)))));
      await w.until(300);
      w.watch.stop();
      const seen = w.events.map((e) => e.kv.modRevision);
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
      expect(seen).toEqual(results.map((r) => r.modRevision).sort((x, y) => x - y));
    });

    test('1,000 concurrent watchers all see every event in order', async () => {
      const from = await s.currentRevision();
      const watchers = Array.from({ length: 1000 }, () => collect(s, '/t/fan/', from));
      const acked: number[] = [];
      for (let i = 0; i < 20; i++) acked.push((await s.create(`/t/fan/${i}`, b(String(i)))).modRevision);
      await Promise.all(watchers.map((w) => w.until(20)));
      for (const w of watchers) {
        w.watch.stop();
        expect(w.events.map((e) => e.kv.modRevision)).toEqual(acked);
      }
    });

    test('compaction: old revisions and watches from them fail as Compacted; the latest state stays', async () => {
      const v1 = await s.create('/t/a', b('1'));
      const v2 = await s.update('/t/a', b('2'), v1.modRevision);
      await s.create('/t/b', b('x'));
      const gone = await s.delete('/t/b');
      const v3 = await s.update('/t/a', b('3'), v2.modRevision);
      await s.compact(v3.modRevision);
      await expectStorageError(s.get('/t/a', v1.modRevision), 'Compacted');
      await expectStorageError(s.list('/t/', { revision: gone.modRevision - 1 }), 'Compacted');
      const w = collect(s, '/t/', v1.modRevision);
      const error = await w.failed();
      expect(isStorageError(error, 'Compacted')).toBe(true);
      expect((await s.get('/t/a'))?.value.toString()).toBe('3');
      expect(await s.get('/t/b')).toBeUndefined();
      expect((await s.list('/t/')).kvs.map((kv) => kv.key)).toEqual(['/t/a']);
      // Watching from the compaction point still works.
      const live = collect(s, '/t/', v3.modRevision);
      await s.update('/t/a', b('4'), v3.modRevision);
      await live.until(1);
      live.watch.stop();
      expect(live.events[0].kv.value.toString()).toBe('4');
    });

    test('values over 1.5 MiB are refused with a clear error and nothing is stored', async () => {
      const big = Buffer.alloc(MAX_VALUE_BYTES + 1, 'x');
      const error = await expectStorageError(s.create('/t/big', big), 'TooLarge');
      expect(error.message).toMatch(/\/t\/big.*limit/);
      expect(await s.get('/t/big')).toBeUndefined();
      const kv = await s.create('/t/ok', Buffer.alloc(1024 * 1024, 'y'));
      await expectStorageError(s.update('/t/ok', big, kv.modRevision), 'TooLarge');
      expect((await s.get('/t/ok'))?.value.length).toBe(1024 * 1024);
    });
  });
}
