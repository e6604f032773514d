// The scale subresource of custom resources: an autoscaling/v1 Scale over the replicas at the
// definition's paths, listed in discovery, scaled by the stock kubectl 1.27 and 1.33 and by
// client-node, with upstream's conflicts and errors; definitions with misplaced scale paths are
// refused.
import * as k8s from '@kubernetes/client-node';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kubectl } from '../helpers/kubectl.js';
import { RawClient } from '../helpers/rawClient.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';

let server: TestApiServer;
let raw: RawClient;
let k: Kubectl;
const dir = mkdtempSync(join(tmpdir(), 'kubets-crd-scale-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const definition = (name: string, scale: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${name}.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: ${name}, kind: ${name[0].toUpperCase()}${name.slice(1, -1)}}
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale: ${scale}
    additionalPrinterColumns:
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    - {name: Image, type: string, jsonPath: .spec.image}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: object, properties: {count: {type: integer, maximum: 20}}}
              image: {type: string}
          status:
            type: object
            properties:
              ready: {type: integer}
              selector: {type: string}
`;

const PATHS = '{specReplicasPath: .spec.size.count, statusReplicasPath: .status.ready, labelSelectorPath: .status.selector}';
const json = (body: unknown) => JSON.stringify(body);
const BASE = '/apis/example.com/v1/namespaces/default/pools';

beforeAll(async () => {
  server = await startTestApiServer();
  raw = new RawClient(server.url, server.dataDir);
  k = new Kubectl('1.33', server.kubeconfig);
  await k.ok(['apply', '-f', file('pools.yaml', definition('pools', PATHS))]);
  await k.ok(['wait', '--for', 'condition=established', '--timeout=10s', 'crd/pools.example.com']);
  await k.ok(['create', '-f', file('pool.yaml', 'apiVersion: example.com/v1\nkind: Pool\nmetadata: {name: p1}\nspec: {image: nginx, size: {count: 2}}\n')]);
  const status = await raw.send('PATCH', `${BASE}/p1/status`, json({ status: { ready: 1, selector: 'app=p1' } }), { 'Content-Type': 'application/merge-patch+json' });
  expect(status.status).toBe(200);
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server);
});

test('discovery lists the scale subresource as autoscaling/v1 Scale', async () => {
  const list = (await raw.send('GET', '/apis/example.com/v1')).json<{ resources: Array<Record<string, unknown>> }>();
  expect(list.resources).toContainEqual(expect.objectContaining({ name: 'pools/scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] }));
});

test('GET shows the replicas and selector at the definition\'s paths', async () => {
  const res = await raw.send('GET', `${BASE}/p1/scale`);
  expect(res.status).toBe(200);
  const scale = res.json<{ metadata: Record<string, unknown>; spec: unknown; status: unknown; apiVersion: string; kind: string }>();
  expect(scale).toMatchObject({ apiVersion: 'autoscaling/v1', kind: 'Scale', spec: { replicas: 2 }, status: { replicas: 1, selector: 'app=p1' } });
  expect(scale.metadata).toMatchObject({ name: 'p1', namespace: 'default' });
});

test.each(['1.27', '1.33'] as const)('kubectl %s scale writes the spec replicas path', async (version) => {
  const kubectl = new Kubectl(version, server.kubeconfig);
  const replicas = version === '1.27' ? 4 : 6;
  expect(await kubectl.ok(['scale', 'pool/p1', `--replicas=${replicas}`])).toBe('pool.example.com/p1 scaled\n');
  const pool = JSON.parse(await kubectl.ok(['get', 'pool', 'p1', '-o', 'json']));
  expect(pool.spec).toEqual({ image: 'nginx', size: { count: replicas } });
  expect(pool.status).toEqual({ ready: 1, selector: 'app=p1' });
});

test('kubectl scale --current-replicas is refused when they differ', async () => {
  const result = await k.run(['scale', 'pool/p1', '--current-replicas=99', '--replicas=3']);
  expect(result.code).not.toBe(0);
  expect(result.stderr).toContain('Expected replicas to be 99, was 6');
});

test('client-node reads, patches and replaces the scale', async () => {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(server.kubeconfig);
  const api = kc.makeApiClient(k8s.CustomObjectsApi);
  const scale = await api.getNamespacedCustomObjectScale({ group: 'example.com', version: 'v1', namespace: 'default', plural: 'pools', name: 'p1' }) as k8s.V1Scale;
  expect(scale.status).toEqual({ replicas: 1, selector: 'app=p1' });
  const patched = await api.patchNamespacedCustomObjectScale({
    group: 'example.com', version: 'v1', namespace: 'default', plural: 'pools', name: 'p1', body: [{ op: 'replace', path: '/spec/replicas', value: 8 }],
  }) as k8s.V1Scale;
  expect(patched.spec).toEqual({ replicas: 8 });
  const replaced = await api.replaceNamespacedCustomObjectScale({
    group: 'example.com', version: 'v1', namespace: 'default', plural: 'pools', name: 'p1', body: { ...patched, spec: { replicas: 6 } },
  }) as k8s.V1Scale;
  expect(replaced.spec).toEqual({ replicas: 6 });
  const pool = await api.getNamespacedCustomObject({ group: 'example.com', version: 'v1', namespace: 'default', plural: 'pools', name: 'p1' }) as { spec: unknown };
  expect(pool.spec).toEqual({ image: 'nginx', size: { count: 6 } });
});

test.each(['1.27', '1.33'] as const)('kubectl %s get --subresource=scale prints the Scale in the definition\'s columns', async (version) => {
  const kubectl = new Kubectl(version, server.kubeconfig);
  // as upstream: the columns' paths are read from the Scale (its spec.replicas, no
  // spec.image), not from the object (spec.image, no spec.replicas)
  expect(await kubectl.ok(['get', 'pool', 'p1', '--subresource=scale'])).toBe('NAME   REPLICAS   IMAGE\np1     6          \n');
  expect(await kubectl.ok(['get', 'pool', 'p1'])).toBe('NAME   REPLICAS   IMAGE\np1                nginx\n');
});

test('PUT of a Scale with a stale resourceVersion is a conflict on the custom resource', async () => {
  const scale = (await raw.send('GET', `${BASE}/p1/scale`)).json<{ metadata: { resourceVersion: string }; spec: { replicas: number } }>();
  const ok = await raw.send('PUT', `${BASE}/p1/scale`, json({ ...scale, spec: { replicas: 5 } }), { 'Content-Type': 'application/json' });
  expect(ok.status).toBe(200);
  expect(ok.json()).toMatchObject({ spec: { replicas: 5 }, status: { replicas: 1, selector: 'app=p1' } });
  const stale = await raw.send('PUT', `${BASE}/p1/scale`, json({ ...scale, spec: { replicas: 7 } }), { 'Content-Type': 'application/json' });
  expect(stale.status).toBe(409);
  expect(stale.json().message).toBe('Operation cannot be fulfilled on pools.example.com "p1": the object has been modified; please apply your changes to the latest version and try again');
});

test('replicas through the scale subresource are validated by the custom resource\'s schema and scale rules', async () => {
  const tooMany = await raw.send('PATCH', `${BASE}/p1/scale`, json({ spec: { replicas: 21 } }), { 'Content-Type': 'application/merge-patch+json' });
  expect(tooMany.status).toBe(422);
  expect(tooMany.json().message).toBe('Pool.example.com "p1" is invalid: spec.size.count: Invalid value: 21: spec.size.count in body should be less than or equal to 20');
  const negative = await raw.send('PATCH', `${BASE}/p1/scale`, json({ spec: { replicas: -1 } }), { 'Content-Type': 'application/merge-patch+json' });
  expect(negative.status).toBe(422);
  expect(negative.json().message).toBe('Pool.example.com "p1" is invalid: .spec.size.count: Invalid value: -1: should be a non-negative integer');
});

test('an object without spec replicas: GET is an internal error, a patch must set them', async () => {
  await k.ok(['create', '-f', file('empty.yaml', 'apiVersion: example.com/v1\nkind: Pool\nmetadata: {name: empty}\nspec: {image: nginx}\n')]);
  const get = await raw.send('GET', `${BASE}/empty/scale`);
  expect(get.status).toBe(500);
  expect(get.json().message).toBe('Internal error occurred: the spec replicas field ".spec.size.count" does not exist');
  const unset = await raw.send('PATCH', `${BASE}/empty/scale`, json({ metadata: { labels: { a: 'b' } } }), { 'Content-Type': 'application/merge-patch+json' });
  expect(unset.status).toBe(400);
  expect(unset.json().message).toBe('the spec replicas field ".spec.size.count" cannot be empty');
  const set = await raw.send('PATCH', `${BASE}/empty/scale`, json({ spec: { replicas: 3 } }), { 'Content-Type': 'application/merge-patch+json' });
  expect(set.status).toBe(200);
  expect(set.json()).toMatchObject({ spec: { replicas: 3 }, status: { replicas: 0 } });
  // a Scale without replicas decodes as 0 replicas
  const cleared = await raw.send('PATCH', `${BASE}/empty/scale`, json({ spec: { replicas: null } }), { 'Content-Type': 'application/merge-patch+json' });
  expect(cleared.json()).toMatchObject({ spec: { replicas: 0 } });
});

test.each([
  ['{statusReplicasPath: .status.ready}', 'spec.versions[0].subresources.scale.specReplicasPath: Required value'],
  ['{specReplicasPath: .status.ready, statusReplicasPath: .status.ready}', 'spec.versions[0].subresources.scale.specReplicasPath: Invalid value: ".status.ready": should be a json path under .spec'],
  ['{specReplicasPath: spec.size.count, statusReplicasPath: .status.ready}', 'spec.versions[0].subresources.scale.specReplicasPath: Invalid value: "spec.size.count": must be a simple json path starting with .'],
  ['{specReplicasPath: .spec.size.count, statusReplicasPath: .spec.ready}', 'spec.versions[0].subresources.scale.statusReplicasPath: Invalid value: ".spec.ready": should be a json path under .status'],
  ['{specReplicasPath: .spec.size.count, statusReplicasPath: .status.ready, labelSelectorPath: .metadata.labels}', 'spec.versions[0].subresources.scale.labelSelectorPath: Invalid value: ".metadata.labels": should be a json path under either .spec or .status'],
])('a definition with scale %s is refused', async (scale, message) => {
  const result = await k.run(['create', '-f', file('bad.yaml', definition('bads', scale))]);
  expect(result.code).not.toBe(0);
  expect(result.stderr).toBe(`The CustomResourceDefinition "bads.example.com" is invalid: ${message}\n`);
});
