// The CRI client against the simulated runtime served over gRPC on a unix socket: a whole pod
// lifecycle, log files in CRI format, exit codes by command and by image, exec (ExecSync and the
// WebSocket stream URL), stats, images, deadlines and reconnection after the runtime restarts;
// then the in-process binding (same answers) and the memory one simulated node costs.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CriClient, CriError, CriServer, grpcStatus, inProcessCri, simulator, type Cri } from '../../src/cri/index.js';

let dir: string;
let socket: string;
let streams: simulator.StreamServer;
let runtime: simulator.SimulatedRuntime;
let server: CriServer;
let cri: CriClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubets-cri-sim-'));
  socket = join(dir, 'sim.sock');
  streams = await simulator.StreamServer.start();
  runtime = new simulator.SimulatedRuntime({ podCidr: '10.250.3.0/24', startLatencyMs: 20, streams });
  server = await CriServer.listen(runtime, socket);
  cri = new CriClient(`unix://${socket}`, { timeoutMs: 10_000 });
});

afterAll(async () => {
  cri?.close();
  server?.close();
  runtime?.shutdown();
  await streams?.close();
  await rm(dir, { recursive: true, force: true });
});

let pods = 0;
async function runPod(client: Cri = cri): Promise<{ podSandboxId: string; logDirectory: string }> {
  const n = ++pods;
  const logDirectory = join(dir, 'pods', `pod-${n}`);
  const { podSandboxId } = await client.runtime.runPodSandbox({
    config: {
      metadata: { name: `pod-${n}`, uid: `uid-${n}`, namespace: 'default' },
      hostname: `pod-${n}`, logDirectory, labels: { app: 'test', n: String(n) },
      linux: { cgroupParent: `/kubepods/besteffort/poduid-${n}` },
    },
  });
  return { podSandboxId, logDirectory };
}

async function startContainer(podSandboxId: string, image: string, argv: string[] = [], name = 'main', client: Cri = cri): Promise<string> {
  const { containerId } = await client.runtime.createContainer({
    podSandboxId,
    config: {
      metadata: { name }, image: { image }, command: argv.slice(0, 1), args: argv.slice(1),
      envs: [{ key: 'GREETING', value: Buffer.from('hello') }], logPath: `${name}/0.log`, labels: { container: name },
    },
  });
  await client.runtime.startContainer({ containerId });
  return containerId;
}

async function statusWhenExited(containerId: string) {
  for (let i = 0; i < 100; i++) {
    const { status } = await cri.runtime.containerStatus({ containerId });
    if (status?.state === 'CONTAINER_EXITED') return status;
    await sleep(20);
  }
  throw new Error(`container ${containerId} did not exit`);
}

test('a pod runs through its whole lifecycle: sandbox, container, stop, remove', async () => {
  const { podSandboxId } = await runPod();
  const sandbox = (await cri.runtime.podSandboxStatus({ podSandboxId })).status!;
  expect(sandbox.state).toBe('SANDBOX_READY');
  expect(sandbox.metadata).toEqual({ name: `pod-${pods}`, uid: `uid-${pods}`, namespace: 'default', attempt: 0 });
  expect(sandbox.network?.ip).toMatch(/^10\.250\.3\.\d+$/);
  expect(sandbox.createdAt).toBeGreaterThan(Date.now() * 1e6 - 60e9);

  const containerId = await startContainer(podSandboxId, 'docker.io/kubets/forever:latest');
  const running = (await cri.runtime.containerStatus({ containerId })).status!;
  expect(running).toMatchObject({ state: 'CONTAINER_RUNNING', exitCode: 0, image: { image: 'docker.io/kubets/forever:latest' } });
  expect(running.imageRef).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(running.startedAt).toBeGreaterThanOrEqual(running.createdAt);

  const listed = await cri.runtime.listContainers({ filter: { podSandboxId, state: { state: 'CONTAINER_RUNNING' } } });
  expect(listed.containers.map((c) => c.id)).toEqual([containerId]);
  const bySelector = await cri.runtime.listPodSandbox({ filter: { labelSelector: { n: String(pods) } } });
  expect(bySelector.items.map((s) => s.id)).toEqual([podSandboxId]);

  await cri.runtime.stopContainer({ containerId, timeout: 30 });
  expect((await cri.runtime.containerStatus({ containerId })).status).toMatchObject({ state: 'CONTAINER_EXITED', exitCode: 143, reason: 'Error' });
  await cri.runtime.removeContainer({ containerId });
  await expect(cri.runtime.containerStatus({ containerId })).rejects.toMatchObject({ code: grpcStatus.NOT_FOUND });

  await cri.runtime.stopPodSandbox({ podSandboxId });
  expect((await cri.runtime.podSandboxStatus({ podSandboxId })).status?.state).toBe('SANDBOX_NOTREADY');
  await cri.runtime.removePodSandbox({ podSandboxId });
  await cri.runtime.removePodSandbox({ podSandboxId }); // removing twice is no error
  expect((await cri.runtime.listPodSandbox({ filter: { id: podSandboxId } })).items).toEqual([]);
});

