// envtest against its CRD folder fixture: the definitions (multi-document YAML and JSON, a
// non-definition document skipped) are served when startEnvironment returns; a custom object is
// created and listed through client-node; stop removes the temp dir;
// two environments start in parallel on their own ports and data.
import * as k8s from '@kubernetes/client-node';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCrds, readCrdDirectory, startEnvironment, type Environment } from '../../src/envtest/index.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'crds');

const widget = (name: string, size: number) => ({
  apiVersion: 'example.kubets.dev/v1',
  kind: 'Widget',
  metadata: { name },
  spec: { size, color: 'blue' },
});

describe('reading definitions', () => {
  test('a folder: YAML with several documents and JSON, other kinds and files skipped, in name order', () => {
    const names = readCrdDirectory(fixtures).map((crd) => crd.metadata?.name);
    expect(names).toEqual(['crontabs.stable.example.com', 'widgets.example.kubets.dev', 'gadgets.example.kubets.dev']);
  });

  test('a missing folder and an old API version are errors', () => {
    expect(() => readCrdDirectory(join(fixtures, 'absent'))).toThrow();
    expect(() => parseCrds('apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nmetadata: {name: a.b}\n', 'x.yaml'))
      .toThrow(/only apiextensions.k8s.io\/v1/);
  });
});

describe('an environment with the fixture definitions', () => {
  let env: Environment;

  beforeAll(async () => {
    env = await startEnvironment({ crdDirectory: fixtures });
  });

  afterAll(async () => {
    await env?.stop();
  });

  test('serves on a loopback port with the definitions Established and in discovery', async () => {
    expect(env.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(env.kubeconfigPath)).toBe(true);
    expect(env.crds.map((crd) => crd.metadata?.name).sort())
      .toEqual(['crontabs.stable.example.com', 'gadgets.example.kubets.dev', 'widgets.example.kubets.dev']);
    const apis = env.kubeconfig.makeApiClient(k8s.ApisApi);
    const groups = await apis.getAPIVersions();
    expect(groups.groups.map((g) => g.name)).toEqual(expect.arrayContaining(['example.kubets.dev', 'stable.example.com']));
    const extensions = env.kubeconfig.makeApiClient(k8s.ApiextensionsV1Api);
    const crd = await extensions.readCustomResourceDefinition({ name: 'widgets.example.kubets.dev' });
    expect(crd.status?.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'Established', status: 'True' })]));
  });

  test('a custom object is created and listed through client-node', async () => {
    const custom = env.kubeconfig.makeApiClient(k8s.CustomObjectsApi);
    const target = { group: 'example.kubets.dev', version: 'v1', namespace: 'default', plural: 'widgets' };
    await custom.createNamespacedCustomObject({ ...target, body: widget('first', 3) });
    const list = await custom.listNamespacedCustomObject(target) as { items: { metadata: { name: string }; spec: { size: number } }[] };
    expect(list.items.map((item) => [item.metadata.name, item.spec.size])).toEqual([['first', 3]]);
    const gadgets = { group: 'example.kubets.dev', version: 'v1alpha1', plural: 'gadgets' };
    await custom.createClusterCustomObject({ ...gadgets, body: { apiVersion: 'example.kubets.dev/v1alpha1', kind: 'Gadget', metadata: { name: 'g' }, anything: 1 } });
    const all = await custom.listClusterCustomObject(gadgets) as { items: unknown[] };
    expect(all.items).toHaveLength(1);
  });
});

describe('lifecycle', () => {
  test('stop removes the temp data dir and is idempotent', async () => {
    const env = await startEnvironment();
    expect(existsSync(env.dataDir)).toBe(true);
    await Promise.all([env.stop(), env.stop()]);
    expect(existsSync(env.dataDir)).toBe(false);
  });

  test('a given data dir is kept', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'envtest-given-'));
    try {
      const env = await startEnvironment({ dataDir });
      await env.stop();
      expect(existsSync(join(dataDir, 'kubeconfig'))).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('two environments start in parallel, each with its own port and objects', async () => {
    const [a, b] = await Promise.all([startEnvironment({ crdDirectory: fixtures }), startEnvironment({ crdDirectory: fixtures })]);
    try {
      expect(a.url).not.toEqual(b.url);
      expect(a.dataDir).not.toEqual(b.dataDir);
      const target = { group: 'example.kubets.dev', version: 'v1', namespace: 'default', plural: 'widgets' };
      await a.kubeconfig.makeApiClient(k8s.CustomObjectsApi).createNamespacedCustomObject({ ...target, body: widget('only-in-a', 1) });
      const inB = await b.kubeconfig.makeApiClient(k8s.CustomObjectsApi).listNamespacedCustomObject(target) as { items: unknown[] };
      expect(inB.items).toEqual([]);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(existsSync(a.dataDir) || existsSync(b.dataDir)).toBe(false);
  });

  test('definitions given as objects, and a bad one fails the start and leaves no temp dir', async () => {
    const crd = readCrdDirectory(fixtures)[0];
    const env = await startEnvironment({ crds: [crd] });
    await env.stop();
    // A private TMPDIR (os.tmpdir() reads it on each call) so the check sees only this start.
    const privateTmp = mkdtempSync(join(tmpdir(), 'envtest-tmp-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    try {
      const broken = { ...crd, metadata: { name: 'wrong.name' } };
      await expect(startEnvironment({ crds: [broken] })).rejects.toThrow(/installing CustomResourceDefinition wrong.name/);
      expect(readdirSync(privateTmp)).toEqual([]);
    } finally {
      process.env.TMPDIR = saved;
      rmSync(privateTmp, { recursive: true, force: true });
    }
  });
});
