// Events are served straight from storage, with no watch cache (as upstream): lists (resourceVersion
// 0, exact, limit/continue, field selectors), watches from any revision storage still holds (also
// older than a watch cache would keep), watch-list, `kubectl get events -w`, `kubectl describe
// pod`, and their count in apiserver_storage_objects.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RawClient } from '../helpers/rawClient.js';
import { eventually, Kubectl } from '../helpers/kubectl.js';
import { startStandaloneApiServer, type StandaloneApiServer } from '../../src/apiserver/index.js';

let server: StandaloneApiServer;
let client: RawClient;
let dataDir: string;
const core = '/api/v1/namespaces/default/events';
const eventsV1 = '/apis/events.k8s.io/v1/namespaces/default/events';
const json = { 'Content-Type': 'application/json' };
type Meta = { name?: string; resourceVersion: string; annotations?: Record<string, string> };
type List = { metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number }; items: Array<{ metadata: Meta }> };
type WatchEvent = { type: string; object: { kind: string; metadata: Meta; code?: number } };
const parse = (lines: string[]) => lines.map((l) => JSON.parse(l) as WatchEvent);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kubets-events-'));
  // a watch cache this small would answer an older watch with 410 Expired
  server = await startStandaloneApiServer({ dataDir, port: 0, watchCacheRetention: { minEvents: 5, maxEvents: 5, minAgeMs: 0 } });
  client = new RawClient(server.url, dataDir);
});

