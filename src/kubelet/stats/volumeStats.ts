// The pod's volumes that live on the node's disk (emptyDir, configMap, secret, downwardAPI,
// projected: `pods/<uid>/volumes/kubernetes.io~<plugin>/<name>` under the kubelet's root), with
// the bytes and inodes their files use. Where cheap: a volume of more than MAX_ENTRIES files
// is left out rather than walked on every request.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { podDirectory } from '../volumes/podVolumes.js';
import type { FsSize } from './hostUsage.js';
import type { VolumeStats } from './summaryTypes.js';

const MAX_ENTRIES = 10_000;

/** Bytes and inodes under `path`, or undefined past `budget.left` entries. */
async function treeUsage(path: string, budget: { left: number }): Promise<{ bytes: number; inodes: number } | undefined> {
  const info = await lstat(path).catch(() => undefined);
  if (!info) return { bytes: 0, inodes: 0 };
  if (--budget.left < 0) return undefined;
  if (!info.isDirectory()) return { bytes: info.size, inodes: 1 };
  const total = { bytes: info.size, inodes: 1 };
  for (const name of await readdir(path).catch(() => [] as string[])) {
    const child = await treeUsage(join(path, name), budget);
    if (!child) return undefined;
    total.bytes += child.bytes;
    total.inodes += child.inodes;
  }
  return total;
}

export async function volumeStats(rootDir: string, uid: string, fs: FsSize | undefined): Promise<VolumeStats[]> {
  const volumes = join(podDirectory(rootDir, uid), 'volumes');
  const plugins = (await readdir(volumes).catch(() => [] as string[])).filter((p) => p.startsWith('kubernetes.io~'));
  const found = await Promise.all(plugins.map(async (plugin) => {
    const names = await readdir(join(volumes, plugin)).catch(() => [] as string[]);
    return Promise.all(names.map(async (name): Promise<VolumeStats | undefined> => {
      const usage = await treeUsage(join(volumes, plugin, name), { left: MAX_ENTRIES });
      if (!usage) return undefined;
      return {
        name, time: new Date().toISOString(),
        ...(fs ? { capacityBytes: fs.capacityBytes, availableBytes: fs.availableBytes, inodes: fs.inodes, inodesFree: fs.inodesFree } : {}),
        usedBytes: usage.bytes, inodesUsed: usage.inodes,
      };
    }));
  }));
  return found.flat().filter((v) => v !== undefined).sort((a, b) => a.name.localeCompare(b.name));
}
