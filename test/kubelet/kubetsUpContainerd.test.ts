// `kubets up --runtime containerd` as a user runs it: the node runs pods in its own containerd
// (started under the data dir with the busybox images built in), `kubectl run --image=busybox`
// works as typed, and `kubets image import FILE` makes a user's image archive runnable.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { busyboxImageSpecs } from '../../src/cri/containerd/busyboxImages.js';
import { ociImageArchive } from '../../src/cri/containerd/ociImage.js';
import { removeContainerdLeftovers } from '../helpers/containerd.js';
import { eventually, Kubectl } from '../helpers/kubectl.js';
import { freePort, startKubets, type KubetsProcess } from '../helpers/kubetsProcess.js';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../src/cli/kubets.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'kt-up-'));
let kubets: KubetsProcess;
let kubectl: Kubectl;

beforeAll(async () => {
  kubets = await startKubets(dataDir, await freePort(), ['--runtime', 'containerd']);
  kubectl = new Kubectl('1.33', kubets.kubeconfig);
  await eventually(async () => /\sReady\s/.test((await kubectl.run(['get', 'node', 'kubets-node-1', '--no-headers'])).stdout), 60_000);
}, 90_000);

afterAll(async () => {
  await kubectl?.run(['delete', 'pods', '--all', '--timeout=30s']);
  await kubets?.stop();
  removeContainerdLeftovers(join(dataDir, 'containerd', 'containerd.sock'), dataDir, 'kubets0');
  rmSync(dataDir, { recursive: true, force: true });
}, 90_000);

const podStatus = async (name: string) => JSON.parse(await kubectl.ok(['get', 'pod', name, '-o', 'json'])) as {
  status: { phase: string; podIP?: string; containerStatuses?: { imageID: string; image: string }[] };
};

test('the node reports containerd and runs `kubectl run --image=busybox`', async () => {
  const node = JSON.parse(await kubectl.ok(['get', 'node', 'kubets-node-1', '-o', 'json'])) as { status: { nodeInfo: { containerRuntimeVersion: string }; images: { names: string[] }[] } };
  expect(node.status.nodeInfo.containerRuntimeVersion).toMatch(/^containerd:\/\//);
  expect(node.status.images.flatMap((i) => i.names)).toContain('docker.io/library/busybox:latest');
  await kubectl.ok(['run', 'web', '--image=busybox', '--overrides={"spec":{"nodeName":"kubets-node-1"}}', '--',
    'sh', '-c', 'mkdir -p /www && echo served by kubets > /www/index.html && exec httpd -f -p 8080 -h /www']);
  await kubectl.ok(['wait', '--for=condition=Ready', 'pod/web', '--timeout=60s']);
  const { status } = await podStatus('web');
  const response = await fetch(`http://${status.podIP}:8080/`);
  expect(await response.text()).toBe('served by kubets\n');
}, 90_000);

test('kubets image import makes an image archive runnable', async () => {
  const [, busybox] = await busyboxImageSpecs();
  const archive = join(dataDir, 'greeter.tar');
  writeFileSync(archive, ociImageArchive({
    name: 'docker.io/example/greeter:1.0',
    rootfs: [...busybox.rootfs, { type: 'file', path: 'greeting', content: Buffer.from('hi\n'), mode: 0o644 }],
    cmd: ['sh', '-c', 'cat /greeting; exec sleep 3600'],
  }));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', CLI, 'image', 'import', archive, '--data-dir', dataDir]);
  expect(stdout).toContain('imported');
  await kubectl.ok(['run', 'greeter', '--image=example/greeter:1.0', '--overrides={"spec":{"nodeName":"kubets-node-1"}}']);
  await kubectl.ok(['wait', '--for=condition=Ready', 'pod/greeter', '--timeout=60s']);
  expect((await podStatus('greeter')).status.containerStatuses?.[0].image).toBe('example/greeter:1.0');
}, 90_000);
