// Manifest workflows with the stock kubectl 1.27-1.33: create -f, client-side apply twice,
// diff, edit with an EDITOR script, explain (OpenAPI v2 protobuf on 1.27/1.28, v3 later),
// describe, and wait --for=delete.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KUBECTL_VERSIONS, Kubectl } from '../helpers/kubectl.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';

let server: TestApiServer;
const dir = mkdtempSync(join(tmpdir(), 'kubets-manifests-'));

function deployment(name: string, image: string, replicas = 2): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: main
        image: ${image}
`;
}

function manifest(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(async () => {
  server = await startTestApiServer();
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server);
});

describe.each(KUBECTL_VERSIONS)('kubectl %s', (version) => {
  const ns = `mf-${version.replace('.', '-')}`;
  let k: Kubectl;
  const image = (name: string) => k.ok(['get', 'deployment', name, '-n', ns, '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);

  beforeAll(async () => {
    k = new Kubectl(version, server.kubeconfig);
    await k.ok(['create', 'namespace', ns]);
  });

  test('create -f, then the same again is AlreadyExists', async () => {
    const file = manifest(`created-${version}.yaml`, deployment('created', 'busybox:1.36'));
    expect(await k.ok(['create', '-n', ns, '-f', file])).toBe('deployment.apps/created created\n');
    const again = await k.run(['create', '-n', ns, '-f', file]);
    expect(again.stderr).toContain(`Error from server (AlreadyExists): error when creating "${file}": deployments.apps "created" already exists`);
  });

  test('unknown fields: refused under Strict (the default), warned under --validate=warn', async () => {
    const file = manifest(`unknown-${version}.yaml`, deployment('unknown', 'busybox:1.36').replace('  replicas: 2', '  replicas: 2\n  replicaz: 3'));
    const strict = await k.run(['create', '-n', ns, '-f', file]);
    expect(strict.code).not.toBe(0);
    expect(strict.stderr).toContain(`Error from server (BadRequest): error when creating "${file}": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz"`);
    const warned = await k.run(['create', '--validate=warn', '-n', ns, '-f', file]);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('unknown field "spec.replicaz"');
    expect(JSON.parse(await k.ok(['get', 'deployment', 'unknown', '-n', ns, '-o', 'json'])).spec.replicaz).toBeUndefined();
  });

  test('apply -f twice with a changed image (client-side apply)', async () => {
    expect(await k.ok(['apply', '-n', ns, '-f', manifest(`applied-${version}.yaml`, deployment('applied', 'busybox:1.36'))]))
      .toBe('deployment.apps/applied created\n');
    expect(await k.ok(['apply', '-n', ns, '-f', manifest(`applied2-${version}.yaml`, deployment('applied', 'busybox:1.37'))]))
      .toBe('deployment.apps/applied configured\n');
    expect(await image('applied')).toBe('busybox:1.37');
    const live = JSON.parse(await k.ok(['get', 'deployment', 'applied', '-n', ns, '-o', 'json']));
    const lastApplied = JSON.parse(live.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
    expect(lastApplied.spec.template.spec.containers[0].image).toBe('busybox:1.37');
    expect(live.metadata.generation).toBe(2);
    expect(await k.ok(['apply', '-n', ns, '-f', manifest(`applied3-${version}.yaml`, deployment('applied', 'busybox:1.37'))]))
      .toBe('deployment.apps/applied unchanged\n');
  });

  test('apply --server-side: ownership, conflicts and --force-conflicts', async () => {
    const file = (img: string, replicas = 2) => manifest(`ssa-${version}-${img}-${replicas}.yaml`, deployment('ssa', img, replicas));
    expect(await k.ok(['apply', '--server-side', '-n', ns, '-f', file('busybox:1.36')])).toBe('deployment.apps/ssa serverside-applied\n');
    expect(await k.ok(['apply', '--server-side', '-n', ns, '-f', file('busybox:1.37')])).toBe('deployment.apps/ssa serverside-applied\n');
    expect(await image('ssa')).toBe('busybox:1.37');
    const live = JSON.parse(await k.ok(['get', 'deployment', 'ssa', '-n', ns, '-o', 'json', '--show-managed-fields']));
    const applyEntry = live.metadata.managedFields.find((e: { operation: string }) => e.operation === 'Apply');
    expect(applyEntry).toMatchObject({ manager: 'kubectl', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' });
    expect(applyEntry.fieldsV1['f:spec']['f:replicas']).toEqual({});
    await k.ok(['scale', 'deployment', 'ssa', '-n', ns, '--replicas=5']);
    const conflict = await k.run(['apply', '--server-side', '-n', ns, '-f', file('busybox:1.37')]);
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toMatch(/Apply failed with 1 conflict: conflict with "kubectl[^"]*" using apps\/v1: \.spec\.replicas/);
    expect(await k.ok(['apply', '--server-side', '--force-conflicts', '-n', ns, '-f', file('busybox:1.37')])).toBe('deployment.apps/ssa serverside-applied\n');
    expect(JSON.parse(await k.ok(['get', 'deployment', 'ssa', '-n', ns, '-o', 'json'])).spec.replicas).toBe(2);
  });

  test('diff shows a pending change and exits 1', async () => {
    await k.ok(['apply', '-n', ns, '-f', manifest(`diffed-${version}.yaml`, deployment('diffed', 'busybox:1.36'))]);
    const diff = await k.run(['diff', '-n', ns, '-f', manifest(`diffed2-${version}.yaml`, deployment('diffed', 'busybox:1.36', 5))]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/^-\s+replicas: 2$/m);
    expect(diff.stdout).toMatch(/^\+\s+replicas: 5$/m);
    const none = await k.run(['diff', '-n', ns, '-f', manifest(`diffed3-${version}.yaml`, deployment('diffed', 'busybox:1.36'))]);
    expect(none.code).toBe(0);
  });

  test('edit with an EDITOR script', async () => {
    await k.ok(['create', '-n', ns, '-f', manifest(`edited-${version}.yaml`, deployment('edited', 'busybox:1.36'))]);
    const editor = new Kubectl(version, server.kubeconfig, { EDITOR: 'sed -i s/busybox:1.36/busybox:1.38/', KUBE_EDITOR: '' });
    expect(await editor.ok(['edit', 'deployment', 'edited', '-n', ns])).toBe('deployment.apps/edited edited\n');
    expect(await image('edited')).toBe('busybox:1.38');
  });

  test('explain reads the OpenAPI documents', async () => {
    const containers = await k.ok(['explain', 'pods.spec.containers']);
    expect(containers).toContain('KIND:       Pod');
    expect(containers).toMatch(/containers\s+<\[\]Container>/);
    expect(containers).toContain('List of containers belonging to the pod.');
  });

  test('describe a deployment', async () => {
    const text = await k.ok(['describe', 'deployment', 'created', '-n', ns]);
    expect(text).toMatch(/^Name:\s+created$/m);
    expect(text).toMatch(/^Namespace:\s+mf-/m);
    expect(text).toMatch(/^Selector:\s+app=created$/m);
    expect(text).toMatch(/^\s+Image:\s+busybox:1.36$/m);
  });

  test('wait --for=delete returns once the object is gone', async () => {
    await k.ok(['create', 'configmap', 'doomed', '-n', ns]);
    const waiting = k.run(['wait', '--for=delete', 'configmap/doomed', '-n', ns, '--timeout=20s']);
    await new Promise((r) => setTimeout(r, 300));
    await k.ok(['delete', 'configmap', 'doomed', '-n', ns]);
    const result = await waiting;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('configmap/doomed condition met\n');
  });
});
