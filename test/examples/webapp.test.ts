// The example operator (examples/webapp) end to end in envtest, with crds/ installed: a WebApp
// applied with kubectl 1.33 → its Deployment and Service appear with controller owner
// references and the right spec; an image change reaches the Deployment; status conditions
// follow the Deployment's status (patched here: envtest runs no deployment controller);
// `kubectl get webapps` prints the CRD's columns; deleting the WebApp runs its finalizer.
import * as k8s from '@kubernetes/client-node';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEnvironment, type Environment } from '../../src/envtest/index.js';
import type { Logger } from '../../src/log/index.js';
import { Manager } from '../../src/runtime/manager/index.js';
import { addWebAppController, FINALIZER, type WebApp } from '../../examples/webapp/index.js';
import { eventually, Kubectl } from '../helpers/kubectl.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const quietLog: Logger = { info() {}, warn() {}, error() {}, v: () => ({ enabled: false, info() {} }) };
const ns = 'default';
const target = { group: 'example.kubets.io', version: 'v1', namespace: ns, plural: 'webapps' };

let env: Environment;
let manager: Manager;
let kubectl: Kubectl;
let apps: k8s.AppsV1Api;
let core: k8s.CoreV1Api;
let custom: k8s.CustomObjectsApi;

beforeAll(async () => {
  env = await startEnvironment({ crdDirectory: join(root, 'crds') });
  apps = env.kubeconfig.makeApiClient(k8s.AppsV1Api);
  core = env.kubeconfig.makeApiClient(k8s.CoreV1Api);
  custom = env.kubeconfig.makeApiClient(k8s.CustomObjectsApi);
  kubectl = new Kubectl('1.33', env.kubeconfigPath);
  manager = new Manager(env.kubeconfig, { logger: quietLog });
  addWebAppController(manager, { logger: quietLog });
  await manager.start();
});

afterAll(async () => {
  await manager?.stop();
  await env?.stop();
});

const notFound = (error: unknown) => (error as { code?: number }).code === 404;
const getWebApp = async (name: string): Promise<WebApp | undefined> => {
  try {
    return await custom.getNamespacedCustomObject({ ...target, name }) as WebApp;
  } catch (error) {
    if (notFound(error)) return undefined;
    throw error;
  }
};
const getDeployment = (name: string) => apps.readNamespacedDeployment({ namespace: ns, name }).catch((e: unknown) => {
  if (notFound(e)) return undefined;
  throw e;
});
const getService = (name: string) => core.readNamespacedService({ namespace: ns, name }).catch((e: unknown) => {
  if (notFound(e)) return undefined;
  throw e;
});
const condition = (webapp: WebApp | undefined, type: string) => webapp?.status?.conditions?.find((c) => c.type === type);

const manifest = (name: string, image: string) => `apiVersion: example.kubets.io/v1
kind: WebApp
metadata:
  name: ${name}
spec:
  image: ${image}
  replicas: 2
  port: 8080
`;

