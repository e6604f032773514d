// The images a kubets node on real containerd has without any registry: the pause image
// (docker.io/local/pause:1, a shell loop that sleeps until TERM) and busybox
// (docker.io/library/busybox:latest, so `--image=busybox` works as users type it), both made
// of the machine's statically linked /bin/busybox and its applets, imported with
// `ctr images import` into the k8s.io namespace the CRI reads when they are not there yet.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ImageService } from '../services.js';
import { pauseImage, type ContainerdLayout } from './config.js';
import { ociImageArchive, type OciImageSpec } from './ociImage.js';
import { busyboxPath } from './prerequisites.js';
import type { TarEntry } from './tarArchive.js';

const run = promisify(execFile);

export const busyboxImage = 'docker.io/library/busybox:latest';

const pauseScript = `#!/bin/sh
trap 'exit 0' TERM INT
while :; do sleep 86400 & wait $!; done
`;

async function busyboxRootfs(): Promise<TarEntry[]> {
  const { stdout } = await run(busyboxPath, ['--list-full']);
  const applets = stdout.split('\n').filter((line) => line && line !== 'bin/busybox');
  const dirs = ['bin', 'sbin', 'usr', 'usr/bin', 'usr/sbin', 'etc', 'dev', 'proc', 'sys', 'root', 'home', 'var', 'var/www', 'run'];
  return [
    ...dirs.map((path): TarEntry => ({ type: 'directory', path })),
    { type: 'directory', path: 'tmp', mode: 0o1777 },
    { type: 'file', path: 'bin/busybox', content: readFileSync(busyboxPath), mode: 0o755 },
    ...applets.map((path): TarEntry => ({ type: 'symlink', path, target: '/bin/busybox' })),
    { type: 'file', path: 'etc/passwd', content: Buffer.from('root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n') },
    { type: 'file', path: 'etc/group', content: Buffer.from('root:x:0:\nnobody:x:65534:\n') },
  ];
}

export async function busyboxImageSpecs(): Promise<OciImageSpec[]> {
  const rootfs = await busyboxRootfs();
  return [
    { name: pauseImage, rootfs: [...rootfs, { type: 'file', path: 'pause', content: Buffer.from(pauseScript), mode: 0o755 }], cmd: ['/pause'] },
    { name: busyboxImage, rootfs, cmd: ['sh'] },
  ];
}

/** Imports an OCI or docker archive file into containerd's k8s.io namespace. */
export async function importImageArchive(layout: ContainerdLayout, file: string): Promise<void> {
  await run('ctr', ['-a', layout.socketPath, '-n', 'k8s.io', 'images', 'import', file], { maxBuffer: 16 * 1024 * 1024 });
}

/** Builds and imports the pause and busybox images that the runtime does not have yet. */
export async function ensureBusyboxImages(layout: ContainerdLayout, images: ImageService): Promise<void> {
  const missing: OciImageSpec[] = [];
  for (const spec of await busyboxImageSpecs()) {
    if (!(await images.imageStatus({ image: { image: spec.name } })).image) missing.push(spec);
  }
  if (missing.length === 0) return;
  const dir = join(layout.dataDir, 'image-archives');
  await mkdir(dir, { recursive: true });
  for (const spec of missing) {
    const file = join(dir, `${spec.name.replace(/[^\w.-]+/g, '_')}.tar`);
    await writeFile(file, ociImageArchive(spec));
    await importImageArchive(layout, file);
    await rm(file, { force: true });
  }
}
