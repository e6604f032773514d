// Image references as container runtimes read them: a name without a registry is on
// docker.io, a single-component Docker Hub name is under library/, and a reference with
// neither tag nor digest means :latest (`busybox` → `docker.io/library/busybox:latest`).

export function normalizeImageReference(reference: string): string {
  const [name, digest] = reference.split('@') as [string, string | undefined];
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  let full = hasRegistry ? name : `docker.io/${slash < 0 ? `library/${name}` : name}`;
  if (full.startsWith('docker.io/') && !full.slice('docker.io/'.length).includes('/')) {
    full = `docker.io/library/${full.slice('docker.io/'.length)}`;
  }
  if (digest) return `${full}@${digest}`;
  const lastSegment = full.slice(full.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? full : `${full}:latest`;
}