test('a WebApp gets a Deployment and a Service, follows image changes and readiness, and is cleaned up on delete', async () => {
  await kubectl.ok(['apply', '-n', ns, '-f', '-'], manifest('shop', 'nginx:1.27'));
  const webapp = (await getWebApp('shop'))!;

  // Owned objects, with the WebApp as controller owner and the spec it asks for.
  await eventually(async () => (await getDeployment('shop')) !== undefined && (await getService('shop')) !== undefined);
  const owner = { apiVersion: 'example.kubets.io/v1', kind: 'WebApp', name: 'shop', uid: webapp.metadata.uid, controller: true, blockOwnerDeletion: true };
  const deployment = (await getDeployment('shop'))!;
  expect(deployment.metadata?.ownerReferences).toEqual([owner]);
  expect(deployment.spec?.replicas).toBe(2);
  expect(deployment.spec?.template.spec?.containers).toEqual([
    expect.objectContaining({ name: 'web', image: 'nginx:1.27', ports: [expect.objectContaining({ name: 'http', containerPort: 8080 })] }),
  ]);
  expect(deployment.spec?.selector.matchLabels).toEqual(deployment.spec?.template.metadata?.labels);
  const service = (await getService('shop'))!;
  expect(service.metadata?.ownerReferences).toEqual([owner]);
  expect(service.spec?.selector).toEqual(deployment.spec?.selector.matchLabels);
  expect(service.spec?.ports).toEqual([expect.objectContaining({ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' })]);
  expect((await getWebApp('shop'))?.metadata.finalizers).toEqual([FINALIZER]);

  // No deployment controller runs here: no replica is ready yet.
  await eventually(async () => condition(await getWebApp('shop'), 'Ready')?.status === 'False');
  let current = (await getWebApp('shop'))!;
  expect(condition(current, 'Ready')).toMatchObject({ reason: 'ReplicasNotReady', message: '0/2 replicas ready' });
  expect(condition(current, 'Progressing')).toMatchObject({ status: 'True', reason: 'RollingOut' });
  expect(current.status?.observedGeneration).toBe(current.metadata.generation);
  expect(String(condition(current, 'Ready')?.lastTransitionTime)).toMatch(/T\d\d:\d\d:\d\dZ$/);

  // The image changes: the Deployment follows.
  await kubectl.ok(['apply', '-n', ns, '-f', '-'], manifest('shop', 'nginx:1.28'));
  await eventually(async () => (await getDeployment('shop'))?.spec?.template.spec?.containers[0].image === 'nginx:1.28');
  await eventually(async () => {
    const w = await getWebApp('shop');
    return w !== undefined && w.status?.observedGeneration === w.metadata.generation && w.metadata.generation! > webapp.metadata.generation!;
  });

  // Readiness, simulated by writing the Deployment's status as a deployment controller would.
  await apps.patchNamespacedDeploymentStatus(
    { namespace: ns, name: 'shop', body: { status: { replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
  );
  await eventually(async () => condition(await getWebApp('shop'), 'Ready')?.status === 'True');
  current = (await getWebApp('shop'))!;
  expect(condition(current, 'Ready')).toMatchObject({ reason: 'ReplicasReady', message: '2/2 replicas ready' });
  expect(condition(current, 'Progressing')).toMatchObject({ status: 'False', reason: 'Complete' });
  expect(current.status?.readyReplicas).toBe(2);

  // kubectl prints the CRD's columns, by plural and by short name.
  const table = await kubectl.ok(['get', 'webapps', '-n', ns]);
  const [header, row] = table.trim().split('\n');
  expect(header.split(/\s+/)).toEqual(['NAME', 'IMAGE', 'REPLICAS', 'READY', 'AGE']);
  expect(row.split(/\s+/).slice(0, 4)).toEqual(['shop', 'nginx:1.28', '2', 'True']);
  expect(await kubectl.ok(['get', 'wa', '-n', ns, '-o', 'name'])).toBe('webapp.example.kubets.io/shop\n');
  // kubectl explain reads the CRD's schema from the OpenAPI documents.
  const explained = await kubectl.ok(['explain', 'webapp.spec']);
  expect(explained).toMatch(/KIND:\s+WebApp/);
  expect(explained).toMatch(/image\s+<string> -required-/);

  // Delete: the finalizer deletes the Deployment and the Service, then lets the WebApp go.
  await kubectl.ok(['delete', 'webapp', 'shop', '-n', ns, '--wait=false']);
  await eventually(async () => (await getWebApp('shop')) === undefined);
  expect(await getDeployment('shop')).toBeUndefined();
  expect(await getService('shop')).toBeUndefined();
});

test('the Deployment is put back when someone edits it', async () => {
  await kubectl.ok(['apply', '-n', ns, '-f', '-'], manifest('drift', 'httpd:2.4'));
  await eventually(async () => (await getDeployment('drift')) !== undefined);
  await apps.patchNamespacedDeployment(
    { namespace: ns, name: 'drift', body: { spec: { replicas: 5 } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
  );
  await eventually(async () => (await getDeployment('drift'))?.spec?.replicas === 2);
  await kubectl.ok(['delete', 'webapp', 'drift', '-n', ns]);
  expect(await getWebApp('drift')).toBeUndefined();
  expect(await getDeployment('drift')).toBeUndefined();
});