test('a running container removed with its sandbox is stopped first; a running one cannot be removed alone', async () => {
  const { podSandboxId } = await runPod();
  const containerId = await startContainer(podSandboxId, 'nginx');
  await expect(cri.runtime.removeContainer({ containerId })).rejects.toThrow(/running state/);
  await cri.runtime.removePodSandbox({ podSandboxId });
  expect((await cri.runtime.listContainers({ filter: { podSandboxId } })).containers).toEqual([]);
});

test('commands decide exit codes and log lines; logs are CRI format under the sandbox log directory', async () => {
  const { podSandboxId, logDirectory } = await runPod();
  const containerId = await startContainer(podSandboxId, 'busybox', ['sh', '-c', 'echo "$GREETING world"; echo second line; sleep 0.05; exit 3']);
  const status = await statusWhenExited(containerId);
  expect(status).toMatchObject({ exitCode: 3, reason: 'Error', logPath: join(logDirectory, 'main/0.log') });
  expect(status.finishedAt).toBeGreaterThan(status.startedAt);
  const lines = (await readFile(join(logDirectory, 'main/0.log'), 'utf8')).trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z stdout F hello world$/);
  expect(lines[1]).toMatch(/ stdout F second line$/);

  const succeeded = await startContainer(podSandboxId, 'busybox', ['sh', '-c', 'true && echo ok'], 'ok');
  expect(await statusWhenExited(succeeded)).toMatchObject({ exitCode: 0, reason: 'Completed' });
});

test('images decide what a container without a command does', async () => {
  const { podSandboxId } = await runPod();
  expect(await statusWhenExited(await startContainer(podSandboxId, 'docker.io/kubets/exit1:latest', [], 'exit1'))).toMatchObject({ exitCode: 1, reason: 'Error' });
  expect(await statusWhenExited(await startContainer(podSandboxId, 'busybox', [], 'busybox'))).toMatchObject({ exitCode: 0, reason: 'Completed' });
  const forever = await startContainer(podSandboxId, 'docker.io/kubets/forever:latest', [], 'forever');
  await sleep(100);
  expect((await cri.runtime.containerStatus({ containerId: forever })).status?.state).toBe('CONTAINER_RUNNING');
});

test('a missing executable fails StartContainer as containerd does', async () => {
  const { podSandboxId } = await runPod();
  const { containerId } = await cri.runtime.createContainer({
    podSandboxId, config: { metadata: { name: 'bad' }, image: { image: 'busybox' }, command: ['nonexistent-binary'] },
  });
  const error = await cri.runtime.startContainer({ containerId }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CriError);
  expect((error as CriError).details).toMatch(/exec: "nonexistent-binary": executable file not found in \$PATH/);
  expect((await cri.runtime.containerStatus({ containerId })).status).toMatchObject({ state: 'CONTAINER_EXITED', exitCode: 128, reason: 'StartError' });
});

test('ExecSync runs commands against the container: hostname, files, exit codes, timeout', async () => {
  const { podSandboxId } = await runPod();
  const containerId = await startContainer(podSandboxId, 'busybox', ['sh', '-c', 'touch /tmp/healthy; sleep 3600']);
  await sleep(20);
  const hostname = await cri.runtime.execSync({ containerId, cmd: ['cat', '/etc/hostname'], timeout: 5 });
  expect(hostname).toMatchObject({ exitCode: 0 });
  expect(hostname.stdout.toString()).toBe(`pod-${pods}\n`);
  expect((await cri.runtime.execSync({ containerId, cmd: ['cat', '/tmp/healthy'] })).exitCode).toBe(0);
  await cri.runtime.execSync({ containerId, cmd: ['rm', '-f', '/tmp/healthy'] });
  const missing = await cri.runtime.execSync({ containerId, cmd: ['cat', '/tmp/healthy'] });
  expect(missing.exitCode).toBe(1);
  expect(missing.stderr.toString()).toMatch(/No such file/);
  expect((await cri.runtime.execSync({ containerId, cmd: ['sh', '-c', 'echo $GREETING; exit 7'] }))).toMatchObject({ exitCode: 7 });
  await expect(cri.runtime.execSync({ containerId, cmd: ['sleep', '10'], timeout: 1 })).rejects.toMatchObject({ code: grpcStatus.DEADLINE_EXCEEDED });
});

