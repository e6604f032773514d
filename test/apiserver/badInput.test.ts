// Bad input gets upstream's Status error and stores nothing.
import { RawClient } from '../helpers/rawClient.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';

let server: TestApiServer;
let client: RawClient;
const cms = '/api/v1/namespaces/default/configmaps';
const json = { 'Content-Type': 'application/json' };

beforeAll(async () => {
  server = await startTestApiServer();
  client = new RawClient(server.url, server.dataDir);
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server);
});

async function stored(name: string): Promise<boolean> {
  return (await client.send('GET', `${cms}/${name}`)).status === 200;
}

test('malformed JSON is a 400 BadRequest', async () => {
  const res = await client.send('POST', cms, '{"metadata": {"name": "broken"', json);
  expect(res.status).toBe(400);
  expect(res.json()).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'BadRequest', code: 400 });
  expect(await stored('broken')).toBe(false);
});

test('malformed YAML is a 400 BadRequest', async () => {
  const res = await client.send('POST', cms, 'metadata:\n  name: [broken\n', { 'Content-Type': 'application/yaml' });
  expect(res.status).toBe(400);
  expect(res.json()).toMatchObject({ reason: 'BadRequest' });
});

test('a corrupt protobuf body is a 400 BadRequest', async () => {
  const res = await client.send('POST', cms, Buffer.from('k8s\u0000\n\u0002\u0008'), { 'Content-Type': 'application/vnd.kubernetes.protobuf' });
  expect(res.status).toBe(400);
  expect(res.json()).toMatchObject({ reason: 'BadRequest' });
});

test('an unknown content type is a 415', async () => {
  const res = await client.send('POST', cms, '<xml/>', { 'Content-Type': 'application/xml' });
  expect(res.status).toBe(415);
  expect(res.json()).toMatchObject({ reason: 'UnsupportedMediaType', code: 415 });
});

test('a kind or apiVersion that does not fit the URL is refused', async () => {
  const kind = await client.send('POST', cms, JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'wrongkind' } }), json);
  expect(kind.status).toBe(400);
  expect(kind.json().message).toContain('Secret');
  const version = await client.send('POST', cms, JSON.stringify({ apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'wrongversion' } }), json);
  expect(version.status).toBe(400);
  expect(await stored('wrongkind')).toBe(false);
  expect(await stored('wrongversion')).toBe(false);
});

test('a name in the body that differs from the URL is refused', async () => {
  await client.send('POST', cms, JSON.stringify({ metadata: { name: 'named' } }), json);
  const res = await client.send('PUT', `${cms}/named`, JSON.stringify({ metadata: { name: 'other' }, data: { a: 'b' } }), json);
  expect(res.status).toBe(400);
  expect(res.json().message).toContain('does not match the name on the URL');
  expect((await client.send('GET', `${cms}/named`)).json().data).toBeUndefined();
});

test('a namespace in the body that differs from the URL is refused', async () => {
  const res = await client.send('POST', cms, JSON.stringify({ metadata: { name: 'elsewhere', namespace: 'kube-system' } }), json);
  expect(res.status).toBe(400);
  expect(res.json().message).toBe('the namespace of the provided object does not match the namespace sent on the request');
});

test('a body over 3 MiB is a 413', async () => {
  const big = JSON.stringify({ metadata: { name: 'huge' }, data: { blob: 'x'.repeat(3 * 1024 * 1024) } });
  const res = await client.send('POST', cms, big, json);
  expect(res.status).toBe(413);
  expect(res.json()).toMatchObject({ reason: 'RequestEntityTooLarge', code: 413 });
  expect(await stored('huge')).toBe(false);
});

test('a stale resourceVersion on update is a 409 Conflict with the upstream message', async () => {
  const created = (await client.send('POST', cms, JSON.stringify({ metadata: { name: 'cas' }, data: { v: '1' } }), json)).json<{ metadata: { resourceVersion: string } }>();
  const ok = await client.send('PUT', `${cms}/cas`, JSON.stringify({ metadata: { name: 'cas', resourceVersion: created.metadata.resourceVersion }, data: { v: '2' } }), json);
  expect(ok.status).toBe(200);
  const stale = await client.send('PUT', `${cms}/cas`, JSON.stringify({ metadata: { name: 'cas', resourceVersion: created.metadata.resourceVersion }, data: { v: '3' } }), json);
  expect(stale.status).toBe(409);
  expect(stale.json()).toMatchObject({
    reason: 'Conflict',
    message: 'Operation cannot be fulfilled on configmaps "cas": the object has been modified; please apply your changes to the latest version and try again',
    details: { name: 'cas', kind: 'configmaps' },
  });
  expect((await client.send('GET', `${cms}/cas`)).json().data).toEqual({ v: '2' });
});

test('unknown paths and resources are 404 with a Status', async () => {
  const res = await client.send('GET', '/api/v1/namespaces/default/nosuchthings');
  expect(res.status).toBe(404);
  expect(res.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'the server could not find the requested resource' });
});
