// The example operator's Helm chart (charts/webapp-operator) with the real, pinned helm against
// an in-process kubets API server: lint; the rendered manifests accepted by a server-side dry
// run; then a release's whole life — install, list, status, get manifest, upgrade, history,
// rollback, uninstall — with the objects checked on the server through kubectl 1.33 after each
// step. Helm reaches discovery, OpenAPI, strategic merge patches, deletes and its release
// Secrets (listed by label selector) along the way.
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApiServer, removeDataDir, type TestApiServer } from '../helpers/apiServer.js';
import { Kubectl } from '../helpers/kubectl.js';
import { Helm } from './helm.js';

const root = join(import.meta.dirname, '..', '..');
const chart = join(root, 'charts', 'webapp-operator');
const crdFile = join(root, 'crds', 'webapps.example.kubets.io.yaml');
const NS = 'ops';

let server: TestApiServer;
let kubectl: Kubectl;
let helm: Helm;

beforeAll(async () => {
  server = await startTestApiServer();
  kubectl = new Kubectl('1.33', server.kubeconfig);
  helm = new Helm(server.kubeconfig);
});

afterAll(async () => {
  await server?.stop();
  if (server) removeDataDir(server);
});

interface Meta { name: string; labels?: Record<string, string> }
interface Item { kind: string; metadata: Meta; spec?: { replicas?: number; template?: { spec: { containers: { env?: { name: string }[] }[] } } } }
const getJson = async <T>(args: string[]): Promise<T> => JSON.parse(await kubectl.ok([...args, '-o', 'json'])) as T;
const exists = async (args: string[]) => (await kubectl.run(['get', ...args])).code === 0;
const releaseSecrets = async (release: string) =>
  (await getJson<{ items: { metadata: Meta }[] }>(['get', 'secrets', '-n', NS, '-l', `owner=helm,name=${release}`])).items;
const deployment = () => getJson<Item>(['get', 'deployment', 'demo-webapp-operator', '-n', NS]);

test('helm lint passes, strict', async () => {
  const out = await helm.ok(['lint', '--strict', chart]);
  expect(out).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
});

test("the chart's CRD is the repository's crds/ file through a symlink, which helm follows", async () => {
  const link = join(chart, 'crds', 'webapps.example.kubets.io.yaml');
  expect(lstatSync(link).isSymbolicLink()).toBe(true);
  expect(readlinkSync(link)).toBe('../../../crds/webapps.example.kubets.io.yaml');
  expect((await helm.ok(['show', 'crds', chart])).trimEnd()).toBe(readFileSync(crdFile, 'utf8').trimEnd());
});

test('helm template output passes a server-side dry run, every optional object included', async () => {
  await kubectl.ok(['create', 'namespace', 'dry']);
  const manifests = await helm.ok(['template', 'demo', chart, '--namespace', 'dry', '--include-crds',
    '--set', 'metrics.enabled=true', '--set', 'watchNamespace=apps', '--set', 'replicas=3',
    '--set', 'nodeSelector.disk=ssd', '--set', 'tolerations[0].key=dedicated', '--set', 'tolerations[0].operator=Exists']);
  const out = await kubectl.ok(['apply', '--dry-run=server', '-f', '-'], manifests);
  expect(out.trim().split('\n').sort()).toEqual([
    'clusterrole.rbac.authorization.k8s.io/demo-webapp-operator created (server dry run)',
    'clusterrolebinding.rbac.authorization.k8s.io/demo-webapp-operator created (server dry run)',
    'customresourcedefinition.apiextensions.k8s.io/webapps.example.kubets.io created (server dry run)',
    'deployment.apps/demo-webapp-operator created (server dry run)',
    'role.rbac.authorization.k8s.io/demo-webapp-operator-leader-election created (server dry run)',
    'rolebinding.rbac.authorization.k8s.io/demo-webapp-operator-leader-election created (server dry run)',
    'service/demo-webapp-operator-metrics created (server dry run)',
    'serviceaccount/demo-webapp-operator created (server dry run)',
  ]);
  // A dry run stores nothing.
  expect(await exists(['crd', 'webapps.example.kubets.io'])).toBe(false);
  expect(await exists(['deployment', 'demo-webapp-operator', '-n', 'dry'])).toBe(false);
});

