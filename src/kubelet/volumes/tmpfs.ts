// emptyDir volumes of medium Memory are tmpfs mounts, sized by their sizeLimit (upstream's
// default without one is the node's memory; the kernel's own default, half of RAM, is used
// here); a pod's mounts are unmounted before its directory is removed.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Mount points at or under `dir`, deepest first. */
async function mountsUnder(dir: string): Promise<string[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  return info.split('\n').map((line) => line.split(' ')[4]).filter((m): m is string => m === dir || (m?.startsWith(`${dir}/`) ?? false))
    .sort((a, b) => b.length - a.length);
}

export async function mountTmpfs(dir: string, sizeBytes: number | undefined): Promise<void> {
  if ((await mountsUnder(dir)).includes(dir)) return;
  const options = ['mode=0777', ...(sizeBytes ? [`size=${sizeBytes}`] : [])].join(',');
  await run('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
}

export async function unmountUnder(dir: string): Promise<void> {
  for (const mount of await mountsUnder(dir)) await run('umount', ['-l', mount]).catch(() => undefined);
}
