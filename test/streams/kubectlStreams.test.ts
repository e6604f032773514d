// Logs, exec, attach and port-forward end to end with stock kubectl 1.27, 1.30, 1.32 and 1.33: kubectl →
// a kubets API server (in process) → the kubelet's HTTPS server (client certificates checked
// against the cluster CA) → REAL containerd's stream server (Debian's containerd, started under
// a temporary dir). 1.27 speaks SPDY/3.1 throughout; 1.30+ exec over WebSocket v5 (translated to
// SPDY by the API server, no fallback allowed); 1.32/1.33 port-forward over WebSocket-tunnelled
// SPDY. Also pods/log options and upstream refusals over raw HTTPS. One containerd
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
import { RawClient } from '../helpers/rawClient.js';
import { runInTerminal } from './terminal.js';

const NODE = 'node-1';
const VERSIONS: KubectlVersion[] = ['1.27', '1.30', '1.32', '1.33'];
let containerd: TestContainerd;
let api: TestApiServer;
let server: KubeletServer;
let kubelet: Kubelet;
let informers: SharedInformerFactory;
let core: k8s.CoreV1Api;
let dir: string;
let raw: RawClient;

const pod = (name: string, command: string, extra: Partial<k8s.V1Container> = {}): k8s.V1Pod => ({
  metadata: { name, namespace: 'default' },
  spec: {
    nodeName: NODE, automountServiceAccountToken: false, terminationGracePeriodSeconds: 1,
    containers: [{ name, image: 'busybox', command: ['sh', '-c', command], ...extra }],
  },
});
const read = (name: string) => core.readNamespacedPod({ name, namespace: 'default' });