/** Reads a WebSocket exec stream to its end: the frames' channel bytes and payloads. */
function execOverWebSocket(url: string): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Protocol': 'v4.channel.k8s.io' },
    });
    req.on('upgrade', (response, socket, head: Buffer) => {
      expect(response.headers['sec-websocket-protocol']).toBe('v4.channel.k8s.io');
      const chunks: Buffer[] = [head];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('end', () => {
        const channels = new Map<number, string>();
        let bytes = Buffer.concat(chunks);
        while (bytes.length >= 2) {
          const opcode = bytes[0] & 0x0f;
          const extended = (bytes[1] & 0x7f) === 126; // the test's frames are under 64 KiB
          const start = extended ? 4 : 2;
          const length = extended ? bytes.readUInt16BE(2) : bytes[1] & 0x7f;
          const payload = bytes.subarray(start, start + length);
          if (opcode === 2) channels.set(payload[0], (channels.get(payload[0]) ?? '') + payload.subarray(1).toString());
          bytes = bytes.subarray(start + length);
        }
        resolve(channels);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

test('Exec gives a stream URL whose WebSocket runs the command and reports its exit status', async () => {
  const { podSandboxId } = await runPod();
  const containerId = await startContainer(podSandboxId, 'nginx');
  const { url } = await cri.runtime.exec({ containerId, cmd: ['sh', '-c', 'echo from-exec; exit 2'], stdout: true, stderr: true });
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/exec\//);
  const channels = await execOverWebSocket(url);
  expect(channels.get(1)).toBe('from-exec\n');
  expect(JSON.parse(channels.get(3)!)).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '2' }] } });
  const used = await new Promise<number>((resolve) => {
    const req = httpRequest(url, { headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': 'x', 'Sec-WebSocket-Protocol': 'v4.channel.k8s.io' } });
    req.on('response', (response) => resolve(response.statusCode ?? 0));
    req.on('upgrade', () => resolve(101));
    req.end();
  });
  expect(used).toBe(404);
  expect((await cri.runtime.portForward({ podSandboxId, port: [80] })).url).toMatch(/\/portforward\//);
});

test('stats: running containers and their sandboxes report CPU and memory that add up', async () => {
  const { podSandboxId } = await runPod();
  const a = await startContainer(podSandboxId, 'nginx', [], 'a');
  const b = await startContainer(podSandboxId, 'nginx', [], 'b');
  await sleep(50);
  const { stats } = await cri.runtime.containerStats({ containerId: a });
  expect(stats?.attributes).toMatchObject({ id: a, metadata: { name: 'a' }, labels: { container: 'a' } });
  expect(stats?.cpu?.usageCoreNanoSeconds?.value).toBeGreaterThan(0);
  expect(stats?.memory?.workingSetBytes?.value).toBeGreaterThan(1024 * 1024);
  const listed = await cri.runtime.listContainerStats({ filter: { podSandboxId } });
  expect(listed.stats.map((s) => s.attributes?.id).sort()).toEqual([a, b].sort());
  const pod = (await cri.runtime.podSandboxStats({ podSandboxId })).stats!;
  const sum = listed.stats.reduce((total, s) => total + s.memory!.workingSetBytes!.value, 0);
  expect(pod.linux?.memory?.workingSetBytes?.value).toBeGreaterThan(sum);
  expect(pod.linux?.containers).toHaveLength(2);
  expect(pod.linux?.process?.processCount?.value).toBe(3);
  expect((await cri.runtime.listPodSandboxStats({ filter: { id: podSandboxId } })).stats).toHaveLength(1);
});

test('images: a fixed set, pulls of any other reference, configured pull failures, removal, fs info', async () => {
  const names = (await cri.image.listImages({})).images.flatMap((image) => image.repoTags);
  expect(names).toEqual(expect.arrayContaining(['docker.io/library/busybox:latest', 'registry.k8s.io/pause:3.10']));
  expect((await cri.image.imageStatus({ image: { image: 'registry.example/app:v2' } })).image).toBeNull();
  const { imageRef } = await cri.image.pullImage({ image: { image: 'registry.example/app:v2' } });
  const pulled = (await cri.image.imageStatus({ image: { image: 'registry.example/app:v2' } })).image;
  expect(pulled).toMatchObject({ id: imageRef, repoTags: ['registry.example/app:v2'] });
  expect(pulled?.size).toBeGreaterThan(0);
  await expect(cri.image.pullImage({ image: { image: 'does-not-exist:v1' } })).rejects.toThrow(/failed to pull and unpack image "docker.io\/library\/does-not-exist:v1"/);
  await cri.image.removeImage({ image: { image: imageRef } });
  expect((await cri.image.imageStatus({ image: { image: 'registry.example/app:v2' } })).image).toBeNull();
  const fs = await cri.image.imageFsInfo({});
  expect(fs.imageFilesystems[0].usedBytes?.value).toBeGreaterThan(0);
  expect((await cri.runtime.status({})).status?.conditions.map((c) => [c.type, c.status])).toEqual([['RuntimeReady', true], ['NetworkReady', true]]);
});

test('a call fails at its deadline while the runtime is down, and the client reconnects when it is back', async () => {
  const path = join(dir, 'restart.sock');
  let restarted = await CriServer.listen(new simulator.SimulatedRuntime(), path);
  const client = new CriClient(path, { timeoutMs: 5_000 });
  try {
    expect((await client.runtime.version({})).runtimeName).toBe('kubets-simulator');
    restarted.close();
    await expect(client.runtime.version({}, { timeoutMs: 300 })).rejects.toMatchObject({ code: grpcStatus.DEADLINE_EXCEEDED });
    const waiting = client.runtime.listPodSandbox({});
    await sleep(200);
    restarted = await CriServer.listen(new simulator.SimulatedRuntime(), path);
    expect((await waiting).items).toEqual([]);
    expect((await client.runtime.version({})).runtimeApiVersion).toBe('v1');
  } finally {
    client.close();
    restarted.close();
  }
});

test('in-process, the simulator answers with exactly the shapes gRPC gives', async () => {
  const local = inProcessCri(runtime);
  const { podSandboxId } = await runPod(local);
  const overGrpc = await cri.runtime.podSandboxStatus({ podSandboxId });
  expect(await local.runtime.podSandboxStatus({ podSandboxId })).toEqual(overGrpc);
  const containerId = await startContainer(podSandboxId, 'nginx', [], 'main', local);
  expect(await local.runtime.containerStatus({ containerId })).toEqual(await cri.runtime.containerStatus({ containerId }));
  await expect(local.runtime.containerStatus({ containerId: 'nope' })).rejects.toMatchObject({ code: grpcStatus.NOT_FOUND });
});

test('a simulated node with five running pods costs little memory in-process', async () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  const nodes = 300;
  const runtimes: simulator.SimulatedRuntime[] = [];
  gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < nodes; i++) {
    const node = new simulator.SimulatedRuntime({ podCidr: `10.${200 + (i >> 8)}.${i & 255}.0/24` });
    runtimes.push(node);
    const local = inProcessCri(node);
    for (let p = 0; p < 5; p++) {
      const { podSandboxId } = await local.runtime.runPodSandbox({ config: { metadata: { name: `p${p}`, uid: `u${p}`, namespace: 'default' } } });
      const { containerId } = await local.runtime.createContainer({ podSandboxId, config: { metadata: { name: 'c' }, image: { image: 'registry.k8s.io/pause:3.10' } } });
      await local.runtime.startContainer({ containerId });
    }
  }
  gc?.();
  const perNode = (process.memoryUsage().heapUsed - before) / nodes;
  for (const node of runtimes) node.shutdown();
  // Measured about 23 KiB with gc exposed; without it garbage inflates the figure.
  expect(perNode).toBeLessThan(gc ? 64 * 1024 : 256 * 1024);
});

