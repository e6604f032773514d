// Writes a volume's files so that a reader never sees half an update, in upstream's layout: the
// files live in a timestamped directory `..<time>`, `..data` is a symlink to the current one,
// and each top-level name is a symlink through `..data`. An update writes a new directory and
// swaps `..data` with one rename; unchanged content is not rewritten. A first write makes no
// more calls than the layout needs (no listing, no removal of what cannot be there yet).
import { chmod, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileSet } from './projection.js';

const DATA = '..data';
const DATA_TMP = '..data_tmp';
/** The bits the process's umask takes away from a new file's mode (read once). */
const UMASK = process.umask();

async function sameFiles(dir: string, target: string, files: FileSet): Promise<boolean> {
  const existing = await readdir(join(dir, target), { recursive: true, withFileTypes: true }).catch(() => undefined);
  if (!existing || existing.filter((e) => e.isFile()).length !== files.size) return false;
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

/** A symlink at `path` to `target`, replacing whatever is there. */
async function forceSymlink(target: string, path: string): Promise<void> {
  try {
    await symlink(target, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await rm(path, { force: true, recursive: true });
    await symlink(target, path);
  }
}

/** Brings `dir` to exactly `files`; returns whether anything changed. */
export async function writeAtomically(dir: string, files: FileSet): Promise<boolean> {
  // A directory made just now holds nothing to compare with or replace.
  const made = await mkdir(dir, { recursive: true });
  const previous = made === undefined ? await readlink(join(dir, DATA)).catch(() => undefined) : undefined;
  if (previous !== undefined && await sameFiles(dir, previous, files)) return false;
  const next = stamp();
  await mkdir(join(dir, next));
  const subdirectories = new Set([...files.keys()].map((path) => dirname(path)).filter((d) => d !== '.'));
  for (const sub of subdirectories) await mkdir(join(dir, next, sub), { recursive: true });
  for (const [path, file] of files) {
    const target = join(dir, next, path);
    await writeFile(target, file.content, { mode: file.mode });
    if (file.mode & UMASK) await chmod(target, file.mode);
  }
  await forceSymlink(next, join(dir, DATA_TMP));
  await rename(join(dir, DATA_TMP), join(dir, DATA));
  const topLevel = new Set([...files.keys()].map((p) => p.split('/')[0]));
  if (previous !== undefined) {
    for (const entry of await readdir(dir)) {
      if (!entry.startsWith('..') && !topLevel.has(entry)) await rm(join(dir, entry), { force: true, recursive: true });
    }
  }
  for (const name of topLevel) await symlink(join(DATA, name), join(dir, name)).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
  if (previous !== undefined) await rm(join(dir, previous), { recursive: true, force: true });
  return true;
}
