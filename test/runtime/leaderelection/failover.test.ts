// Leader election against a real in-process kubets API server, with short durations. Every
// version of the Lease is recorded through a watch, and the history is checked: transitions
// count up by one exactly when the holder changes to a new candidate, and a new holder's
// acquireTime is never before its predecessor's last renewTime plus lease duration (unless the
// predecessor released). Callbacks on one timeline check that two candidates never lead at once.
import * as k8s from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import {
  LeaderElector, LeaseLock, type LeaderElectionRecord, type ResourceLock,
} from '../../../src/runtime/leaderelection/index.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../../helpers/apiServer.js';
import { eventually } from '../../helpers/kubectl.js';

const ns = 'leaderelection';
let server: TestApiServer;
let kc: k8s.KubeConfig;
let coordination: k8s.CoordinationV1Api;

beforeAll(async () => {
  server = await startTestApiServer();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(server.kubeconfig);
  coordination = kc.makeApiClient(k8s.CoordinationV1Api);
  await kc.makeApiClient(k8s.CoreV1Api).createNamespace({ body: { metadata: { name: ns } } });
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server);
});

interface Version {
  resourceVersion: number;
  holder: string;
  transitions: number;
  acquireTime: number;
  renewTime: number;
  leaseDurationSeconds: number;
}

/** Every version of one Lease, from a watch started before anyone writes it. */
async function watchLease(name: string): Promise<{ versions: Version[]; stop(): void }> {
  const versions: Version[] = [];
  const controller = await new k8s.Watch(kc).watch(
    `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`,
    { fieldSelector: `metadata.name=${name}` },
    (type, lease: k8s.V1Lease) => {
      if (type !== 'ADDED' && type !== 'MODIFIED') return;
      const spec = lease.spec ?? {};
      versions.push({
        resourceVersion: Number(lease.metadata?.resourceVersion),
        holder: spec.holderIdentity ?? '',
        transitions: spec.leaseTransitions ?? 0,
        acquireTime: Date.parse(String(spec.acquireTime)),
        renewTime: Date.parse(String(spec.renewTime)),
        leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
      });
    },
    () => {},
  );
  return { versions, stop: () => controller.abort() };
}

/** The history's invariants; returns the sequence of holders (releases as ''). */
function checkHistory(versions: Version[]): string[] {
  expect(versions.length).toBeGreaterThan(0);
  expect(versions[0]!.transitions).toBe(0);
  const holders = [versions[0]!.holder];
  for (let i = 1; i < versions.length; i++) {
    const prev = versions[i - 1]!;
    const cur = versions[i]!;
    expect(cur.resourceVersion).toBeGreaterThan(prev.resourceVersion);
    // Microtime strings carry the writer's wall clock: all candidates share this process's.
    if (cur.holder === prev.holder) {
      expect(cur.transitions).toBe(prev.transitions);
      if (cur.holder !== '') expect(cur.acquireTime).toBe(prev.acquireTime);
      continue;
    }
    holders.push(cur.holder);
    if (cur.holder === '') {
      expect(cur.transitions).toBe(prev.transitions); // a release
      continue;
    }
    expect(cur.transitions).toBe(prev.transitions + 1);
    if (prev.holder !== '') {
      // The predecessor had neither released nor renewed for a whole lease duration.
      expect(cur.acquireTime).toBeGreaterThanOrEqual(prev.renewTime + prev.leaseDurationSeconds * 1000);
    }
  }
  return holders;
}

/** Who leads when, on one timeline, failing on any overlap. */
class Timeline {
  readonly events: { identity: string; event: 'started' | 'stopped'; at: number }[] = [];
  private readonly leading = new Set<string>();
  overlaps = 0;

  started(identity: string): void {
    this.leading.add(identity);
    if (this.leading.size > 1) this.overlaps++;
    this.events.push({ identity, event: 'started', at: performance.now() });
  }

