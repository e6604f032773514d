// CustomResourceDefinitions with the stock kubectl: a definition is served at once, its
// objects take every verb, and deleting it deletes them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kubectl, KUBECTL_VERSIONS, eventually } from '../helpers/kubectl.js';
import { RawClient } from '../helpers/rawClient.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';

let server: TestApiServer;
const dir = mkdtempSync(join(tmpdir(), 'kubets-crd-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const crd = (plural: string, kind: string, short: string) => file(`${plural}.yaml`, `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: ${plural}, singular: ${kind.toLowerCase()}, kind: ${kind}, shortNames: [${short}], categories: [all]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    - {name: Image, type: string, jsonPath: .spec.image, priority: 1}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`);

beforeAll(async () => {
  server = await startTestApiServer();
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server);
});

describe.each(KUBECTL_VERSIONS)('kubectl %s', (version) => {
  const n = version.replace('.', '');
  const plural = `webapps${n}`;
  const kind = `WebApp${n}`;
  const short = `wa${n}`;
  let k: Kubectl;

  beforeAll(() => {
    k = new Kubectl(version, server.kubeconfig);
  });

  test('a definition is established and discoverable at once', async () => {
    expect(await k.ok(['apply', '-f', crd(plural, kind, short)])).toBe(`customresourcedefinition.apiextensions.k8s.io/${plural}.example.com created\n`);
    expect(await k.ok(['wait', '--for', 'condition=established', '--timeout=10s', `crd/${plural}.example.com`]))
      .toBe(`customresourcedefinition.apiextensions.k8s.io/${plural}.example.com condition met\n`);
    const resources = await k.ok(['api-resources', '--api-group=example.com']);
    expect(resources).toMatch(new RegExp(`^${plural}\\s+${short}\\s+example.com/v1\\s+true\\s+${kind}$`, 'm'));
    const explained = await k.ok(['explain', plural]);
    expect(explained).toMatch(new RegExp(`KIND:\\s+${kind}`));
    expect(explained).toMatch(/metadata\s+<ObjectMeta>/);
  });

  test('objects: create, get by short name, patch, server-side apply, status kept apart', async () => {
    const object = file(`${plural}-shop.yaml`, `apiVersion: example.com/v1\nkind: ${kind}\nmetadata: {name: shop}\nspec: {image: busybox, replicas: 2}\n`);
    expect(await k.ok(['apply', '-f', object])).toBe(`${kind.toLowerCase()}.example.com/shop created\n`);
    expect(await k.ok(['get', short, '-o', 'name'])).toBe(`${kind.toLowerCase()}.example.com/shop\n`);
    const table = (await k.ok(['get', short])).trim().split('\n').map((l) => l.split(/\s{2,}/));
    expect(table[0]).toEqual(['NAME', 'REPLICAS', 'AGE']);
    expect(table[1].slice(0, 2)).toEqual(['shop', '2']);
    expect(table[1][2]).toMatch(/^\d+s$/);
    const wide = (await k.ok(['get', short, '-o', 'wide'])).trim().split('\n').map((l) => l.split(/\s{2,}/));
    expect(wide[0]).toEqual(['NAME', 'REPLICAS', 'IMAGE', 'AGE']);
    expect(wide[1][2]).toBe('busybox');
    await k.ok(['patch', short, 'shop', '--type=merge', '-p', '{"spec":{"replicas":3},"status":{"ready":true}}']);
    let live = JSON.parse(await k.ok(['get', short, 'shop', '-o', 'json']));
    expect(live.spec.replicas).toBe(3);
    expect(live.status).toBeUndefined();
    expect(live.metadata.generation).toBe(2);
    const strategic = await k.run(['patch', short, 'shop', '-p', '{"spec":{"replicas":4}}']);
    expect(strategic.code).not.toBe(0);
    expect(strategic.stderr).toContain(`application/strategic-merge-patch+json is not supported by example.com/v1, Kind=${kind}: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
    const applied = file(`${plural}-ssa.yaml`, `apiVersion: example.com/v1\nkind: ${kind}\nmetadata: {name: shop}\nspec: {image: busybox:2, replicas: 3}\n`);
    expect(await k.ok(['apply', '--server-side', '--force-conflicts', '-f', applied])).toBe(`${kind.toLowerCase()}.example.com/shop serverside-applied\n`);
    live = JSON.parse(await k.ok(['get', short, 'shop', '-o', 'json']));
    expect(live.spec.image).toBe('busybox:2');
  });

  test('get -w follows an object', async () => {
    const watch = k.start(['get', short, 'shop', '-w', '-o', 'jsonpath={.spec.replicas}{"\\n"}']);
    try {
      await eventually(() => watch.output().includes('3\n'));
      await k.ok(['patch', short, 'shop', '--type=merge', '-p', '{"spec":{"replicas":5}}']);
      await eventually(() => watch.output().includes('5\n'));
    } finally {
      watch.stop();
    }
  });

  test('deleting the definition deletes its objects', async () => {
    expect(await k.ok(['delete', 'crd', `${plural}.example.com`])).toBe(`customresourcedefinition.apiextensions.k8s.io "${plural}.example.com" deleted\n`);
    const raw = new RawClient(server.url, server.dataDir);
    await eventually(async () => (await raw.send('GET', `/apis/example.com/v1/namespaces/default/${plural}`)).status === 404);
    // Defined again, the kind starts empty: the old objects are gone from storage.
    await k.ok(['apply', '-f', crd(plural, kind, short)]);
    await eventually(async () => (await raw.send('GET', `/apis/example.com/v1/namespaces/default/${plural}`)).status === 200);
    const list = (await raw.send('GET', `/apis/example.com/v1/namespaces/default/${plural}`)).json<{ items: unknown[] }>();
    expect(list.items).toEqual([]);
  });
});