afterAll(async () => {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function record(name: string, pod: string, message = `about ${pod}`, uid?: string): Promise<string> {
  const res = await client.send('POST', core, JSON.stringify({
    metadata: { name },
    involvedObject: { kind: 'Pod', apiVersion: 'v1', namespace: 'default', name: pod, ...(uid ? { uid } : {}) },
    reason: 'Testing', message, type: 'Normal', source: { component: 'test' },
  }), json);
  expect(res.status).toBe(201);
  return res.json<{ metadata: Meta }>().metadata.resourceVersion;
}

const names = (list: List) => list.items.map((i) => i.metadata.name);

test('lists: resourceVersion 0, exact, limit and continue, field selectors', async () => {
  const revisions: string[] = [];
  for (let i = 0; i < 5; i++) revisions.push(await record(`list-${i}`, `p${i % 2}`));
  const all = ['list-0', 'list-1', 'list-2', 'list-3', 'list-4'];
  expect(names((await client.send('GET', `${core}?resourceVersion=0`)).json<List>())).toEqual(all);
  const exact = (await client.send('GET', `${core}?resourceVersion=${revisions[2]}&resourceVersionMatch=Exact`)).json<List>();
  expect(names(exact)).toEqual(all.slice(0, 3));
  expect(exact.metadata.resourceVersion).toBe(revisions[2]);

  const first = (await client.send('GET', `${core}?limit=2`)).json<List>();
  expect(names(first)).toEqual(all.slice(0, 2));
  expect(first.metadata.remainingItemCount).toBe(3);
  await record('list-5', 'p1');
  const rest = (await client.send('GET', `${core}?limit=10&continue=${encodeURIComponent(first.metadata.continue!)}`)).json<List>();
  expect(names(rest)).toEqual(all.slice(2));
  expect(rest.metadata.resourceVersion).toBe(first.metadata.resourceVersion);

  const p1 = (await client.send('GET', `${core}?fieldSelector=${encodeURIComponent('involvedObject.name=p1')}`)).json<List>();
  expect(names(p1)).toEqual(['list-1', 'list-3', 'list-5']);
  const p0 = (await client.send('GET', `${core}?fieldSelector=${encodeURIComponent('involvedObject.name=p0')}`)).json<List>();
  expect(names(p0)).toEqual(['list-0', 'list-2', 'list-4']);

  const future = await client.send('GET', `${core}?resourceVersion=${Number(rest.metadata.resourceVersion) + 1000}`);
  expect(future.status).toBe(504);
  expect(future.json<{ message: string }>().message).toContain('Too large resource version');
});

test('events.k8s.io/v1 field selectors use its own field names (regarding.*, reportingController)', async () => {
  await record('reg-0', 'r0');
  await record('reg-1', 'r1');
  const select = (selector: string) => client.send('GET', `${eventsV1}?fieldSelector=${encodeURIComponent(selector)}`);
  expect(names((await select('regarding.name=r1')).json<List>())).toEqual(['reg-1']);
  expect(names((await select('regarding.kind=Pod,regarding.name!=r1,reason=Testing,type=Normal')).json<List>())).toContain('reg-0');
  expect(names((await select('regarding.kind=Pod,regarding.name!=r1')).json<List>())).not.toContain('reg-1');
  // core/v1's names are not field labels of events.k8s.io/v1, as upstream
  const core = await select('involvedObject.name=r1');
  expect(core.status).toBe(400);
  expect(core.json<{ message: string }>().message).toBe('field label not supported: involvedObject.name');
  const k = new Kubectl('1.33', server.kubeconfig);
  expect(await k.ok(['get', 'events.v1.events.k8s.io', '--field-selector', 'regarding.name=r0', '-o', 'name'])).toBe('event.events.k8s.io/reg-0\n');
});

test('a watch from a revision older than a watch cache keeps gets every change since', async () => {
  const from = await record('watch-0', 'w');
  for (let i = 1; i <= 12; i++) await record(`watch-${i}`, 'w');
  await client.send('DELETE', `${core}/watch-1`);
  const watch = client.stream(`${core}?watch=true&resourceVersion=${from}&fieldSelector=${encodeURIComponent('involvedObject.name=w')}`);
  await record('watch-13', 'w');
  await record('not-watched', 'other');
  await eventually(() => watch.lines.length >= 14);
  watch.close();
  expect(watch.status()).toBe(200);
  const events = parse(watch.lines);
  expect(events.map((e) => `${e.type}:${e.object.metadata.name}`)).toEqual([
    ...Array.from({ length: 12 }, (_, i) => `ADDED:watch-${i + 1}`), 'DELETED:watch-1', 'ADDED:watch-13',
  ]);
});

test('watch-list on events.k8s.io sends the state, then the annotated bookmark, then changes', async () => {
  await record('initial', 'wl');
  const stored = (await client.send('GET', eventsV1)).json<List>().items.length;
  const watch = client.stream(`${eventsV1}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&resourceVersion=`);
  await eventually(() => parse(watch.lines).some((e) => e.type === 'BOOKMARK'));
  await record('later', 'wl');
  await eventually(() => watch.lines.length >= stored + 2);
  watch.close();
  const events = parse(watch.lines);
  expect(events.map((e) => e.type)).toEqual([...Array<string>(stored).fill('ADDED'), 'BOOKMARK', 'ADDED']);
  expect(events.slice(0, stored).map((e) => e.object.metadata.name)).toContain('initial');
  expect(events[stored].object.kind).toBe('Event');
  expect(events[stored].object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
  expect(events[stored + 1].object.metadata.name).toBe('later');
});

test('kubectl get events -w and describe pod show events; /metrics counts them', async () => {
  const k = new Kubectl('1.33', server.kubeconfig);
  await k.ok(['run', 'described', '--image=busybox', '--restart=Never']);
  const uid = (await k.ok(['get', 'pod', 'described', '-o', 'jsonpath={.metadata.uid}'])).trim();
  await record('described-1', 'described', 'Scheduled for the test', uid);
  const watching = k.start(['get', 'events', '-w', '--field-selector', 'involvedObject.name=described']);
  try {
    await eventually(() => watching.output().includes('Scheduled for the test'));
    await record('described-2', 'described', 'Pulled the image for the test', uid);
    await eventually(() => watching.output().includes('Pulled the image for the test'));
  } finally {
    watching.stop();
  }
  expect(await k.ok(['describe', 'pod', 'described'])).toMatch(/Normal\s+Testing\s+.*test\s+Pulled the image for the test/);

  const count = (await client.send('GET', core)).json<List>().items.length;
  const metrics = (await client.send('GET', '/metrics')).body.toString();
  expect(metrics).toContain(`apiserver_storage_objects{resource="events"} ${count}`);
});