  stopped(identity: string): void {
    this.leading.delete(identity);
    this.events.push({ identity, event: 'stopped', at: performance.now() });
  }

  leaders(): string[] {
    return [...this.leading];
  }

  at(identity: string, event: 'started' | 'stopped'): number {
    const found = this.events.find((e) => e.identity === identity && e.event === event);
    if (!found) throw new Error(`${identity} never ${event}`);
    return found.at;
  }
}

interface Candidate {
  identity: string;
  elector: LeaderElector;
  abort: AbortController;
  done: Promise<void>;
  registry: Registry;
}

interface Timings {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}
const SHORT: Timings = { leaseDurationMs: 1_000, renewDeadlineMs: 700, retryPeriodMs: 100 };

function candidate(
  identity: string, lease: string, timeline: Timeline,
  options: { timings?: Timings; releaseOnCancel?: boolean; wrap?: (lock: ResourceLock) => ResourceLock } = {},
): Candidate {
  const inner = new LeaseLock(kc, { namespace: ns, name: lease, identity });
  const registry = new Registry();
  const elector = new LeaderElector({
    lock: options.wrap ? options.wrap(inner) : inner,
    ...(options.timings ?? SHORT),
    releaseOnCancel: options.releaseOnCancel ?? false,
    registry,
    callbacks: {
      onStartedLeading: () => timeline.started(identity),
      onStoppedLeading: () => timeline.stopped(identity),
    },
  });
  const abort = new AbortController();
  return { identity, elector, abort, done: elector.run(abort.signal), registry };
}

async function masterStatus(c: Candidate): Promise<number | undefined> {
  const metric = await c.registry.getSingleMetric('leader_election_master_status')?.get();
  return metric?.values[0]?.value;
}

const stopAll = async (candidates: Candidate[]): Promise<void> => {
  for (const c of candidates) c.abort.abort();
  await Promise.all(candidates.map((c) => c.done));
};

test('the leader killed (no release), the other takes over within the lease duration, twice', async () => {
  const lease = 'killed';
  const history = await watchLease(lease);
  const timeline = new Timeline();
  const a = candidate('a', lease, timeline);
  const b = candidate('b', lease, timeline);
  const all = [a, b];
  await eventually(() => timeline.leaders().length === 1);
  const first = timeline.leaders()[0]!;
  const leader = first === 'a' ? a : b;
  const follower = first === 'a' ? b : a;
  expect(await masterStatus(leader)).toBe(1);
  expect(await masterStatus(follower)).toBe(0);
  // Let it renew a few times, then kill it: abort without release writes nothing more.
  await new Promise((r) => setTimeout(r, 400));
  expect(follower.elector.getLeader()).toBe(first);
  leader.abort.abort();
  const killedAt = performance.now();
  await leader.done;

  await eventually(() => timeline.leaders().includes(follower.identity), 5_000);
  // Expiry is measured from the follower's last sight of a change (up to a jittered retry after
  // the last renewal), and it notices expiry at its next jittered try.
  const bound = SHORT.leaseDurationMs + 2 * 2.2 * SHORT.retryPeriodMs + 250;
  const firstTakeover = timeline.at(follower.identity, 'started') - killedAt;
  expect(firstTakeover).toBeLessThan(bound);

  // A restarted manager joins; the current leader is killed in turn.
  const c = candidate('c', lease, timeline);
  all.push(c);
  await new Promise((r) => setTimeout(r, 400));
  expect(timeline.leaders()).toEqual([follower.identity]);
  follower.abort.abort();
  const killedAgainAt = performance.now();
  await follower.done;
  await eventually(() => timeline.leaders().includes('c'), 5_000);
  expect(timeline.at('c', 'started') - killedAgainAt).toBeLessThan(bound);

  await stopAll(all);
  history.stop();
  expect(timeline.overlaps).toBe(0);
  expect(checkHistory(history.versions)).toEqual([first, follower.identity, 'c']);
  expect(history.versions.at(-1)!.transitions).toBe(2);
  // The follower observed the leader's renewals (several versions by the first holder).
  expect(history.versions.filter((v) => v.holder === first).length).toBeGreaterThan(2);
}, 20_000);

