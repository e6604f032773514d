// A pod's volumes on the node, in upstream's directory layout under the kubelet's root
// (`pods/<uid>/volumes/kubernetes.io~<plugin>/<name>`): emptyDir directories (tmpfs mounts for
// medium Memory, on real nodes), the files of
// configMap, secret, downwardAPI and projected volumes (projected on every sync and rewritten
// atomically when their content changed, so ConfigMap and Secret updates reach running
// containers; unchanged volumes cost no file call), hostPath with its type checks, and a
// persistentVolumeClaim resolved to its bound PersistentVolume's local or hostPath directory.
import type { V1PersistentVolume, V1PersistentVolumeClaim, V1Pod, V1Volume } from '@kubernetes/client-node';
import { mkdir, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeAllocatable } from '../containers/environment.js';
import { Quantity } from '../../api/quantity.js';
import { writeAtomically } from './atomicWriter.js';
import { mountTmpfs } from './tmpfs.js';
import { projectVolume, VolumeSetupError, type VolumeSources } from './projection.js';
import { filesDigest, type WrittenFiles } from './writtenFiles.js';

export interface ClaimSources {
  persistentVolumeClaim(namespace: string, name: string): Promise<V1PersistentVolumeClaim | undefined>;
  persistentVolume(name: string): Promise<V1PersistentVolume | undefined>;
}

const plugin = (volume: V1Volume): string | undefined => {
  if (volume.emptyDir) return 'empty-dir';
  if (volume.configMap) return 'configmap';
  if (volume.secret) return 'secret';
  if (volume.downwardAPI) return 'downward-api';
  if (volume.projected) return 'projected';
  return undefined;
};

async function kindOf(path: string): Promise<'directory' | 'file' | 'socket' | 'char' | 'block' | undefined> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) return 'directory';
    if (s.isSocket()) return 'socket';
    if (s.isCharacterDevice()) return 'char';
    if (s.isBlockDevice()) return 'block';
    return 'file';
  } catch {
    return undefined;
  }
}

/** hostPath's `type` checks, with upstream's messages. */
async function hostPath(path: string, type: string | undefined): Promise<string> {
  const kind = await kindOf(path);
  const fail = (what: string) => new VolumeSetupError(`hostPath type check failed: ${path} is not a ${what}`);
  switch (type ?? '') {
    case '': return path;
    case 'DirectoryOrCreate':
      if (!kind) await mkdir(path, { recursive: true, mode: 0o755 });
      else if (kind !== 'directory') throw fail('directory');
      return path;
    case 'Directory': if (kind !== 'directory') throw fail('directory'); return path;
    case 'FileOrCreate':
      if (!kind) await (await open(path, 'a', 0o644)).close();
      else if (kind !== 'file') throw fail('file');
      return path;
    case 'File': if (kind !== 'file') throw fail('file'); return path;
    case 'Socket': if (kind !== 'socket') throw fail('socket'); return path;
    case 'CharDevice': if (kind !== 'char') throw fail('character device'); return path;
    case 'BlockDevice': if (kind !== 'block') throw fail('block device'); return path;
    default: throw new VolumeSetupError(`hostPath type ${type} is not supported`);
  }
}

async function claimPath(pod: V1Pod, claimName: string, sources: ClaimSources): Promise<string> {
  const claim = await sources.persistentVolumeClaim(pod.metadata!.namespace!, claimName);
  if (!claim) throw new VolumeSetupError(`persistentvolumeclaim "${claimName}" not found`);
  const volumeName = claim.spec?.volumeName;
  if (!volumeName || claim.status?.phase !== 'Bound') throw new VolumeSetupError(`persistentvolumeclaim "${claimName}" is not bound`);
  const volume = await sources.persistentVolume(volumeName);
  const path = volume?.spec?.local?.path ?? volume?.spec?.hostPath?.path;
  if (!path) throw new VolumeSetupError(`persistentvolume "${volumeName}" has no local or hostPath source this node can mount`);
  if (volume?.spec?.hostPath) return hostPath(path, volume.spec.hostPath.type ?? 'DirectoryOrCreate');
  return path;
}

export function podDirectory(root: string, uid: string): string {
  return join(root, 'pods', uid);
}

/** Sets every volume of the pod up (again), returning each volume's directory on the node;
 * `written` remembers what is set up already. */
export async function setUpPodVolumes(
  root: string, pod: V1Pod, sources: VolumeSources & ClaimSources, node: NodeAllocatable, mountTmpfsVolumes: boolean, written: WrittenFiles,
): Promise<Map<string, string>> {
  const paths = new Map<string, string>();
  const uid = pod.metadata!.uid!;
  for (const volume of pod.spec?.volumes ?? []) {
    try {
      const kind = plugin(volume);
      if (kind) {
        const dir = join(podDirectory(root, uid), 'volumes', `kubernetes.io~${kind}`, volume.name);
        const files = await projectVolume(pod, volume, sources, node);
        const digest = files ? filesDigest(files) : 'directory';
        if (!written.unchanged(uid, dir, digest)) {
          if (files) await writeAtomically(dir, files);
          else await mkdir(dir, { recursive: true, mode: 0o777 });
          if (volume.emptyDir?.medium === 'Memory' && mountTmpfsVolumes) {
            const limit = volume.emptyDir.sizeLimit;
            await mountTmpfs(dir, limit === undefined ? undefined : Number(Quantity.parse(String(limit)).value()));
          }
          written.record(uid, dir, digest);
        }
        paths.set(volume.name, dir);
      } else if (volume.hostPath) {
        paths.set(volume.name, await hostPath(volume.hostPath.path, volume.hostPath.type));
      } else if (volume.persistentVolumeClaim) {
        paths.set(volume.name, await claimPath(pod, volume.persistentVolumeClaim.claimName, sources));
      } else {
        // nfs, iscsi, csi, ...: this node has no plugin for them, as upstream says.
        throw new VolumeSetupError('no volume plugin matched');
      }
    } catch (error) {
      if (error instanceof VolumeSetupError) error.volume ??= volume.name;
      throw error;
    }
  }
  return paths;
}
