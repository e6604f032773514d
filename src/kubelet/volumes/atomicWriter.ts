// Writes a volume's files so that a reader never sees half an update, in upstream's layout: the
// files live in a timestamped directory `..<time>`, `..data` is a symlink to the current one,
// and each top-level name is a symlink through `..data`. An update writes a new directory and
// swaps `..data` with one rename; unchanged content is not rewritten.
import { chmod, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileSet } from './projection.js';

const DATA = '..data';

async function currentFiles(dir: string, files: FileSet): Promise<boolean> {
  let target: string;
  try {
    target = await readlink(join(dir, DATA));
  } catch {
    return false;
  }
  const existing = await readdir(join(dir, target), { recursive: true, withFileTypes: true });
  if (existing.filter((e) => e.isFile()).length !== files.size) return false;
  for (const [path, file] of files) {
    try {
      if (!(await readFile(join(dir, target, path))).equals(file.content)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function stamp(): string {
  const now = new Date().toISOString().replace(/[-:]/g, '_').replace('T', '_').replace('Z', '');
  return `..${now}${process.hrtime.bigint() % 1000000n}`;
}

/** Brings `dir` to exactly `files`; returns whether anything changed. */
export async function writeAtomically(dir: string, files: FileSet): Promise<boolean> {
  await mkdir(dir, { recursive: true });
  if (await currentFiles(dir, files)) return false;
  const previous = await readlink(join(dir, DATA)).catch(() => undefined);
  const next = stamp();
  for (const [path, file] of files) {
    const target = join(dir, next, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
    await chmod(target, file.mode);
  }
  await mkdir(join(dir, next), { recursive: true });
  await rm(join(dir, '..data_tmp'), { force: true });
  await symlink(next, join(dir, '..data_tmp'));
  await rename(join(dir, '..data_tmp'), join(dir, DATA));
  const topLevel = new Set([...files.keys()].map((p) => p.split('/')[0]));
  for (const entry of await readdir(dir)) {
    if (!entry.startsWith('..') && !topLevel.has(entry)) await rm(join(dir, entry), { force: true, recursive: true });
  }
  for (const name of topLevel) await symlink(join(DATA, name), join(dir, name)).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
  if (previous) await rm(join(dir, previous), { recursive: true, force: true });
  return true;
}