/** A lock that can be cut off from the API server: every call fails while cut. */
class PartitionableLock implements ResourceLock {
  cut = false;
  constructor(private readonly inner: ResourceLock) {}
  private check(): void {
    if (this.cut) throw new Error('connection refused');
  }
  async get(): Promise<LeaderElectionRecord> { this.check(); return this.inner.get(); }
  async create(record: LeaderElectionRecord): Promise<void> { this.check(); return this.inner.create(record); }
  async update(record: LeaderElectionRecord): Promise<void> { this.check(); return this.inner.update(record); }
  identity(): string { return this.inner.identity(); }
  describe(): string { return this.inner.describe(); }
}

test('a leader cut off from the API server steps down within renewDeadline, before the other starts', async () => {
  const lease = 'partitioned';
  const history = await watchLease(lease);
  const timeline = new Timeline();
  const locks = new Map<string, PartitionableLock>();
  const wrap = (lock: ResourceLock): ResourceLock => {
    const p = new PartitionableLock(lock);
    locks.set(lock.identity(), p);
    return p;
  };
  const a = candidate('a', lease, timeline, { wrap });
  const b = candidate('b', lease, timeline, { wrap });
  await eventually(() => timeline.leaders().length === 1);
  const first = timeline.leaders()[0]!;
  const [leader, follower] = first === 'a' ? [a, b] : [b, a];
  await new Promise((r) => setTimeout(r, 300));
  locks.get(first)!.cut = true;
  const cutAt = performance.now();

  await leader.done; // it gives up by itself: nobody aborted it
  const steppedDown = timeline.at(first, 'stopped') - cutAt;
  expect(steppedDown).toBeLessThan(SHORT.renewDeadlineMs + SHORT.retryPeriodMs + 250);
  expect(await masterStatus(leader)).toBe(0);
  await eventually(() => timeline.leaders().includes(follower.identity), 5_000);
  expect(timeline.at(follower.identity, 'started')).toBeGreaterThan(timeline.at(first, 'stopped'));
  expect(await masterStatus(follower)).toBe(1);

  await stopAll([a, b]);
  history.stop();
  expect(timeline.overlaps).toBe(0);
  expect(checkHistory(history.versions)).toEqual([first, follower.identity]);
}, 20_000);

