// Removes a pod's cgroup directories (cgroupfs layout, every v1 controller or the v2 unified
// tree) once its containers are gone: containerd leaves the parent it was given in place.
import { readdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';

const CGROUP_ROOT = '/sys/fs/cgroup';

async function removeTree(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) if (entry.isDirectory()) await removeTree(join(dir, entry.name));
  await rmdir(dir).catch(() => undefined);
}

export async function removePodCgroups(cgroupParent: string): Promise<void> {
  const controllers = await readdir(CGROUP_ROOT, { withFileTypes: true }).catch(() => []);
  const roots = controllers.some((c) => c.name === 'cgroup.controllers')
    ? [CGROUP_ROOT]
    : controllers.filter((c) => c.isDirectory()).map((c) => join(CGROUP_ROOT, c.name));
  await Promise.all(roots.map((root) => removeTree(join(root, cgroupParent))));
}
