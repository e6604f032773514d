// The informer robustness acceptance of issue 4. While configmaps change steadily, the
// informer's connection (through a TCP proxy) is cut every ~1.5 s, sometimes with new
// connections refused long enough for its resume point to fall out of the watch cache's short
// history; storage is compacted; and the API server is stopped and started again on the same
// data dir and port. Checked against the storage's own change log: the cache ends equal to the
// server's state, every change is seen as a watch event unless a relist covered it, at most one
// relist per cut, and no file descriptor or socket is left behind.
import * as k8s from '@kubernetes/client-node';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandaloneApiServer, type StandaloneApiServer } from '../../../src/apiserver/index.js';
import { ListWatch, SharedInformer, type KubeObject, type ReflectorTrace } from '../../../src/runtime/cache/index.js';
import type { Watch } from '../../../src/storage/index.js';
import { eventually } from '../../helpers/kubectl.js';
import { CuttableProxy, OneShotClient, openDescriptors } from './testNetwork.js';

const ns = 'robust';
const path = `/api/v1/namespaces/${ns}/configmaps`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Change = { type: string; rev: number; name: string };

test('cuts, compaction and a restart: the cache converges with no missed event, no extra relist, no leak', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubets-robust-'));
  const serverOptions = { dataDir, watchCacheRetention: { minEvents: 10, maxEvents: 10, minAgeMs: 0 }, compactionIntervalMs: 3_600_000 };
  let server: StandaloneApiServer = await startStandaloneApiServer({ ...serverOptions, port: 0 });
  const port = server.port;
  const proxy = new CuttableProxy(port);
  let refWatch: Watch | undefined;
  try {
    await proxy.listen();
    const direct = new OneShotClient(server.url, dataDir);
    expect((await direct.send('POST', '/api/v1/namespaces', { metadata: { name: ns } })).status).toBe(201);
    const names = Array.from({ length: 30 }, (_, i) => `cm-${i}`);
    for (const name of names.slice(0, 10)) await direct.send('POST', path, { metadata: { name }, data: { n: '0' } });

    // The reference: every change under the namespace, straight from storage.
    const keys = (await server.storage.list('/')).kvs.map((kv) => kv.key);
    const sample = keys.find((key) => key.endsWith(`/configmaps/${ns}/cm-0`))!;
    const prefix = sample.slice(0, -'cm-0'.length);
    const changes: Change[] = [];
    let refRev = await server.storage.currentRevision();
    const follow = () => server.storage.watch(prefix, refRev, {
      onEvents: (events) => {
        for (const e of events) {
          changes.push({ type: e.type, rev: e.kv.modRevision, name: e.kv.key.slice(prefix.length) });
          refRev = e.kv.modRevision;
        }
      },
      onError: () => undefined,
    });
    refWatch = follow();

    // The informer reaches the server only through the proxy.
    const kc = new k8s.KubeConfig();
    kc.loadFromString(readFileSync(server.kubeconfig, 'utf8').replace(server.url, `https://127.0.0.1:${proxy.port}`));
    const trace: ReflectorTrace[] = [];
    await sleep(200); // the set-up's connections finish closing
    const before = openDescriptors();
    const informer = new SharedInformer<KubeObject>(new ListWatch(kc, path), {
      reflector: { backoff: { initialMs: 50, maxMs: 400 }, watchdogMs: 3000, trace: (t) => trace.push(t) },
    });
    const handled = { add: 0, update: 0, delete: 0 };
    informer.addEventHandler({
      onAdd: () => { handled.add++; }, onUpdate: () => { handled.update++; }, onDelete: () => { handled.delete++; },
    });
    informer.start();
    await informer.waitForSync(5000);

    // Steady changes, straight to the server (not through the proxy).
    let writing = true;
    let writes = 0;
    let writer = direct;
    const write = async () => {
      let i = 0;
      while (writing) {
        const name = names[(i * 7) % names.length];
        i++;
        try {
          const existing = await writer.send('GET', `${path}/${name}`);
          if (existing.status === 404) await writer.send('POST', path, { metadata: { name }, data: { n: '0' } });
          else if (i % 5 === 0) await writer.send('DELETE', `${path}/${name}`);
          else await writer.send('PATCH', `${path}/${name}`, { data: { n: String(i) } }, 'application/merge-patch+json');
          writes++;
        } catch {
          await sleep(20); // the server is restarting
        }
      }
    };
    const writerDone = write();

    // The disturbances, on a schedule: ~10 s in all.
    let compactions = 0;
    const compact = async () => {
      const rev = Math.min(await server.storage.currentRevision(), refRev);
      await server.storage.compact(rev);
      compactions++;
    };
    for (let round = 0; round < 6; round++) {
      await sleep(800);
      proxy.cut(round % 2 === 1 ? 800 : 0);
      await sleep(700);
      await compact();
      if (round === 3) {
        // Restart on the same data dir and port; the reference follows from where it stopped.
        proxy.cut(0);
        refWatch.stop();
        await server.stop();
        await sleep(200);
        server = await startStandaloneApiServer({ ...serverOptions, port });
        writer = new OneShotClient(server.url, dataDir);
        refWatch = follow();
      }
    }
    writing = false;
    await writerDone;

    // The cache converges on the server's state.
    const state = async () => {
      const list = (await writer.send('GET', path)).body as { items: KubeObject[] };
      return Object.fromEntries(list.items.map((o) => [o.metadata!.name!, o.metadata!.resourceVersion!]));
    };
    const cached = () => Object.fromEntries(informer.store.list().map((o) => [o.metadata!.name!, o.metadata!.resourceVersion!]));
    const finalState = await state();
    await eventually(() => JSON.stringify(cached()) === JSON.stringify(Object.fromEntries(Object.entries(finalState).sort()))
      || JSON.stringify(Object.entries(cached()).sort()) === JSON.stringify(Object.entries(finalState).sort()), 5000);
    expect(Object.entries(cached()).sort()).toEqual(Object.entries(finalState).sort());
    await eventually(() => refRev >= Math.max(...changes.map((c) => c.rev)));

    // Continuity: walking the reflector's trace against the storage's change log, each watch
    // event is the very next change after the previous one (none skipped, none invented, in
    // order), and only a list may jump ahead, never back.
    const byRev = new Map(changes.map((c) => [c.rev, c]));
    const revs = changes.map((c) => c.rev).sort((a, b) => a - b);
    const between = (low: number, high: number) => revs.filter((r) => r > low && r < high);
    let covered = -1;
    let lists = 0;
    let resumes = 0;
    const missed: number[] = [];
    for (const t of trace) {
      if (t.kind === 'list') {
        expect(Number(t.resourceVersion)).toBeGreaterThanOrEqual(covered);
        covered = Number(t.resourceVersion);
        lists++;
      } else if (t.kind === 'event') {
        const rev = Number(t.resourceVersion);
        missed.push(...between(covered, rev));
        expect(byRev.get(rev)?.type).toBe(t.type);
        covered = rev;
      } else if (t.kind === 'bookmark') {
        missed.push(...between(covered, Number(t.resourceVersion) + 1));
        covered = Math.max(covered, Number(t.resourceVersion));
      } else if (t.kind === 'watch-start' && lists > 0) {
        resumes++;
      }
    }
    expect(missed).toEqual([]);
    expect(covered).toBeGreaterThanOrEqual(revs[revs.length - 1]);

    // At most one relist per cut (the restart counts as one); relists and plain resumes both
    // really happened.
    const relists = lists - 1;
    expect(informer.health.relists).toBe(relists);
    expect(relists).toBeLessThanOrEqual(proxy.cuts);
    expect(relists).toBeGreaterThanOrEqual(1);
    expect(resumes).toBeGreaterThan(relists);
    expect(writes).toBeGreaterThan(50);
    expect(compactions).toBe(6);
    expect(handled.add + handled.update + handled.delete).toBeGreaterThan(50);

    // No descriptor or socket left: stop, let the closed connections drain, count again.
    await informer.stop();
    let after = openDescriptors();
    await eventually(() => {
      after = openDescriptors();
      return after.fds <= before.fds && after.sockets <= before.sockets;
    }, 3000).catch(() => undefined);
    expect(after.fds).toBeLessThanOrEqual(before.fds);
    expect(after.sockets).toBeLessThanOrEqual(before.sockets);
    expect(proxy.open).toBe(0);
  } finally {
    refWatch?.stop();
    await proxy.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
