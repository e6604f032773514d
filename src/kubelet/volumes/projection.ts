// The files of the API-backed volumes, as upstream's volume plugins lay them out: configMap and
// secret volumes (every key, or the listed items; defaultMode 0644 unless given), downwardAPI
// (pod fields, labels and annotations as sorted `key="value"` lines, container resources) and
// projected volumes combining those with a bound service-account token. A missing source that
// is not optional is a VolumeSetupError with upstream's message; the pod then waits in
// ContainerCreating with a FailedMount event, as upstream.
import type {
  V1ConfigMap, V1DownwardAPIVolumeFile, V1KeyToPath, V1Pod, V1Secret, V1Volume,
} from '@kubernetes/client-node';
import { resourceValue, type NodeAllocatable } from '../containers/environment.js';

export class VolumeSetupError extends Error {
  /** The volume that failed, once known. */
  volume?: string;
}

export interface VolumeFile {
  content: Buffer;
  mode: number;
}

/** Relative path → file. */
export type FileSet = Map<string, VolumeFile>;

/** What the kubelet reads from the API server to fill volumes. */
export interface VolumeSources {
  configMap(namespace: string, name: string): Promise<V1ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<V1Secret | undefined>;
  /** A token for the pod's service account, bound to the pod, for `audience` (the API server's when empty). */
  serviceAccountToken(pod: V1Pod, audience: string | undefined, expirationSeconds: number): Promise<string>;
}

const DEFAULT_MODE = 0o644;

function keyedFiles(
  kind: 'configmap' | 'secret', entries: Map<string, Buffer>, items: V1KeyToPath[] | undefined, mode: number, optional: boolean,
): FileSet {
  const files: FileSet = new Map();
  if (!items || items.length === 0) {
    for (const [key, content] of entries) files.set(key, { content, mode });
    return files;
  }
  for (const item of items) {
    const content = entries.get(item.key);
    if (content === undefined) {
      if (optional) continue;
      throw new VolumeSetupError(`${kind} references non-existent config key: ${item.key}`);
    }
    files.set(item.path, { content, mode: item.mode ?? mode });
  }
  return files;
}

const configMapEntries = (map: V1ConfigMap) => new Map<string, Buffer>([
  ...Object.entries(map.data ?? {}).map(([k, v]) => [k, Buffer.from(v)] as [string, Buffer]),
  ...Object.entries(map.binaryData ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')] as [string, Buffer]),
]);
const secretEntries = (secret: V1Secret) => new Map<string, Buffer>(
  Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
);

async function configMapFiles(pod: V1Pod, name: string, items: V1KeyToPath[] | undefined, mode: number, optional: boolean, sources: VolumeSources): Promise<FileSet> {
  const map = await sources.configMap(pod.metadata!.namespace!, name);
  if (!map) {
    if (optional) return new Map();
    throw new VolumeSetupError(`configmap "${name}" not found`);
  }
  return keyedFiles('configmap', configMapEntries(map), items, mode, optional);
}

async function secretFiles(pod: V1Pod, name: string, items: V1KeyToPath[] | undefined, mode: number, optional: boolean, sources: VolumeSources): Promise<FileSet> {
  const secret = await sources.secret(pod.metadata!.namespace!, name);
  if (!secret) {
    if (optional) return new Map();
    throw new VolumeSetupError(`secret "${name}" not found`);
  }
  return keyedFiles('secret', secretEntries(secret), items, mode, optional);
}

/** Labels and annotations as upstream writes them: sorted, one `key="value"` per line. */
export function formatMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {}).sort().map((k) => `${k}=${JSON.stringify(map![k])}`).join('\n');
}

function downwardValue(pod: V1Pod, item: V1DownwardAPIVolumeFile, node: NodeAllocatable): string {
  if (item.resourceFieldRef) {
    const container = pod.spec?.containers.find((c) => c.name === item.resourceFieldRef!.containerName);
    if (!container) throw new VolumeSetupError(`container ${item.resourceFieldRef.containerName} not found`);
    return resourceValue(container, item.resourceFieldRef.resource, item.resourceFieldRef.divisor as string | undefined, node);
  }
  const path = item.fieldRef?.fieldPath ?? '';
  switch (path) {
    case 'metadata.labels': return formatMap(pod.metadata?.labels);
    case 'metadata.annotations': return formatMap(pod.metadata?.annotations);
    case 'metadata.name': return pod.metadata?.name ?? '';
    case 'metadata.namespace': return pod.metadata?.namespace ?? '';
    case 'metadata.uid': return pod.metadata?.uid ?? '';
    default: {
      const keyed = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
      if (keyed) return (keyed[1] === 'labels' ? pod.metadata?.labels : pod.metadata?.annotations)?.[keyed[2]] ?? '';
      throw new VolumeSetupError(`unsupported fieldPath: ${path}`);
    }
  }
}

function downwardFiles(pod: V1Pod, items: V1DownwardAPIVolumeFile[] | undefined, mode: number, node: NodeAllocatable): FileSet {
  return new Map((items ?? []).map((item) => [item.path, { content: Buffer.from(downwardValue(pod, item, node)), mode: item.mode ?? mode }]));
}

/** The files of an API-backed volume, or undefined for volumes that are not (emptyDir, hostPath, ...). */
export async function projectVolume(pod: V1Pod, volume: V1Volume, sources: VolumeSources, node: NodeAllocatable): Promise<FileSet | undefined> {
  if (volume.configMap) {
    const { name, items, defaultMode, optional } = volume.configMap;
    return configMapFiles(pod, name!, items, defaultMode ?? DEFAULT_MODE, optional ?? false, sources);
  }
  if (volume.secret) {
    const { secretName, items, defaultMode, optional } = volume.secret;
    return secretFiles(pod, secretName!, items, defaultMode ?? DEFAULT_MODE, optional ?? false, sources);
  }
  if (volume.downwardAPI) return downwardFiles(pod, volume.downwardAPI.items, volume.downwardAPI.defaultMode ?? DEFAULT_MODE, node);
  if (!volume.projected) return undefined;
  const mode = volume.projected.defaultMode ?? DEFAULT_MODE;
  const files: FileSet = new Map();
  for (const source of volume.projected.sources ?? []) {
    let part: FileSet = new Map();
    if (source.configMap) part = await configMapFiles(pod, source.configMap.name!, source.configMap.items, mode, source.configMap.optional ?? false, sources);
    else if (source.secret) part = await secretFiles(pod, source.secret.name!, source.secret.items, mode, source.secret.optional ?? false, sources);
    else if (source.downwardAPI) part = downwardFiles(pod, source.downwardAPI.items, mode, node);
    else if (source.serviceAccountToken) {
      const { audience, expirationSeconds, path } = source.serviceAccountToken;
      const token = await sources.serviceAccountToken(pod, audience, expirationSeconds ?? 3600);
      part = new Map([[path, { content: Buffer.from(token), mode }]]);
    }
    for (const [path, file] of part) files.set(path, file);
  }
  return files;
}
