// What the kubelet last wrote for each pod: a digest per volume directory or file (the
// projected files, an emptyDir made, the managed /etc/hosts). A sync whose volumes and files
// come out the same as last time touches no file, as upstream's volume manager sets a volume up
// once and rewrites an API-backed volume only when its content changed. A kubelet that starts
// afresh knows nothing and compares against the disk instead.
import { createHash } from 'node:crypto';
import type { FileSet } from './projection.js';

/** A digest of a set of files: paths, modes and contents. */
export function filesDigest(files: FileSet): string {
  const hash = createHash('sha1');
  for (const [path, file] of files) hash.update(`${path}\0${file.mode}\0${file.content.length}\0`).update(file.content);
  return hash.digest('base64');
}

export class WrittenFiles {
  /** pod UID → path → digest of what was written there */
  private readonly pods = new Map<string, Map<string, string>>();

  /** Whether `path` of the pod was last written with exactly `digest`. */
  unchanged(uid: string, path: string, digest: string): boolean {
    return this.pods.get(uid)?.get(path) === digest;
  }

  record(uid: string, path: string, digest: string): void {
    let paths = this.pods.get(uid);
    if (!paths) this.pods.set(uid, paths = new Map());
    paths.set(path, digest);
  }

  /** The pod's files are gone (or must be checked on disk again). */
  forget(uid: string): void {
    this.pods.delete(uid);
  }
}
