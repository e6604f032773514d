// The API server on the etcd backend, as `kubets up --storage etcd` runs it, used with kubectl.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandaloneApiServer, type StandaloneApiServer } from '../../src/apiserver/index.js';
import { EtcdServer } from '../helpers/etcdServer.js';
import { Kubectl, eventually } from '../helpers/kubectl.js';

let etcd: EtcdServer;
let server: StandaloneApiServer;
let dataDir: string;

beforeAll(async () => {
  etcd = await EtcdServer.start();
  dataDir = mkdtempSync(join(tmpdir(), 'kubets-etcd-api-'));
  server = await startStandaloneApiServer({ dataDir, port: 0, storage: 'etcd', etcdEndpoints: [etcd.endpoint], etcdPrefix: '/kubets' });
});

afterAll(async () => {
  await server.stop();
  await etcd.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('kubectl works against an etcd-backed API server, watches included', async () => {
  const k = new Kubectl('1.33', server.kubeconfig);
  expect(await k.ok(['get', 'namespaces', '-o', 'name'])).toContain('namespace/kube-system');
  await k.ok(['create', 'deployment', 'web', '--image=busybox:1.36']);
  const watch = k.start(['get', 'deployment', 'web', '-w', '-o', 'jsonpath={.spec.replicas}{"\\n"}']);
  try {
    await eventually(() => watch.output().includes('1\n'));
    expect(await k.ok(['scale', 'deployment', 'web', '--replicas=3'])).toBe('deployment.apps/web scaled\n');
    await eventually(() => watch.output().includes('3\n'));
  } finally {
    watch.stop();
  }
  await k.ok(['create', 'service', 'clusterip', 'web', '--tcp=80']);
  const svc = JSON.parse(await k.ok(['get', 'service', 'web', '-o', 'json']));
  expect(svc.spec.clusterIP).toMatch(/^10\./);
  expect(await k.ok(['delete', 'deployment', 'web'])).toBe('deployment.apps "web" deleted\n');
});
