// The watch protocol on the wire: resourceVersion semantics, bookmarks, watch-list
// (sendInitialEvents), selector transitions, Table events, timeoutSeconds and 410 Expired.
import { RawClient } from '../helpers/rawClient.js';
import { eventually } from '../helpers/kubectl.js';
import { startStandaloneApiServer, type StandaloneApiServer } from '../../src/apiserver/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let server: StandaloneApiServer;
let client: RawClient;
let dataDir: string;
const ns = '/api/v1/namespaces/default/configmaps';
const json = { 'Content-Type': 'application/json' };
type Event = { type: string; object: { kind: string; metadata: { name?: string; resourceVersion: string; annotations?: Record<string, string> }; columnDefinitions?: unknown; rows?: Array<{ cells: unknown[] }>; code?: number; reason?: string } };
const parse = (lines: string[]) => lines.map((l) => JSON.parse(l) as Event);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kubets-watch-'));
  server = await startStandaloneApiServer({ dataDir, port: 0, watchCacheRetention: { minEvents: 10, maxEvents: 10, minAgeMs: 0 } });
  client = new RawClient(server.url, dataDir);
});

afterAll(async () => {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function create(name: string, labels: Record<string, string> = {}): Promise<string> {
  const res = await client.send('POST', ns, JSON.stringify({ metadata: { name, labels } }), json);
  return res.json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion;
}

test('resourceVersion unset starts with the current state as ADDED, then changes', async () => {
  await create('w-existing');
  const watch = client.stream(`${ns}?watch=true&fieldSelector=metadata.name%3Dw-existing`);
  await eventually(() => watch.lines.length >= 1);
  await client.send('PATCH', `${ns}/w-existing`, JSON.stringify({ data: { a: '1' } }), { 'Content-Type': 'application/merge-patch+json' });
  await eventually(() => watch.lines.length >= 2);
  watch.close();
  expect(parse(watch.lines).map((e) => `${e.type}:${e.object.metadata.name}`)).toEqual(['ADDED:w-existing', 'MODIFIED:w-existing']);
  expect(watch.headers()['content-type']).toBe('application/json');
});

test('a resourceVersion starts after it, with no synthetic events', async () => {
  const rv = await create('w-before');
  const watch = client.stream(`${ns}?watch=true&resourceVersion=${rv}`);
  await create('w-after');
  await eventually(() => watch.lines.length >= 1);
  watch.close();
  expect(parse(watch.lines).map((e) => e.object.metadata.name)).toEqual(['w-after']);
});

test('label selectors turn label changes into ADDED and DELETED', async () => {
  const rv = await create('w-label', { tier: 'web' });
  const watch = client.stream(`${ns}?watch=true&resourceVersion=${rv}&labelSelector=tier%3Ddb`);
  const merge = { 'Content-Type': 'application/merge-patch+json' };
  await client.send('PATCH', `${ns}/w-label`, JSON.stringify({ metadata: { labels: { tier: 'db' } } }), merge);
  await client.send('PATCH', `${ns}/w-label`, JSON.stringify({ data: { x: 'y' } }), merge);
  await client.send('PATCH', `${ns}/w-label`, JSON.stringify({ metadata: { labels: { tier: 'web' } } }), merge);
  await eventually(() => watch.lines.length >= 3);
  watch.close();
  expect(parse(watch.lines).map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
});

test('sendInitialEvents ends the initial state with an annotated bookmark', async () => {
  await create('w-list');
  const watch = client.stream(`${ns}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&resourceVersion=`);
  await eventually(() => parse(watch.lines).some((e) => e.type === 'BOOKMARK'));
  watch.close();
  const events = parse(watch.lines);
  const bookmark = events.find((e) => e.type === 'BOOKMARK')!;
  expect(bookmark.object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
  expect(bookmark.object.kind).toBe('ConfigMap');
  expect(events.slice(0, -1).every((e) => e.type === 'ADDED')).toBe(true);
  expect(events.slice(0, -1).map((e) => e.object.metadata.name)).toContain('w-list');
  const refused = await client.send('GET', `${ns}?watch=true&sendInitialEvents=true`);
  expect(refused.status).toBe(400);
});

test('a Table watch sends column definitions once', async () => {
  const rv = await create('w-table');
  const watch = client.stream(`${ns}?watch=true&resourceVersion=${Number(rv) - 1}`, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
  await create('w-table-2');
  await eventually(() => watch.lines.length >= 2);
  watch.close();
  const [first, second] = parse(watch.lines);
  expect(first.object.kind).toBe('Table');
  expect(first.object.columnDefinitions).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Name' })]));
  expect(first.object.rows![0].cells[0]).toBe('w-table');
  expect(second.object.columnDefinitions).toBeNull();
  expect(second.object.rows![0].cells[0]).toBe('w-table-2');
});

test('timeoutSeconds ends the stream', async () => {
  const watch = client.stream(`${ns}?watch=true&timeoutSeconds=1`);
  await eventually(() => watch.ended(), 5000);
  expect(watch.status()).toBe(200);
});

test('a resourceVersion older than the watch cache holds gets ERROR 410 Expired', async () => {
  const rv = await create('w-old');
  for (let i = 0; i < 15; i++) await create(`w-churn-${i}`);
  const watch = client.stream(`${ns}?watch=true&resourceVersion=${rv}`);
  await eventually(() => watch.lines.length >= 1);
  await eventually(() => watch.ended());
  const [event] = parse(watch.lines);
  expect(event.type).toBe('ERROR');
  expect(event.object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
});
