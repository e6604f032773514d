// A CustomResourceDefinition with several versions and conversion strategy None: every served
// version reads and writes the one stored copy (kept as the storage version), each with its own
// schema; deprecated versions warn; storedVersions grows as the storage version changes;
// discovery and OpenAPI list the served versions and an unserved one is not found. With the
// stock kubectl 1.33 and 1.27.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, Kubectl } from '../helpers/kubectl.js';
import { RawClient } from '../helpers/rawClient.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';

let server: TestApiServer;
let raw: RawClient;
let k: Kubectl;
const dir = mkdtempSync(join(tmpdir(), 'kubets-crd-versions-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const version = (name: string, { storage = false, served = true, extra = '', properties = '' }) => `
  - name: ${name}
    served: ${served}
    storage: ${storage}${extra}
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              image: {type: string}${properties}
          status: {type: object, properties: {phase: {type: string, enum: [Ready, Pending]}}}`;

const definition = (storage: 'v1' | 'v1beta1') => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, kind: Widget}
  versions:${version('v1', { storage: storage === 'v1', properties: '\n              replicas: {type: integer, default: 1, maximum: 5}' })}${version('v1beta1', { storage: storage === 'v1beta1', extra: '\n    deprecated: true', properties: '\n              size: {type: string, default: small}' })}${version('v1alpha1', { served: false, extra: '\n    deprecated: true\n    deprecationWarning: "alpha widgets are gone"' })}${version('v2alpha1', { extra: '\n    deprecated: true\n    deprecationWarning: "try the v1 widgets"' })}
`;

const widget = (apiVersion: string, name: string, spec: string) => `apiVersion: example.com/${apiVersion}\nkind: Widget\nmetadata: {name: ${name}}\nspec: ${spec}\n`;
const BETA_WARNING = 'example.com/v1beta1 Widget is deprecated; use example.com/v1 Widget';
const path = (v: string, name = '') => `/apis/example.com/${v}/namespaces/default/widgets${name ? `/${name}` : ''}`;

async function stored(name: string): Promise<Record<string, unknown>> {
  const kv = await server.storage.get(`/registry/example.com/widgets/default/${name}`);
  return JSON.parse(kv!.value.toString());
}

beforeAll(async () => {
  server = await startTestApiServer();
  raw = new RawClient(server.url, server.dataDir);
  k = new Kubectl('1.33', server.kubeconfig);
  await k.ok(['apply', '-f', file('crd.yaml', definition('v1'))]);
  await k.ok(['wait', '--for', 'condition=established', '--timeout=10s', 'crd/widgets.example.com']);
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server);
});

test('an object written through a deprecated version is stored as the storage version, with a warning', async () => {
  // replicas is v1's field only: kubectl's default (Strict) refuses it, without validation
  // v1beta1's schema prunes it
  const strict = await k.run(['create', '-f', file('beta.yaml', widget('v1beta1', 'beta', '{image: nginx, size: large, replicas: 9}'))]);
  expect(strict.stderr).toContain('Widget in version "v1beta1" cannot be handled as a Widget: strict decoding error: unknown field "spec.replicas"');
  const result = await k.run(['create', '--validate=false', '-f', file('beta.yaml', widget('v1beta1', 'beta', '{image: nginx, size: large, replicas: 9}'))]);
  expect(result.code).toBe(0);
  expect(result.stderr).toBe(`Warning: ${BETA_WARNING}\n`);
  expect(await stored('beta')).toMatchObject({ apiVersion: 'example.com/v1', kind: 'Widget', spec: { image: 'nginx', size: 'large' } });
  expect((await stored('beta')).spec).toEqual({ image: 'nginx', size: 'large' });
});

test('each version\'s own schema defaults, prunes and validates', async () => {
  await k.ok(['create', '--validate=false', '-f', file('v1.yaml', widget('v1', 'one', '{image: nginx, size: large}'))]);
  expect((await stored('one')).spec).toEqual({ image: 'nginx', replicas: 1 });
  const invalid = await k.run(['create', '-f', file('bad.yaml', widget('v1', 'bad', '{image: nginx, replicas: 6}'))]);
  expect(invalid.stderr).toBe('The Widget "bad" is invalid: spec.replicas: Invalid value: 6: spec.replicas in body should be less than or equal to 5\n');
  // the same field is unknown to v1beta1, so it is pruned there, not refused
  const beta = await raw.send('POST', path('v1beta1'), JSON.stringify({ apiVersion: 'example.com/v1beta1', kind: 'Widget', metadata: { name: 'bad' }, spec: { image: 'nginx', replicas: 6 } }), { 'Content-Type': 'application/json' });
  expect(beta.status).toBe(201);
  expect(beta.json().spec).toEqual({ image: 'nginx', size: 'small' });
});

test('every served version reads, lists and watches the objects with its own apiVersion', async () => {
  for (const v of ['v1', 'v1beta1', 'v2alpha1']) {
    const one = await raw.send('GET', path(v, 'beta'));
    expect(one.status).toBe(200);
    expect(one.json()).toMatchObject({ apiVersion: `example.com/${v}`, kind: 'Widget', metadata: { name: 'beta' } });
    const list = (await raw.send('GET', path(v))).json<{ apiVersion: string; items: Array<{ apiVersion: string }> }>();
    expect(list.apiVersion).toBe(`example.com/${v}`);
    expect(list.items.map((i) => i.apiVersion)).toEqual([`example.com/${v}`, `example.com/${v}`, `example.com/${v}`]);
  }
  const watch = raw.stream(`${path('v1beta1')}?watch=true`);
  await k.ok(['create', '-f', file('watched.yaml', widget('v1', 'watched', '{image: busybox}'))]);
  await eventually(() => watch.lines.some((l) => l.includes('"watched"')));
  watch.close();
  const events = watch.lines.map((l) => JSON.parse(l) as { object: { apiVersion: string; metadata: { name: string } } });
  expect(events.find((e) => e.object.metadata.name === 'watched')!.object.apiVersion).toBe('example.com/v1beta1');
  expect(watch.headers().warning).toBe(`299 - "${BETA_WARNING}"`);
});

test('deprecated versions warn with their own text or upstream\'s, on reads too', async () => {
  expect((await raw.send('GET', path('v1beta1'))).headers.warning).toBe(`299 - "${BETA_WARNING}"`);
  expect((await raw.send('GET', path('v2alpha1', 'beta'))).headers.warning).toBe('299 - "try the v1 widgets"');
  expect((await raw.send('GET', path('v1'))).headers.warning).toBeUndefined();
  const missing = await raw.send('GET', path('v1beta1', 'nothing'));
  expect(missing.status).toBe(404);
  expect(missing.headers.warning).toBe(`299 - "${BETA_WARNING}"`);
});

test.each(['1.27', '1.33'] as const)('kubectl %s gets <plural>.<version>.<group>', async (v) => {
  const kubectl = new Kubectl(v, server.kubeconfig);
  const beta = await kubectl.run(['get', 'widgets.v1beta1.example.com', 'beta', '-o', 'jsonpath={.apiVersion}']);
  expect(beta).toEqual({ code: 0, stdout: 'example.com/v1beta1', stderr: `Warning: ${BETA_WARNING}\n` });
  expect(await kubectl.ok(['get', 'widgets.v1.example.com', 'beta', '-o', 'jsonpath={.apiVersion}'])).toBe('example.com/v1');
  // the preferred version (v1) is what a bare plural gets
  expect(await kubectl.ok(['get', 'widgets', 'beta', '-o', 'jsonpath={.apiVersion}'])).toBe('example.com/v1');
});

test('a status write through any version is validated against that version\'s schema and changes only status', async () => {
  const current = (await raw.send('GET', path('v1beta1', 'beta'))).json<Record<string, unknown>>();
  const bad = await raw.send('PUT', `${path('v1beta1', 'beta')}/status`, JSON.stringify({ ...current, status: { phase: 'Gone' } }), { 'Content-Type': 'application/json' });
  expect(bad.status).toBe(422);
  expect(bad.json().message).toBe('Widget.example.com "beta" is invalid: status.phase: Unsupported value: "Gone": supported values: "Ready", "Pending"');
  const good = await raw.send('PUT', `${path('v1beta1', 'beta')}/status`,
    JSON.stringify({ ...current, spec: { image: 'changed' }, metadata: { ...(current.metadata as object), labels: { changed: 'yes' } }, status: { phase: 'Ready', extra: 1 } }),
    { 'Content-Type': 'application/json' });
  expect(good.status).toBe(200);
  const after = await stored('beta');
  expect(after).toMatchObject({ apiVersion: 'example.com/v1', spec: { image: 'nginx', size: 'large' }, status: { phase: 'Ready' } });
  expect((after.status as object)).toEqual({ phase: 'Ready' });
  expect((after.metadata as { labels?: object }).labels).toBeUndefined();
  // and a main-resource write ignores status
  const main = await raw.send('PATCH', path('v1', 'beta'), JSON.stringify({ spec: { image: 'redis' }, status: { phase: 'Pending' } }), { 'Content-Type': 'application/merge-patch+json' });
  expect(main.status).toBe(200);
  expect(await stored('beta')).toMatchObject({ spec: { image: 'redis' }, status: { phase: 'Ready' } });
});

test('discovery and OpenAPI list each served version; an unserved version is not found', async () => {
  const group = (await raw.send('GET', '/apis/example.com')).json<{ versions: Array<{ version: string }>; preferredVersion: { version: string } }>();
  expect(group.versions.map((v) => v.version)).toEqual(['v1', 'v1beta1', 'v2alpha1']);
  expect(group.preferredVersion.version).toBe('v1');
  const openapi = (await raw.send('GET', '/openapi/v3')).json<{ paths: Record<string, unknown> }>();
  expect(Object.keys(openapi.paths).filter((p) => p.startsWith('apis/example.com/')).sort()).toEqual(['apis/example.com/v1', 'apis/example.com/v1beta1', 'apis/example.com/v2alpha1']);
  expect((await raw.send('GET', path('v1alpha1', 'beta'))).status).toBe(404);
  expect((await raw.send('GET', `${path('v1', 'beta')}/scale`)).status).toBe(404);
  expect((await raw.send('GET', '/apis/example.com/v1alpha1')).status).toBe(404);
});

test('changing the storage version stores new writes as it and records it in storedVersions', async () => {
  await k.ok(['apply', '-f', file('crd.yaml', definition('v1beta1'))]);
  await eventually(async () => JSON.parse(await k.ok(['get', 'crd', 'widgets.example.com', '-o', 'json'])).status.storedVersions.length === 2);
  const crd = JSON.parse(await k.ok(['get', 'crd', 'widgets.example.com', '-o', 'json']));
  expect(crd.status.storedVersions).toEqual(['v1', 'v1beta1']);
  await eventually(async () => {
    await k.ok(['label', 'widgets.v1.example.com', 'one', `touch=${Date.now()}`, '--overwrite']);
    return (await stored('one')).apiVersion === 'example.com/v1beta1';
  });
  expect((await stored('beta')).apiVersion).toBe('example.com/v1');
  expect((await raw.send('GET', path('v1', 'one'))).json().apiVersion).toBe('example.com/v1');
  const list = (await raw.send('GET', path('v1beta1'))).json<{ items: Array<{ apiVersion: string }> }>();
  expect(new Set(list.items.map((i) => i.apiVersion))).toEqual(new Set(['example.com/v1beta1']));
});

test('a version leaves the definition only after it leaves status.storedVersions', async () => {
  const withoutV1 = definition('v1beta1').replace(/\n {2}- name: v1\n[\s\S]*?(?=\n {2}- name: v1beta1)/, '');
  expect(withoutV1).not.toContain('- name: v1\n');
  const refused = await k.run(['apply', '-f', file('crd.yaml', withoutV1)]);
  expect(refused.stderr).toBe('The CustomResourceDefinition "widgets.example.com" is invalid: status.storedVersions[0]: Invalid value: "v1": must appear in spec.versions\n');
  const empty = await k.run(['patch', 'crd', 'widgets.example.com', '--subresource=status', '--type=merge', '-p', '{"status":{"storedVersions":[]}}']);
  expect(empty.stderr).toBe('The CustomResourceDefinition "widgets.example.com" is invalid: status.storedVersions: Invalid value: []string{}: must have at least one stored version\n');
  await k.ok(['patch', 'crd', 'widgets.example.com', '--subresource=status', '--type=merge', '-p', '{"status":{"storedVersions":["v1beta1"]}}']);
  await k.ok(['apply', '-f', file('crd.yaml', withoutV1)]);
  await eventually(async () => (await raw.send('GET', path('v1', 'beta'))).status === 404);
  expect((await raw.send('GET', path('v1beta1', 'beta'))).json().apiVersion).toBe('example.com/v1beta1');
});

test.each([
  ['a warning on a version that is not deprecated', 'deprecated: false\n    deprecationWarning: "old"', 'spec.versions[0].deprecationWarning: Invalid value: "old": can only be set for deprecated versions'],
  ['an empty warning', 'deprecated: true\n    deprecationWarning: ""', 'spec.versions[0].deprecationWarning: Invalid value: "": must not be an empty string'],
  ['a warning over 256 characters', `deprecated: true\n    deprecationWarning: "${'x'.repeat(257)}"`, `spec.versions[0].deprecationWarning: Invalid value: "${'x'.repeat(257)}": must be <= 256 characters long`],
])('a definition with %s is refused', async (_case, fields, message) => {
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: gadgets, kind: Gadget}
  versions:
  - name: v1
    served: true
    storage: true
    ${fields}
    schema: {openAPIV3Schema: {type: object}}
`;
  const result = await k.run(['create', '-f', file('gadgets.yaml', crd)]);
  expect(result.code).toBe(1);
  expect(result.stderr).toBe(`The CustomResourceDefinition "gadgets.example.com" is invalid: ${message}\n`);
});
