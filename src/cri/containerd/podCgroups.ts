// Removing a pod's cgroup once its sandbox is gone: containerd removes the containers' own
// cgroups but leaves the pod's (the `linux.cgroup_parent` the kubelet gave, cgroupfs style,
// e.g. /kubepods/besteffort/pod<uid>) in every hierarchy: cgroup v1 controllers or the v2 tree.
import { readFileSync } from 'node:fs';
import { readdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The mount points of the machine's cgroup hierarchies (v1 controllers, or the v2 root). */
export function cgroupMounts(): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
    .map((line) => line.split(' '))
    .filter((fields) => {
      const type = fields[fields.indexOf('-') + 1];
      return type === 'cgroup' || type === 'cgroup2';
    })
    .map((fields) => fields[4]);
}

/** The pod's cgroup directories that still exist. */
export function podCgroupPaths(cgroupParent: string): string[] {
  return cgroupMounts().map((mount) => join(mount, cgroupParent)).filter((path) => {
    try {
      readFileSync(join(path, 'cgroup.procs'));
      return true;
    } catch {
      return false;
    }
  });
}

/** Removes a cgroup and the cgroups under it, deepest first; returns the ones still in use. */
async function removeCgroupTree(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
  const busy: string[] = [];
  for (const entry of entries) if (entry.isDirectory()) busy.push(...await removeCgroupTree(join(path, entry.name)));
  await rmdir(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') busy.push(path);
  });
  return busy;
}

/** Removes the pod's cgroup directories; ones still holding processes are left (and named). */
export async function removePodCgroups(cgroupParent: string): Promise<string[]> {
  const busy: string[] = [];
  for (const path of podCgroupPaths(cgroupParent)) busy.push(...await removeCgroupTree(path));
  return busy;
}