test('UpdateRuntimeConfig sets the pod CIDR; loops keep logging until the container is stopped', async () => {
  const node = new simulator.SimulatedRuntime();
  const local = inProcessCri(node);
  try {
    await local.runtime.updateRuntimeConfig({ runtimeConfig: { networkConfig: { podCidr: '10.251.7.0/24' } } });
    const { podSandboxId, logDirectory } = await runPod(local);
    expect((await local.runtime.podSandboxStatus({ podSandboxId })).status?.network?.ip).toBe('10.251.7.2');
    const containerId = await startContainer(podSandboxId, 'busybox', ['sh', '-c', 'while true; do echo tick; sleep 0.02; done'], 'loop', local);
    await sleep(150);
    await local.runtime.reopenContainerLog({ containerId });
    await local.runtime.updateContainerResources({ containerId, linux: { memoryLimitInBytes: 128 * 1024 * 1024 } });
    expect((await local.runtime.containerStatus({ containerId })).status?.resources?.linux?.memoryLimitInBytes).toBe(128 * 1024 * 1024);
    await local.runtime.stopContainer({ containerId, timeout: 0 });
    expect((await local.runtime.containerStatus({ containerId })).status).toMatchObject({ state: 'CONTAINER_EXITED', exitCode: 137 });
    await expect(local.runtime.reopenContainerLog({ containerId })).rejects.toThrow(/not running/);
    await sleep(100); // appends already queued land
    const ticks = (await readFile(join(logDirectory, 'loop/0.log'), 'utf8')).trimEnd().split('\n');
    expect(ticks.length).toBeGreaterThan(3);
    expect(ticks.every((line) => / stdout F tick$/.test(line))).toBe(true);
  } finally {
    node.shutdown();
  }
});
