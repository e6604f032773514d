// exec, attach and port-forward on the simulated nodes of `kubets up`, with stock kubectl 1.27
// (SPDY/3.1 end to end), 1.30 and 1.32 (WebSocket v5 exec), 1.33 (v5, and port-forward over
// WebSocket-tunnelled SPDY), as on containerd: output, stderr and exit codes, stdin with -i, a
// terminal with -it (run under a pseudo-terminal; a bare sh reads commands from it), attach to
// a running container's output and to its stdin, kubectl run -it into busybox's shell,
// port-forward to a busybox httpd serving the container's files and to nginx, and upstream's
// refusal of a port nothing listens on.
import { get } from 'node:http';
import { eventually, Kubectl, type KubectlVersion } from '../helpers/kubectl.js';
import { useKubetsUp } from '../helpers/kubetsProcess.js';
import { runInTerminal } from './terminal.js';

const cluster = useKubetsUp('simstreams');
const VERSIONS: KubectlVersion[] = ['1.27', '1.30', '1.32', '1.33'];

const pod = (name: string, image: string, command?: string, extra: object = {}) => JSON.stringify({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 1, containers: [{ name, image, ...command ? { command: ['sh', '-c', command] } : {}, ...extra }] },
});

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    }).on('error', reject);
  });
}

beforeAll(async () => {
  for (const body of [
    pod('shell', 'busybox', 'echo started; sleep 3600'),
    pod('ticker', 'busybox', 'while true; do echo tick; sleep 0.2; done'),
    pod('web', 'busybox', 'mkdir /www; echo hello > /www/index.html; exec httpd -f -p 80 -h /www'),
    pod('nginx', 'nginx'),
  ]) await cluster.kubectl.ok(['apply', '-f', '-'], body);
  await cluster.kubectl.ok(['wait', '--for=condition=Ready', 'pod/shell', 'pod/ticker', 'pod/web', 'pod/nginx', '--timeout=30s']);
}, 60_000);

describe.each(VERSIONS)('kubectl %s', (version) => {
  const kubectl = () => new Kubectl(version, cluster.kubets.kubeconfig);

  test('logs of a container that has written nothing are empty', async () => {
    expect(await kubectl().run(['logs', 'web'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  test('exec: output, stderr, exit code, stdin, a terminal', async () => {
    const hostname = await kubectl().run(['exec', 'shell', '-v=7', '--', 'cat', '/etc/hostname']);
    expect([hostname.code, hostname.stdout]).toEqual([0, 'shell\n']);
    if (version !== '1.27') expect(hostname.stderr).toContain('The subprotocol is v5.channel.k8s.io');
    const failed = await kubectl().run(['exec', 'shell', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect([failed.code, failed.stdout, failed.stderr]).toEqual([3, 'out\n', 'err\ncommand terminated with exit code 3\n']);
    expect(await kubectl().ok(['exec', '-i', 'shell', '--', 'sh', '-c', 'cat; echo end'], 'ping\npong\n')).toBe('ping\npong\nend\n');

    const tty = await runInTerminal(kubectl(), ['exec', '-it', 'shell', '--', 'sh', '-c', 'tty; echo hi; exit 4']);
    expect([tty.code, tty.output]).toEqual([4, '/dev/pts/0\r\nhi\r\ncommand terminated with exit code 4\r\n']);
    const typed = await runInTerminal(kubectl(), ['exec', '-it', 'shell', '--', 'sh', '-c', 'echo ready; cat; echo done'], [['ready', 'hello\r\x04']]);
    expect([typed.code, typed.output]).toEqual([0, 'ready\r\nhello\r\nhello\r\ndone\r\n']);
    // A shell without -c reads its commands from the terminal, with busybox's prompt.
    const shell = await runInTerminal(kubectl(), ['exec', '-it', 'shell', '--', 'sh'], [['/ # ', 'echo hi\r'], ['/ # ', 'exit 5\r']]);
    expect([shell.code, shell.output]).toEqual([5, '/ # echo hi\r\nhi\r\n/ # exit 5\r\ncommand terminated with exit code 5\r\n']);
  }, 60_000);
});

describe.each(['1.27', '1.33'] as KubectlVersion[])('kubectl %s', (version) => {
  const kubectl = () => new Kubectl(version, cluster.kubets.kubeconfig);

  test('attach: a running container\'s output as it is produced; stdin to a container that has one', async () => {
    const attach = kubectl().start(['attach', 'ticker']);
    try {
      await eventually(() => attach.output().split('tick\n').length > 3, 10_000);
    } finally {
      attach.stop();
    }
    // stdinOnce: the container's input ends with the first attach's, and cat with it.
    const name = `reader-${version.replace('.', '-')}`;
    await kubectl().ok(['apply', '-f', '-'], pod(name, 'busybox', 'cat; echo bye', { stdin: true, stdinOnce: true }));
    await kubectl().ok(['wait', '--for=condition=Ready', `pod/${name}`, '--timeout=30s']);
    const attached = await kubectl().run(['attach', '-i', name], 'ping\n');
    expect([attached.code, attached.stdout]).toEqual([0, 'ping\nbye\n']);
    await eventually(async () => (await kubectl().ok(['get', 'pod', name, '-o', 'jsonpath={.status.phase}'])) === 'Succeeded', 10_000);

    // kubectl run -it: busybox's default shell, attached with a terminal.
    const box = `box-${version.replace('.', '-')}`;
    const run = await runInTerminal(kubectl(), ['run', box, '-it', '--image=busybox', '--restart=Never'],
      [['try pressing enter.', '\r'], ['/ # ', 'echo hi\r'], ['/ # ', 'exit 3\r']]);
    expect(run.code).toBe(3);
    expect(run.output).toContain('/ # echo hi\r\nhi\r\n/ # exit 3\r\n');
    expect(run.output).toContain(`pod default/${box} terminated (Error)`);
  }, 60_000);

  test('port-forward: busybox httpd serves the container\'s files, nginx a page, a closed port is refused', async () => {
    const forward = async (target: string, remotePort: number, check: (port: string) => Promise<void>) => {
      const process = kubectl().start(['port-forward', target, `:${remotePort}`]);
      try {
        await eventually(() => /Forwarding from 127\.0\.0\.1:\d+/.test(process.output()), 15_000);
        await check(/Forwarding from 127\.0\.0\.1:(\d+)/.exec(process.output())![1]);
      } finally {
        process.stop();
      }
      return process.output();
    };
    await forward('pod/web', 80, async (port) => {
      expect(await httpGet(`http://127.0.0.1:${port}/`)).toEqual({ status: 200, body: 'hello\n' });
      expect(await httpGet(`http://127.0.0.1:${port}/index.html`)).toEqual({ status: 200, body: 'hello\n' });
      expect((await httpGet(`http://127.0.0.1:${port}/missing`)).status).toBe(404);
    });
    await forward('pod/nginx', 80, async (port) => {
      expect((await httpGet(`http://127.0.0.1:${port}/`)).body).toContain('<h1>kubets simulated web server</h1>');
    });
    const refused = await forward('pod/web', 81, async (port) => {
      await expect(httpGet(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    });
    expect(refused).toMatch(/an error occurred forwarding \d+ -> 81: error forwarding port 81 to pod [0-9a-f]{64}, uid : .*connect: connection refused/);
  }, 60_000);
});
