// The CRI client and kubets' declarations against REAL containerd (Debian's, started by the test
// under a temporary dir with kubets' own config, images built from busybox-static): a pod
// sandbox with busybox httpd serving a page on its pod IP, ExecSync, env values as bytes, exit
// codes, CRI-format logs, stats, a containerd crash the supervisor restarts (the pod keeps
// running), then stop, removal and the pod's cgroup cleanup.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { containerd } from '../../src/cri/index.js';
import { TestContainerd } from '../helpers/containerd.js';

let node: TestContainerd;
let logRoot: string;

beforeAll(async () => {
  node = await TestContainerd.start();
  logRoot = await mkdtemp(join(tmpdir(), 'kubets-ctrd-logs-'));
}, 60_000);

afterAll(async () => {
  await node?.stop();
  if (logRoot) await rm(logRoot, { recursive: true, force: true });
});

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks).toString()));
    }).on('error', reject);
  });
}

async function eventually<T>(what: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await what();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

test('containerd answers Version and Status, and has the pause and busybox images', async () => {
  const { cri } = node;
  expect(await cri.runtime.version({})).toMatchObject({ runtimeName: 'containerd', runtimeApiVersion: 'v1' });
  const { status } = await cri.runtime.status({});
  expect(status?.conditions.map((c) => [c.type, c.status])).toEqual(expect.arrayContaining([['RuntimeReady', true], ['NetworkReady', true]]));
  const tags = (await cri.image.listImages({})).images.flatMap((image) => image.repoTags);
  expect(tags).toEqual(expect.arrayContaining([containerd.pauseImage, containerd.busyboxImage]));
  expect((await cri.image.imageStatus({ image: { image: 'busybox' } })).image?.repoTags).toEqual([containerd.busyboxImage]);
  await expect(cri.image.pullImage({ image: { image: 'does-not-exist.invalid/x:1' } }, { timeoutMs: 20_000 })).rejects.toThrow(/failed to pull and unpack image/);
});

test('a busybox httpd pod: pod IP, HTTP, exec, env, exit codes, logs, stats, a containerd crash, stop, remove, cgroups', async () => {
  const { cri } = node;
  const uid = `uid-${process.pid}`;
  const cgroupParent = `/kubepods/besteffort/pod${uid}`;
  const logDirectory = join(logRoot, `default_web_${uid}`);
  const sandboxConfig = {
    metadata: { name: 'web', uid, namespace: 'default', attempt: 0 },
    hostname: 'web',
    logDirectory,
    labels: { 'io.kubernetes.pod.name': 'web' },
    linux: { cgroupParent, securityContext: { namespaceOptions: { network: 'POD' as const, pid: 'CONTAINER' as const, ipc: 'POD' as const } } },
  };
  const { podSandboxId } = await cri.runtime.runPodSandbox({ config: sandboxConfig });
  const sandbox = (await cri.runtime.podSandboxStatus({ podSandboxId })).status!;
  expect(sandbox.state).toBe('SANDBOX_READY');
  const ip = sandbox.network!.ip;
  expect(ip).toMatch(/^10\.1\d\d\.0\.\d+$/);

  const { containerId } = await cri.runtime.createContainer({
    podSandboxId,
    sandboxConfig,
    config: {
      metadata: { name: 'httpd' },
      image: { image: containerd.busyboxImage },
      command: ['sh', '-c', 'mkdir -p /www && echo "$GREETING from kubets" > /www/index.html && echo serving on 8080 && exec httpd -f -p 8080 -h /www'],
      envs: [{ key: 'GREETING', value: Buffer.from('hello') }],
      logPath: 'httpd/0.log',
      linux: { resources: { memoryLimitInBytes: 64 * 1024 * 1024, cpuShares: 2 } },
    },
  });
  await cri.runtime.startContainer({ containerId });
  expect((await cri.runtime.containerStatus({ containerId })).status?.state).toBe('CONTAINER_RUNNING');

  expect(await eventually(() => httpGet(`http://${ip}:8080/`))).toBe('hello from kubets\n');

  const hostname = await cri.runtime.execSync({ containerId, cmd: ['cat', '/etc/hostname'], timeout: 10 });
  expect(hostname.exitCode).toBe(0);
  expect(hostname.stdout.toString()).toBe('web\n');
  expect((await cri.runtime.execSync({ containerId, cmd: ['sh', '-c', 'echo $GREETING; exit 3'], timeout: 10 }))).toMatchObject({ exitCode: 3 });
  expect((await cri.runtime.execSync({ containerId, cmd: ['sh', '-c', 'echo $GREETING'], timeout: 10 })).stdout.toString()).toBe('hello\n');
  // Streams are URLs on containerd's own stream server, on loopback.
  expect((await cri.runtime.exec({ containerId, cmd: ['sh'], stdin: true, stdout: true, tty: false })).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/exec\/\S+$/);
  expect((await cri.runtime.attach({ containerId, stdout: true })).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/attach\/\S+$/);
  expect((await cri.runtime.portForward({ podSandboxId, port: [8080] })).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/portforward\/\S+$/);

  const { containerId: failing } = await cri.runtime.createContainer({
    podSandboxId, sandboxConfig,
    config: { metadata: { name: 'failing' }, image: { image: 'busybox' }, command: ['sh', '-c', 'echo bye >&2; exit 7'], logPath: 'failing/0.log' },
  });
  await cri.runtime.startContainer({ containerId: failing });
  const exited = await eventually(async () => {
    const { status } = await cri.runtime.containerStatus({ containerId: failing });
    if (status?.state !== 'CONTAINER_EXITED') throw new Error('still running');
    return status;
  });
  expect(exited).toMatchObject({ exitCode: 7, reason: 'Error' });
  expect(await readFile(join(logDirectory, 'failing/0.log'), 'utf8')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+(Z|[+-]\d\d:\d\d) stderr F bye\n$/);
  expect(await readFile(join(logDirectory, 'httpd/0.log'), 'utf8')).toMatch(/ stdout F serving on 8080\n$/);

  const { stats } = await cri.runtime.containerStats({ containerId });
  expect(stats?.attributes?.id).toBe(containerId);
  expect(stats?.memory?.workingSetBytes?.value).toBeGreaterThan(0);
  expect(stats?.cpu?.usageCoreNanoSeconds?.value).toBeGreaterThan(0);
  const podStats = (await cri.runtime.podSandboxStats({ podSandboxId })).stats;
  expect(podStats?.attributes?.id).toBe(podSandboxId);
  expect(podStats?.linux?.memory?.workingSetBytes?.value).toBeGreaterThan(0);
  expect(containerd.podCgroupPaths(cgroupParent).length).toBeGreaterThan(0);

  // containerd dies; its supervisor starts it again; the pod never stopped serving.
  process.kill(node.process.pid!, 'SIGKILL');
  expect(await httpGet(`http://${ip}:8080/`)).toBe('hello from kubets\n');
  // A call that meets the dying connection fails UNAVAILABLE; the client's next ones reach the
  // restarted containerd, which still knows the running container.
  const afterRestart = await eventually(async () => (await cri.runtime.containerStatus({ containerId })).status?.state);
  expect(afterRestart).toBe('CONTAINER_RUNNING');

  await cri.runtime.stopContainer({ containerId, timeout: 2 });
  expect((await cri.runtime.containerStatus({ containerId })).status?.state).toBe('CONTAINER_EXITED');
  await cri.runtime.removeContainer({ containerId });
  await cri.runtime.removeContainer({ containerId: failing });
  await cri.runtime.stopPodSandbox({ podSandboxId });
  await cri.runtime.removePodSandbox({ podSandboxId });
  expect((await cri.runtime.listPodSandbox({ filter: { id: podSandboxId } })).items).toEqual([]);
  expect(await containerd.removePodCgroups(cgroupParent)).toEqual([]);
  expect(containerd.podCgroupPaths(cgroupParent)).toEqual([]);
});