test('a graceful stop with releaseOnCancel hands the lease over at once', async () => {
  const lease = 'released';
  const timings: Timings = { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 100 };
  const history = await watchLease(lease);
  const timeline = new Timeline();
  const newLeaders: string[] = [];
  const a = candidate('a', lease, timeline, { timings, releaseOnCancel: true });
  await eventually(() => timeline.leaders().includes('a'));
  const bElector = new LeaderElector({
    lock: new LeaseLock(kc, { namespace: ns, name: lease, identity: 'b' }),
    ...timings,
    releaseOnCancel: true,
    callbacks: {
      onStartedLeading: () => timeline.started('b'),
      onStoppedLeading: () => timeline.stopped('b'),
      onNewLeader: (id) => newLeaders.push(id),
    },
  });
  const bAbort = new AbortController();
  const bDone = bElector.run(bAbort.signal);
  await eventually(() => newLeaders.includes('a'));
  await new Promise((r) => setTimeout(r, 300));

  a.abort.abort();
  const stoppedAt = performance.now();
  await a.done;
  await eventually(() => timeline.leaders().includes('b'), 5_000);
  // Far sooner than the 3 s lease: the released record has no holder.
  expect(timeline.at('b', 'started') - stoppedAt).toBeLessThan(1_000);
  expect(newLeaders).toEqual(['a', 'b']);

  bAbort.abort();
  await bDone;
  await eventually(() => history.versions.at(-1)?.holder === '' && history.versions.length > 3);
  history.stop();
  expect(timeline.overlaps).toBe(0);
  expect(checkHistory(history.versions)).toEqual(['a', '', 'b', '']);
  const released = history.versions.find((v) => v.holder === '')!;
  expect(released.leaseDurationSeconds).toBe(1);
  const { spec } = await coordination.readNamespacedLease({ name: lease, namespace: ns });
  expect(spec?.holderIdentity ?? '').toBe('');
  expect(spec?.leaseTransitions).toBe(1);
  // MicroTime on the wire: six fraction digits.
  const raw = JSON.parse(JSON.stringify(spec)) as { renewTime: string };
  expect(raw.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
}, 20_000);

/** Holds each candidate's first create and first update until all have reached it. */
class RacingLock implements ResourceLock {
  static conflicts = 0;
  private raced = { create: false, update: false };
  constructor(private readonly inner: ResourceLock, private readonly barriers: Record<'create' | 'update', Barrier>) {}
  get(): Promise<LeaderElectionRecord> { return this.inner.get(); }
  async create(record: LeaderElectionRecord): Promise<void> { await this.race('create'); return this.counted(this.inner.create(record)); }
  async update(record: LeaderElectionRecord): Promise<void> { await this.race('update'); return this.counted(this.inner.update(record)); }
  identity(): string { return this.inner.identity(); }
  describe(): string { return this.inner.describe(); }
  private async race(op: 'create' | 'update'): Promise<void> {
    if (this.raced[op]) return;
    this.raced[op] = true;
    await this.barriers[op].arrive();
  }
  private async counted(call: Promise<void>): Promise<void> {
    try {
      await call;
    } catch (error) {
      if ((error as { code?: number }).code === 409) RacingLock.conflicts++;
      throw error;
    }
  }
}

class Barrier {
  private waiting: (() => void)[] = [];
  constructor(private readonly parties: number) {}
  arrive(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (this.waiting.length === this.parties) for (const go of this.waiting.splice(0)) go();
    });
  }
}

test('candidates racing to create, then to take over an expired lease: 409s, and one leader', async () => {
  const n = 4;
  for (const [lease, existing] of [['race-create', false], ['race-expired', true]] as const) {
    if (existing) {
      // A holder that stopped renewing long ago; the candidates still wait a lease from first sight.
      const old = new Date(Date.now() - 60_000);
      await coordination.createNamespacedLease({
        namespace: ns,
        body: {
          metadata: { name: lease },
          spec: {
            holderIdentity: 'ghost', leaseDurationSeconds: 1, leaseTransitions: 5,
            acquireTime: new k8s.V1MicroTime(old.getTime()), renewTime: new k8s.V1MicroTime(old.getTime()),
          },
        },
      });
    }
    RacingLock.conflicts = 0;
    const history = await watchLease(lease);
    const timeline = new Timeline();
    const barriers = { create: new Barrier(n), update: new Barrier(n) };
    const candidates = Array.from({ length: n }, (_, i) =>
      candidate(`racer-${i}`, lease, timeline, { wrap: (lock) => new RacingLock(lock, barriers) }));
    await eventually(() => timeline.leaders().length === 1, 5_000);
    await eventually(() => RacingLock.conflicts === n - 1, 5_000);
    await new Promise((r) => setTimeout(r, 500)); // losers keep trying; the winner keeps renewing
    expect(timeline.leaders().length).toBe(1);
    const winner = timeline.leaders()[0]!;
    expect(candidates.filter((c) => c.elector.getLeader() === winner).length).toBe(n);

    await stopAll(candidates);
    history.stop();
    expect(timeline.overlaps).toBe(0);
    if (existing) {
      expect(history.versions.map((v) => v.holder)).toEqual(history.versions.map((_, i) => (i === 0 ? 'ghost' : winner)));
      expect(history.versions.at(-1)!.transitions).toBe(6);
    } else {
      expect(checkHistory(history.versions)).toEqual([winner]);
    }
  }
}, 20_000);
