// Logs, exec and port-forward end to end with stock kubectl 1.27, 1.30, 1.32 and 1.33: kubectl →
// a kubets API server (in process) → the kubelet's HTTPS server (client certificates checked
// against the cluster CA) → REAL containerd's stream server (Debian's containerd, started under
// a temporary dir). 1.27 speaks SPDY/3.1 throughout; 1.30+ exec over WebSocket v5 (translated to
// SPDY by the API server); 1.32/1.33 port-forward over WebSocket-tunnelled SPDY. One containerd
// and one set of pods serve every kubectl version.
import * as k8s from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kubelet } from '../../src/kubelet/kubelet.js';
import { thisMachine } from '../../src/kubelet/node/machineInfo.js';
import { KubeletServer } from '../../src/kubelet/server/index.js';
import { SharedInformerFactory } from '../../src/runtime/cache/index.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';
import { TestContainerd } from '../helpers/containerd.js';
import { eventually, Kubectl, type KubectlVersion } from '../helpers/kubectl.js';

const NODE = 'node-1';
const VERSIONS: KubectlVersion[] = ['1.27', '1.30', '1.32', '1.33'];
let containerd: TestContainerd;
let api: TestApiServer;
let server: KubeletServer;
let kubelet: Kubelet;
let informers: SharedInformerFactory;
let core: k8s.CoreV1Api;
let dir: string;

const pod = (name: string, command: string, extra: Partial<k8s.V1Container> = {}): k8s.V1Pod => ({
  metadata: { name, namespace: 'default' },
  spec: {
    nodeName: NODE, automountServiceAccountToken: false, terminationGracePeriodSeconds: 1,
    containers: [{ name, image: 'busybox', command: ['sh', '-c', command], ...extra }],
  },
});
const read = (name: string) => core.readNamespacedPod({ name, namespace: 'default' });

beforeAll(async () => {
  containerd = await TestContainerd.start({ podSubnet: '10.91.0.0/16', bridge: `kts${process.pid % 10000}` });
  api = await startTestApiServer();
  const kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromFile(api.kubeconfig);
  core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  dir = await mkdtemp(join(tmpdir(), 'kubets-streams-'));
  server = await KubeletServer.start({ clientCa: readFileSync(join(api.dataDir, 'pki', 'ca.crt'), 'utf8') });
  informers = new SharedInformerFactory(kubeConfig);
  kubelet = new Kubelet({
    kubeConfig, cri: containerd.cri, nodeName: NODE, address: '127.0.0.1', machine: thisMachine(10 * 1024 ** 3),
    rootDir: join(dir, 'root'), logDir: join(dir, 'logs'), informers, server, relistMs: 300,
  });
  await kubelet.start();
  await core.createNamespacedPod({ namespace: 'default', body: pod('web', 'mkdir /www; echo hello > /www/index.html; echo serving; exec httpd -f -p 80 -h /www') });
  await core.createNamespacedPod({ namespace: 'default', body: pod('counter', 'i=0; while true; do echo line $i; i=$((i+1)); sleep 0.5; done') });
  await core.createNamespacedPod({ namespace: 'default', body: pod('restarter', 'echo run $(cat /proc/sys/kernel/random/uuid); sleep 1; exit 1') });
  await eventually(async () => (await read('web')).status?.phase === 'Running' && (await read('counter')).status?.phase === 'Running', 60_000);
}, 120_000);

afterAll(async () => {
  await kubelet?.stop();
  await informers?.stop();
  await server?.close();
  await containerd?.stop();
  await api?.stop();
  if (api) removeDataDir(api);
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      response.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

test('the pod runs with a pod IP; the Node advertises the kubelet server', async () => {
  const web = await read('web');
  expect(web.status?.podIP).toMatch(/^10\.91\.\d+\.\d+$/);
  expect(await httpGet(`http://${web.status!.podIP}/`)).toBe('hello\n');
  const node = await core.readNode({ name: NODE });
  expect(node.status?.daemonEndpoints?.kubeletEndpoint?.Port).toBe(server.port);
});

test('the kubelet server refuses callers without a client certificate of the cluster CA', async () => {
  const status = await new Promise<number>((resolve, reject) => {
    httpsRequest({ host: '127.0.0.1', port: server.port, path: '/healthz', rejectUnauthorized: false }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    }).on('error', reject).end();
  });
  expect(status).toBe(401);
});

describe.each(VERSIONS)('kubectl %s', (version) => {
  const kubectl = () => new Kubectl(version, api.kubeconfig);

  test('logs, logs --tail, logs -f, logs --previous', async () => {
    expect(await kubectl().ok(['logs', 'web'])).toBe('serving\n');
    expect(await kubectl().ok(['logs', 'counter', '--tail=2'])).toMatch(/^line (\d+)\nline \d+\n$/);
    const stamped = await kubectl().ok(['logs', 'web', '--timestamps']);
    expect(stamped).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d) serving\n$/);

    const follow = kubectl().start(['logs', '-f', 'counter', '--tail=1']);
    try {
      await eventually(() => /line (\d+)\n/.test(follow.output()), 10_000);
      const first = Number(/line (\d+)/.exec(follow.output())![1]);
      await eventually(() => [...follow.output().matchAll(/line (\d+)/g)].some((m) => Number(m[1]) > first), 10_000);
    } finally {
      follow.stop();
    }

    await eventually(async () => ((await read('restarter')).status?.containerStatuses?.[0].restartCount ?? 0) >= 1, 40_000);
    expect(await kubectl().ok(['logs', 'restarter', '--previous'])).toMatch(/^run [0-9a-f-]{36}\n$/);
    const never = await kubectl().run(['logs', 'web', '--previous']);
    expect(never.code).not.toBe(0);
    expect(never.stderr).toContain('previous terminated container "web" in pod "web" not found');
  }, 90_000);

  test('exec: output, stdin, exit code', async () => {
    expect(await kubectl().ok(['exec', 'web', '--', 'cat', '/etc/hostname'])).toBe('web\n');
    expect(await kubectl().ok(['exec', '-i', 'web', '--', 'cat'], 'ping\npong\n')).toBe('ping\npong\n');
    const failed = await kubectl().run(['exec', 'web', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(failed.code).toBe(3);
    expect(failed.stdout).toBe('out\n');
    expect(failed.stderr).toContain('err\n');
  }, 60_000);

  test('port-forward: an HTTP GET through the local port returns the page', async () => {
    const forward = kubectl().start(['port-forward', 'pod/web', ':80']);
    try {
      await eventually(() => /Forwarding from 127\.0\.0\.1:\d+ -> 80/.test(forward.output()), 15_000);
      const port = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(forward.output())![1];
      expect(await httpGet(`http://127.0.0.1:${port}/`)).toBe('hello\n');
      expect(await httpGet(`http://127.0.0.1:${port}/index.html`)).toBe('hello\n');
    } finally {
      forward.stop();
    }
  }, 60_000);
});
