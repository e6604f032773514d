// The stock kubectl 1.27-1.33 against a real kubets API server: reads, writes, watches and
// errors, with outputs checked.
import { KUBECTL_VERSIONS, Kubectl, eventually } from '../helpers/kubectl.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';

let server: TestApiServer;

beforeAll(async () => {
  server = await startTestApiServer();
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server);
});

describe.each(KUBECTL_VERSIONS)('kubectl %s', (version) => {
  const ns = `v${version.replace('.', '-')}`;
  let k: Kubectl;
  beforeAll(() => {
    k = new Kubectl(version, server.kubeconfig);
  });

  test('sees the system namespaces and the kubernetes Service', async () => {
    const names = (await k.ok(['get', 'namespaces', '-o', 'name'])).trim().split('\n');
    expect(names).toEqual(expect.arrayContaining(['namespace/default', 'namespace/kube-system', 'namespace/kube-public', 'namespace/kube-node-lease']));
    const svc = JSON.parse(await k.ok(['get', 'service', 'kubernetes', '-n', 'default', '-o', 'json']));
    expect(svc.spec.clusterIP).toBe('10.96.0.1');
    expect(svc.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('creates a namespace and a configmap, reads them back, and deletes them', async () => {
    expect(await k.ok(['create', 'namespace', ns])).toBe(`namespace/${ns} created\n`);
    expect(await k.ok(['create', 'configmap', 'c1', '-n', ns, '--from-literal=a=b'])).toBe('configmap/c1 created\n');
    const cm = JSON.parse(await k.ok(['get', 'configmap', 'c1', '-n', ns, '-o', 'json']));
    expect(cm).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' }, metadata: { name: 'c1', namespace: ns } });
    expect(Number(cm.metadata.resourceVersion)).toBeGreaterThan(0);
    const listed = JSON.parse(await k.ok(['get', 'configmaps', '-n', ns, '-o', 'json']));
    expect(listed.kind).toBe('List');
    expect(listed.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['c1']);
    expect(await k.ok(['delete', 'configmap', 'c1', '-n', ns])).toBe('configmap "c1" deleted\n');
    const missing = await k.run(['get', 'configmap', 'c1', '-n', ns]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('Error from server (NotFound): configmaps "c1" not found');
  });

  test('an existing name is refused with AlreadyExists', async () => {
    await k.ok(['create', 'configmap', 'dup', '-n', 'default', `--from-literal=v=${ns}`]).catch(() => undefined);
    const again = await k.run(['create', 'configmap', 'dup', '-n', 'default', '--from-literal=v=x']);
    expect(again.code).not.toBe(0);
    // kubectl words the prefix per version; the server's message is the same everywhere.
    expect(again.stderr).toContain('configmaps "dup" already exists');
  });

  test('get -w sees a later change', async () => {
    await k.ok(['create', 'configmap', `watched-${ns}`, '-n', 'default', '--from-literal=a=1']);
    const watch = k.start(['get', 'configmap', `watched-${ns}`, '-n', 'default', '-w', '-o', 'jsonpath={.data.a}{"\\n"}']);
    try {
      await eventually(() => watch.output().includes('1\n'));
      await k.ok(['patch', 'configmap', `watched-${ns}`, '-n', 'default', '--type=merge', '-p', '{"data":{"a":"2"}}']);
      await eventually(() => watch.output().includes('2\n'));
    } finally {
      watch.stop();
    }
  });
});
