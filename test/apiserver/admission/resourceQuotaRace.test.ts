// ResourceQuota admission under concurrent creates, through client-node (no quota controller:
// the quota's status is written through /status, as the controller would): the charge into
// status.used is a compare-and-swap retried on conflict, so of ten pods created at once against
// `pods: 1` exactly one is admitted and the rest get upstream's "exceeded quota" 403 — on one
// in-process API server, and on two API servers sharing one etcd with the creates split
// between them.
import * as k8s from '@kubernetes/client-node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandaloneApiServer, type StandaloneApiServer } from '../../../src/apiserver/index.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../../helpers/apiServer.js';
import { EtcdServer } from '../../helpers/etcdServer.js';

let server: TestApiServer;
let core: k8s.CoreV1Api;

const coreApi = (kubeconfig: string) => {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  return kc.makeApiClient(k8s.CoreV1Api);
};

beforeAll(async () => {
  server = await startTestApiServer();
  core = coreApi(server.kubeconfig);
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server);
});

async function quotaOf(namespace: string, hard: Record<string, string>, client: k8s.CoreV1Api = core): Promise<void> {
  await client.createNamespace({ body: { metadata: { name: namespace } } });
  const quota = await client.createNamespacedResourceQuota({ namespace, body: { metadata: { name: 'q' }, spec: { hard } } });
  const used = Object.fromEntries(Object.keys(hard).map((name) => [name, '0']));
  await client.replaceNamespacedResourceQuotaStatus({ name: 'q', namespace, body: { ...quota, status: { hard, used } } });
}

const pod = (name: string): k8s.V1Pod => ({ metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });

async function createAtOnce(namespace: string, count: number, clients = [core]): Promise<{ admitted: string[]; refusals: Array<{ code: number; message: string }> }> {
  const results = await Promise.allSettled(Array.from({ length: count }, (_, i) => clients[i % clients.length]!.createNamespacedPod({ namespace, body: pod(`p${i}`) })));
  const admitted = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.metadata!.name!] : []));
  const refusals = results.flatMap((r) => {
    if (r.status === 'fulfilled') return [];
    const error = r.reason as k8s.ApiException<string>;
    const body = JSON.parse(error.body) as { code: number; message: string };
    return [{ code: body.code, message: body.message }];
  });
  return { admitted, refusals };
}

test('ten concurrent pod creates against pods: 1 admit exactly one', async () => {
  await quotaOf('race', { pods: '1' });
  const { admitted, refusals } = await createAtOnce('race', 10);
  expect(admitted).toHaveLength(1);
  expect(refusals).toHaveLength(9);
  for (const refusal of refusals) {
    expect(refusal.code).toBe(403);
    expect(refusal.message).toMatch(/^pods "p\d" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1$/);
  }
  const { items } = await core.listNamespacedPod({ namespace: 'race' });
  expect(items.map((p) => p.metadata!.name)).toEqual(admitted);
  expect((await core.readNamespacedResourceQuota({ name: 'q', namespace: 'race' })).status?.used).toEqual({ pods: '1' });
});

test('twenty concurrent creates against pods: 5 admit exactly five, and the charges add up', async () => {
  await quotaOf('race5', { pods: '5' });
  const { admitted, refusals } = await createAtOnce('race5', 20);
  expect(admitted).toHaveLength(5);
  expect(refusals.map((r) => r.code)).toEqual(Array(15).fill(403));
  expect(new Set(refusals.map((r) => r.message.replace(/^pods "p\d+"/, 'pods "x"')))).toEqual(new Set(['pods "x" is forbidden: exceeded quota: q, requested: pods=1, used: pods=5, limited: pods=5']));
  expect((await core.readNamespacedResourceQuota({ name: 'q', namespace: 'race5' })).status?.used).toEqual({ pods: '5' });
});

describe('two API servers sharing one etcd', () => {
  let etcd: EtcdServer;
  const servers: StandaloneApiServer[] = [];
  const dataDirs: string[] = [];

  beforeAll(async () => {
    etcd = await EtcdServer.start();
    for (let i = 0; i < 2; i++) {
      dataDirs.push(mkdtempSync(join(tmpdir(), 'kubets-quota-etcd-')));
      servers.push(await startStandaloneApiServer({ dataDir: dataDirs[i]!, port: 0, storage: 'etcd', etcdEndpoints: [etcd.endpoint], etcdPrefix: '/kubets' }));
    }
  }, 60_000);

  afterAll(async () => {
    for (const s of servers) await s.stop();
    await etcd?.stop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  test('ten concurrent creates split over both servers against pods: 1 admit exactly one', async () => {
    const clients = servers.map((s) => coreApi(s.kubeconfig));
    await quotaOf('shared', { pods: '1' }, clients[0]);
    const { admitted, refusals } = await createAtOnce('shared', 10, clients);
    expect(admitted).toHaveLength(1);
    expect(refusals.map((r) => r.code)).toEqual(Array(9).fill(403));
    for (const refusal of refusals) expect(refusal.message).toMatch(/^pods "p\d" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1$/);
    expect((await clients[1]!.readNamespacedResourceQuota({ name: 'q', namespace: 'shared' })).status?.used).toEqual({ pods: '1' });
  }, 60_000);
});
