// An OCI image layout archive (what `ctr images import` reads) of a one-layer image: the layer
// tar, the image config, the manifest, `index.json` naming the image through the
// `io.containerd.image.name` annotation, and `oci-layout`. Digests are sha256 of the bytes.
import { createHash } from 'node:crypto';
import { tarArchive, type TarEntry } from './tarArchive.js';

export interface OciImageSpec {
  /** The full reference the runtime will know it by, e.g. `docker.io/library/busybox:latest`. */
  name: string;
  /** The root filesystem's entries. */
  rootfs: TarEntry[];
  cmd?: string[];
  entrypoint?: string[];
  env?: string[];
  workingDir?: string;
}

function digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function ociImageArchive(spec: OciImageSpec): Buffer {
  const layer = tarArchive(spec.rootfs);
  const config = Buffer.from(JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: {
      Env: spec.env ?? ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      ...(spec.cmd ? { Cmd: spec.cmd } : {}),
      ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
      ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
    },
    rootfs: { type: 'layers', diff_ids: [digest(layer)] },
  }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digest(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: digest(layer), size: layer.length }],
  }));
  const tag = spec.name.slice(spec.name.lastIndexOf(':') + 1);
  const index = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    manifests: [{
      mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: digest(manifest), size: manifest.length,
      annotations: { 'io.containerd.image.name': spec.name, 'org.opencontainers.image.ref.name': tag },
    }],
  }));
  const blob = (bytes: Buffer): TarEntry => ({ type: 'file', path: `blobs/sha256/${digest(bytes).slice(7)}`, content: bytes });
  return tarArchive([
    { type: 'file', path: 'oci-layout', content: Buffer.from('{"imageLayoutVersion":"1.0.0"}') },
    { type: 'directory', path: 'blobs' },
    { type: 'directory', path: 'blobs/sha256' },
    blob(layer), blob(config), blob(manifest),
    { type: 'file', path: 'index.json', content: index },
  ]);
}
