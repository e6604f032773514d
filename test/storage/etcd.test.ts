// The etcd backend against a private etcd: the shared contract suite, then what only etcd has:
// watches that survive an etcd restart or crash, durability across a SIGKILL, progress
// notifications, and an unreachable etcd.
import { createHash, randomBytes } from 'node:crypto';
import { EtcdStorage, type EtcdStorageOptions } from '../../src/storage/etcd/index.js';
import { isStorageError } from '../../src/storage/errors.js';
import type { KeyValue } from '../../src/storage/storage.js';
import { EtcdServer } from '../helpers/etcdServer.js';
import { collect, runStorageSuite } from './storageSuite.js';

let server: EtcdServer;
let opened = 0;
/** Every storage gets its own prefix inside the one etcd of this file. */
const nextPrefix = () => `/kubets-test-${process.pid}-${++opened}`;

beforeAll(async () => {
  server = await EtcdServer.start({
    extraArgs: ['--experimental-watch-progress-notify-interval=1s'],
  });
});

afterAll(async () => {
  await server?.stop();
});

function open(options: Partial<EtcdStorageOptions> = {}): Promise<EtcdStorage> {
  return EtcdStorage.open({ endpoints: [server.endpoint], prefix: nextPrefix(), ...options });
}

runStorageSuite('etcd', async () => {
  const storage = await open();
  return { storage, cleanup: () => storage.close() };
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A value that carries its own checksum, so a torn write cannot pass for a real one. */
function sealed(fields: object): Buffer {
  const body = JSON.stringify({ ...fields, pad: randomBytes(512).toString('hex') });
  return Buffer.from(JSON.stringify({ body, sha256: createHash('sha256').update(body).digest('hex') }));
}

function unseal(value: Buffer): Record<string, unknown> {
  const { body, sha256 } = JSON.parse(value.toString()) as { body: string; sha256: string };
  expect(createHash('sha256').update(body).digest('hex')).toBe(sha256);
  return JSON.parse(body) as Record<string, unknown>;
}

/** Creates a key, retrying while etcd is away. A KeyExists after a failed attempt means that
 * attempt was applied (its answer was lost): the write is done either way. */
async function createThroughOutage(storage: EtcdStorage, key: string, value: Buffer): Promise<void> {
  let failedBefore = false;
  for (;;) {
    try {
      await storage.create(key, value);
      return;
    } catch (error) {
      if (failedBefore && isStorageError(error, 'KeyExists')) return;
      if (!isStorageError(error, 'Unavailable')) throw error;
      failedBefore = true;
      await sleep(50);
    }
  }
}

describe('etcd: watches across an etcd restart', () => {
  for (const how of ['restart', 'crash'] as const) {
    test(`a watch resumes after an etcd ${how} with no gap or duplicate while writes go on`, async () => {
      const storage = await open({ requestTimeoutMs: 3000 });
      try {
        const w = collect(storage, '/r/', await storage.currentRevision());
        const total = 200;
        let outage: Promise<void> | undefined;
        for (let i = 0; i < total; i++) {
          if (i === 80) {
            outage = how === 'restart' ? server.restart() : server.kill().then(() => server.restart());
          }
          await createThroughOutage(storage, `/r/${String(i).padStart(4, '0')}`, Buffer.from(String(i)));
        }
        await outage;
        await w.until(total, 30_000);
        await sleep(200); // anything extra (a duplicate) would arrive now
        w.watch.stop();
        expect(w.error).toBeUndefined();
        const stored = (await storage.list('/r/')).kvs;
        expect(stored).toHaveLength(total);
        // Each key was created once and never changed: the watch must show exactly one ADDED
        // per key, at the key's create revision, in revision order.
        expect(w.events.every((e) => e.type === 'ADDED')).toBe(true);
        const byRevision = (a: KeyValue, b: KeyValue) => a.modRevision - b.modRevision;
        expect(w.events.map((e) => [e.kv.key, e.kv.modRevision])).toEqual(
          [...stored].sort(byRevision).map((kv) => [kv.key, kv.createRevision]));
      } finally {
        await storage.close();
      }
    }, 120_000);
  }

  test('a watch replaying history resumes where it stopped when etcd crashes mid-replay', async () => {
    // etcd replays old history in batches of up to 1,000 revisions. Crash it after the first
    // batch: the new stream must start right after the last delivered revision (the etcd3
    // client's own watcher resumes from the revision etcd reported at creation and skips the
    // rest of the replay).
    const storage = await open({ requestTimeoutMs: 3000 });
    try {
      const from = await storage.currentRevision();
      const total = 3000;
      const value = Buffer.alloc(1024, 'v');
      await Promise.all(Array.from({ length: 50 }, async (_, writer) => {
        for (let i = writer; i < total; i += 50) await storage.create(`/h/${String(i).padStart(5, '0')}`, value);
      }));
      const revisions: number[] = [];
      let batches = 0;
      let crash: Promise<void> | undefined;
      let error: Error | undefined;
      const watch = storage.watch('/h/', from, {
        onEvents: (events) => {
          batches++;
          revisions.push(...events.map((e) => e.kv.modRevision));
          crash ??= server.kill().then(() => server.restart());
        },
        onError: (e) => { error = e; },
      });
      const deadline = Date.now() + 60_000;
      while (revisions.length < total && !error && Date.now() < deadline) await sleep(50);
      await crash;
      await sleep(200);
      watch.stop();
      expect(error).toBeUndefined();
      expect(batches).toBeGreaterThan(1);
      expect(revisions).toEqual(Array.from({ length: total }, (_, i) => from + 1 + i));
    } finally {
      await storage.close();
    }
  }, 120_000);
});

test('etcd: every write acknowledged before a SIGKILL is there after the restart, none half-written', async () => {
  const storage = await open({ requestTimeoutMs: 3000 });
  try {
    const writers = 20;
    const acked = new Map<string, number>(); // key -> last acknowledged sequence number
    const inFlight = new Map<string, number>(); // key -> sequence number of the unanswered write
    let ackCount = 0;
    let killed: Promise<void> | undefined;
    const writer = async (id: number) => {
      const key = `/d/${id}`;
      let kv: KeyValue | undefined;
      for (let seq = 0; ; seq++) {
        inFlight.set(key, seq);
        try {
          kv = kv === undefined
            ? await storage.create(key, sealed({ key, seq }))
            : await storage.update(key, sealed({ key, seq }), kv.modRevision);
        } catch (error) {
          if (isStorageError(error, 'Unavailable')) return;
          throw error;
        }
        inFlight.delete(key);
        acked.set(key, seq);
        if (++ackCount === 1000) killed = server.kill();
      }
    };
    await Promise.all(Array.from({ length: writers }, (_, id) => writer(id)));
    await killed;
    await server.restart();

    const stored = await storage.list('/d/');
    const storedKeys = new Set(stored.kvs.map((kv) => kv.key));
    for (const key of acked.keys()) expect(storedKeys).toContain(key);
    for (const kv of stored.kvs) {
      const { key, seq } = unseal(kv.value) as { key: string; seq: number };
      expect(key).toBe(kv.key);
      // The acknowledged write survived; the one in flight at the kill may or may not have.
      const last = acked.get(key) ?? -1;
      const maybe = inFlight.get(key) === last + 1 ? [last + 1] : [];
      expect([last, ...maybe]).toContain(seq);
    }
    const after = await storage.create('/d/after', Buffer.from('x'));
    expect(after.modRevision).toBeGreaterThan(stored.revision);
  } finally {
    await storage.close();
  }
}, 120_000);

describe('etcd: progress notifications', () => {
  test('a quiet watch hears periodic progress at the current revision', async () => {
    const storage = await open();
    try {
      await storage.create('/p/a', Buffer.from('1'));
      const current = await storage.currentRevision();
      const progress: number[] = [];
      const errors: Error[] = [];
      const watch = storage.watch('/p/', current, {
        onEvents: () => {},
        onProgress: (revision) => progress.push(revision),
        onError: (error) => errors.push(error),
      });
      const deadline = Date.now() + 10_000;
      while (progress.length === 0 && Date.now() < deadline) await sleep(50);
      watch.stop();
      expect(errors).toEqual([]);
      expect(progress[0]).toBeGreaterThanOrEqual(current);
    } finally {
      await storage.close();
    }
  });

  test('on-demand progress requests: refused on etcd versions that may misorder them', async () => {
    const auto = await open();
    const always = await open({ progressRequests: 'always' });
    try {
      const errors: Error[] = [];
      const quiet = { onEvents: () => {}, onError: (error: Error) => { errors.push(error); } };
      const autoWatch = auto.watch('/q/', await auto.currentRevision(), quiet);
      const progress: number[] = [];
      const current = await always.currentRevision();
      const alwaysWatch = always.watch('/q/', current, { ...quiet, onProgress: (r) => progress.push(r) });
      await sleep(300); // both streams created
      // Debian's etcd 3.4.23 predates the fix (v3.4.31): 'auto' does not send requests.
      expect(autoWatch.requestProgress()).toBe(false);
      expect(alwaysWatch.requestProgress()).toBe(true);
      const deadline = Date.now() + 5000;
      while (progress.length === 0 && Date.now() < deadline) await sleep(20);
      autoWatch.stop();
      alwaysWatch.stop();
      expect(errors).toEqual([]);
      expect(progress[0]).toBeGreaterThanOrEqual(current);
    } finally {
      await auto.close();
      await always.close();
    }
  });
});

test('etcd: an unreachable etcd fails calls with Unavailable within the deadline', async () => {
  const storage = new EtcdStorage({ endpoints: ['http://127.0.0.1:1'], requestTimeoutMs: 1000 });
  try {
    const started = Date.now();
    const read = await storage.get('/x').catch((error: unknown) => error);
    expect(isStorageError(read, 'Unavailable')).toBe(true);
    const write = await storage.create('/x', Buffer.from('x')).catch((error: unknown) => error);
    expect(isStorageError(write, 'Unavailable')).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    const w = collect(storage, '/x/', 0);
    await storage.close();
    expect(isStorageError(await w.failed(), 'Unavailable')).toBe(true);
  } finally {
    await storage.close();
  }
});