beforeAll(async () => {
  containerd = await TestContainerd.start();
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
  await core.createNamespacedPod({ namespace: 'default', body: {
    metadata: { name: 'pair', namespace: 'default' },
    spec: { ...pod('pair', '').spec!, containers: ['a', 'b'].map((name) => ({ name, image: 'busybox', command: ['sleep', '3600'] })) },
  } });
  await core.createNamespacedPod({ namespace: 'default', body: pod('noimage', 'true', { image: 'example.invalid/none:1' }) });
  await eventually(async () => (await read('web')).status?.phase === 'Running' && (await read('counter')).status?.phase === 'Running', 60_000);
  raw = new RawClient(api.url, api.dataDir);
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
  expect(web.status?.podIP).toMatch(/^10\.1\d\d\.\d+\.\d+$/);
  await eventually(async () => (await httpGet(`http://${web.status!.podIP}/`).catch(() => '')) === 'hello\n', 10_000);
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

test('pods/log: options, follow to the container\'s end, and upstream refusals, through the API server', async () => {
  const logs = (pod: string, query = '') => raw.send('GET', `/api/v1/namespaces/default/pods/${pod}/log${query}`);
  await eventually(async () => (await logs('counter')).body.toString().split('\n').length > 4, 10_000);
  const limited = await logs('counter', '?limitBytes=8');
  expect([limited.status, limited.headers['content-type'], limited.body.toString()]).toEqual([200, 'text/plain', 'line 0\nl']);
  const recent = (await logs('counter', '?sinceSeconds=1&timestamps=true')).body.toString().trim().split('\n');
  expect(recent.length).toBeLessThanOrEqual(3);
  for (const line of recent) expect(Date.now() - Date.parse(line.split(' ')[0])).toBeLessThan(3000);
  expect((await logs('counter', `?sinceTime=${new Date(Date.now() + 60_000).toISOString()}`)).body.toString()).toBe('');

  const refusal = async (pod: string, query = '') => {
    const answer = await logs(pod, query);
    return [answer.status, answer.json().reason, answer.json().message];
  };
  expect(await refusal('counter', '?tailLines=-1')).toEqual([422, 'Invalid', 'PodLogOptions "counter" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0']);
  expect(await refusal('pair')).toEqual([400, 'BadRequest', 'a container name must be specified for pod pair, choose one of: [a b]']);
  expect(await refusal('pair', '?container=c')).toEqual([400, 'BadRequest', 'container c is not valid for pod pair']);
  expect(await refusal('web', '?previous=true')).toEqual([400, 'BadRequest', 'previous terminated container "web" in pod "web" not found']);
  await eventually(async () => (await read('noimage')).status?.containerStatuses?.[0].state?.waiting?.reason !== undefined, 20_000);
  const [code, reason, message] = await refusal('noimage');
  expect([code, reason]).toEqual([400, 'BadRequest']);
  expect(message).toMatch(/^container "noimage" in pod "noimage" is waiting to start: (image can't be pulled|trying and failing to pull image|ContainerCreating)$/);
  expect(await refusal('nothere')).toEqual([404, 'NotFound', 'pods "nothere" not found']);

  // A follow ends when the container stops.
  const brief = pod('brief', 'echo start; sleep 4; echo end');
  brief.spec!.restartPolicy = 'Never';
  await core.createNamespacedPod({ namespace: 'default', body: brief });
  await eventually(async () => (await read('brief')).status?.phase === 'Running', 20_000);
  const follow = raw.stream('/api/v1/namespaces/default/pods/brief/log?follow=true');
  await eventually(() => follow.ended(), 15_000);
  expect([follow.status(), follow.lines]).toEqual([200, ['start', 'end']]);

  const plain = await raw.send('POST', '/api/v1/namespaces/default/pods/web/exec?command=true&stdout=true');
  expect([plain.status, plain.json().message]).toEqual([400, 'Upgrade request required']);
}, 60_000);

describe.each(VERSIONS)('kubectl %s', (version) => {
  const kubectl = () => new Kubectl(version, api.kubeconfig);

  test('logs, logs --tail, logs -f, logs --previous', async () => {
    expect(await kubectl().ok(['logs', 'web'])).toBe('serving\n');
    await eventually(async () => (await kubectl().ok(['logs', 'counter'])).split('\n').length > 3, 10_000);
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
    const hostname = await kubectl().run(['exec', 'web', '-v=7', '--', 'cat', '/etc/hostname']);
    expect(hostname.stdout).toBe('web\n');
    // 1.30+ speak WebSocket v5 to the API server, with no fallback to SPDY.
    if (version !== '1.27') expect(hostname.stderr).toContain('The subprotocol is v5.channel.k8s.io');
    expect(hostname.stderr).not.toMatch(/fallback/i);
    expect(await kubectl().ok(['exec', '-i', 'web', '--', 'cat'], 'ping\npong\n')).toBe('ping\npong\n');
    const failed = await kubectl().run(['exec', 'web', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect([failed.code, failed.stderr]).toEqual([3, expect.stringContaining('err\n')]);
    expect(failed.stdout).toBe('out\n');
    // More stdin than one SPDY flow-control window (Go's stream servers send no WINDOW_UPDATE).
    expect(await kubectl().ok(['exec', '-i', 'web', '--', 'wc', '-c'], 'x'.repeat(300_000))).toMatch(/^\s*300000\n$/);
    const notRunning = await kubectl().run(['exec', 'noimage', '--', 'true']);
    expect(notRunning.code).not.toBe(0);
    expect(notRunning.stderr).toContain('container not found ("noimage")');
    expect(failed.stderr).toContain('err\n');
  }, 60_000);

  test('exec: the exit code and all output of every one of many concurrent execs', async () => {
    // A status lost at the end of an exec showed as exit code 0, in about one exec of 25 when
    // several ran at once.
    const results = await Promise.all(Array.from({ length: 6 }, async () => {
      const codes: string[] = [];
      for (let i = 0; i < 8; i++) {
        const r = await kubectl().run(['exec', 'web', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
        codes.push(`${r.code} ${JSON.stringify(r.stdout)} ${JSON.stringify(r.stderr)}`);
      }
      return codes;
    }));
    expect(results.flat()).toEqual(Array(48).fill('3 "out\\n" "err\\ncommand terminated with exit code 3\\n"'));
  }, 60_000);

  test('exec -t and -it in a terminal: a TTY, its line endings, typed input echoed, the exit code', async () => {
    const tty = await runInTerminal(kubectl(), ['exec', '-it', 'web', '--', 'sh', '-c', 'tty; echo hi; exit 4']);
    expect([tty.code, tty.output]).toEqual([4, expect.stringMatching(/^\/dev\/pts\/\d+\r\nhi\r\ncommand terminated with exit code 4\r\n$/)]);
    // Ctrl-D ends cat's input; the remote terminal echoes what was typed.
    const typed = await runInTerminal(kubectl(), ['exec', '-it', 'web', '--', 'sh', '-c', 'echo ready; cat; echo done'], [['ready', 'hello\n\x04']]);
    expect([typed.code, typed.output]).toEqual([0, 'ready\r\nhello\r\nhello\r\ndone\r\n']);
  }, 60_000);

  test('attach: the running container\'s output as it comes', async () => {
    const attach = kubectl().start(['attach', 'counter', '-v=7']);
    try {
      await eventually(() => /line (\d+)\n(.|\n)*line \d+\n/.test(attach.output()), 10_000);
      if (version !== '1.27') expect(attach.output()).toContain('The subprotocol is v5.channel.k8s.io');
      expect(attach.output()).not.toMatch(/fallback/i);
    } finally {
      attach.stop();
    }
  }, 30_000);

  test('port-forward: an HTTP GET through the local port returns the page', async () => {
    const forward = kubectl().start(['port-forward', 'pod/web', ':80', '-v=7']);
    try {
      await eventually(() => /Forwarding from 127\.0\.0\.1:\d+ -> 80/.test(forward.output()), 15_000);
      const port = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(forward.output())![1];
      expect(await httpGet(`http://127.0.0.1:${port}/`)).toBe('hello\n');
      expect(await httpGet(`http://127.0.0.1:${port}/index.html`)).toBe('hello\n');
      // 1.31+ tunnel SPDY through WebSocket, with no fallback to plain SPDY.
      if (version >= '1.31') expect(forward.output()).toContain('Sec-Websocket-Protocol: SPDY/3.1+portforward.k8s.io');
      expect(forward.output()).not.toMatch(/fallback/i);
    } finally {
      forward.stop();
    }
  }, 60_000);
});