test('a release: install, list, status, get manifest, upgrade, history, rollback, uninstall', async () => {
  // install: the CRD from crds/ first, then the templates, in a namespace helm creates.
  const installed = await helm.ok(['install', 'demo', chart, '--namespace', NS, '--create-namespace']);
  expect(installed).toMatch(/STATUS: deployed/);
  expect(installed).toMatch(/The WebApp operator demo-webapp-operator is installed in namespace ops/);
  await kubectl.ok(['wait', '--for=condition=Established', 'crd/webapps.example.kubets.io', '--timeout=10s']);
  for (const object of ['serviceaccount', 'deployment', 'role', 'rolebinding']) {
    const item = await getJson<Item>(['get', object, object.startsWith('role') ? 'demo-webapp-operator-leader-election' : 'demo-webapp-operator', '-n', NS]);
    expect(item.metadata.labels).toEqual(expect.objectContaining({
      'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'demo', 'helm.sh/chart': 'webapp-operator-0.1.0',
    }));
  }
  expect(await exists(['clusterrole', 'demo-webapp-operator'])).toBe(true);
  expect(await exists(['clusterrolebinding', 'demo-webapp-operator'])).toBe(true);
  expect(await exists(['service', 'demo-webapp-operator-metrics', '-n', NS])).toBe(false);
  expect((await deployment()).spec?.replicas).toBe(1);
  const env = (await deployment()).spec?.template?.spec.containers[0].env?.map((e) => e.name);
  expect(env).toEqual(['POD_NAMESPACE', 'KUBETS_V']);
  // The release record: a Secret labelled for helm's label-selected lists.
  expect((await releaseSecrets('demo')).map((s) => [s.metadata.name, s.metadata.labels?.status])).toEqual([['sh.helm.release.v1.demo.v1', 'deployed']]);
  // A WebApp is accepted once the chart's CRD is in.
  await kubectl.ok(['apply', '--dry-run=server', '-n', NS, '-f', '-'], 'apiVersion: example.kubets.io/v1\nkind: WebApp\nmetadata: {name: hello}\nspec: {image: nginx:1.27}\n');

  // list, status, get manifest
  const list = JSON.parse(await helm.ok(['list', '--namespace', NS, '-o', 'json'])) as { name: string; revision: string; status: string; chart: string; app_version: string }[];
  expect(list).toEqual([expect.objectContaining({ name: 'demo', revision: '1', status: 'deployed', chart: 'webapp-operator-0.1.0', app_version: '0.1.0' })]);
  expect(JSON.parse(await helm.ok(['list', '--all-namespaces', '-o', 'json']))).toHaveLength(1);
  const status = await helm.ok(['status', 'demo', '--namespace', NS]);
  expect(status).toMatch(/NAMESPACE: ops/);
  expect(status).toMatch(/STATUS: deployed/);
  expect(status).toMatch(/REVISION: 1/);
  const manifest = await helm.ok(['get', 'manifest', 'demo', '--namespace', NS]);
  expect(manifest.trimEnd()).toBe((await helm.ok(['template', 'demo', chart, '--namespace', NS])).trimEnd());

  // upgrade: two replicas and the metrics Service
  const upgraded = await helm.ok(['upgrade', 'demo', chart, '--namespace', NS, '--set', 'replicas=2', '--set', 'metrics.enabled=true']);
  expect(upgraded).toMatch(/REVISION: 2/);
  expect((await deployment()).spec?.replicas).toBe(2);
  const metricsService = await getJson<{ spec: { ports: { name: string; port: number }[]; clusterIP: string } }>(['get', 'service', 'demo-webapp-operator-metrics', '-n', NS]);
  expect(metricsService.spec.ports).toEqual([expect.objectContaining({ name: 'metrics', port: 8080 })]);
  expect(metricsService.spec.clusterIP).toMatch(/^10\./);
  expect(await helm.ok(['get', 'values', 'demo', '--namespace', NS, '-o', 'json'])).toBe('{"metrics":{"enabled":true},"replicas":2}\n');

  // history
  const history = () => helm.ok(['history', 'demo', '--namespace', NS, '-o', 'json'])
    .then((out) => (JSON.parse(out) as { revision: number; status: string; description: string }[]).map((r) => [r.revision, r.status, r.description]));
  expect(await history()).toEqual([[1, 'superseded', 'Install complete'], [2, 'deployed', 'Upgrade complete']]);

  // rollback to revision 1: one replica again, the metrics Service deleted
  expect(await helm.ok(['rollback', 'demo', '1', '--namespace', NS])).toMatch(/Rollback was a success/);
  expect((await deployment()).spec?.replicas).toBe(1);
  expect(await exists(['service', 'demo-webapp-operator-metrics', '-n', NS])).toBe(false);
  expect(await history()).toEqual([[1, 'superseded', 'Install complete'], [2, 'superseded', 'Upgrade complete'], [3, 'deployed', 'Rollback to 1']]);
  expect((await releaseSecrets('demo')).map((s) => s.metadata.name).sort()).toEqual(['sh.helm.release.v1.demo.v1', 'sh.helm.release.v1.demo.v2', 'sh.helm.release.v1.demo.v3']);

  // uninstall: the templates' objects and the release Secrets go; the CRD stays, as Helm keeps crds/
  expect(await helm.ok(['uninstall', 'demo', '--namespace', NS])).toMatch(/release "demo" uninstalled/);
  for (const args of [
    ['deployment', 'demo-webapp-operator', '-n', NS], ['serviceaccount', 'demo-webapp-operator', '-n', NS],
    ['role', 'demo-webapp-operator-leader-election', '-n', NS], ['rolebinding', 'demo-webapp-operator-leader-election', '-n', NS],
    ['clusterrole', 'demo-webapp-operator'], ['clusterrolebinding', 'demo-webapp-operator'],
  ]) {
    expect([args[0], await exists(args)]).toEqual([args[0], false]);
  }
  expect(await releaseSecrets('demo')).toEqual([]);
  expect(JSON.parse(await helm.ok(['list', '--namespace', NS, '-o', 'json']))).toEqual([]);
  expect(await exists(['crd', 'webapps.example.kubets.io'])).toBe(true);
}, 120_000);
