// The `kubets.io/local-path` provisioner: a claim's volume is a directory under the controller
// manager's volume directory (`pvc-<claim uid>_<namespace>_<name>`), served to pods as a
// hostPath PersistentVolume (the kubelet creates the directory on first mount) pinned to the
// selected node by node affinity, or usable on any node for an Immediate claim on one machine.
// Deleting such a volume removes its directory.
import type { V1PersistentVolume, V1PersistentVolumeClaim, V1StorageClass } from '@kubernetes/client-node';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HOSTNAME_LABEL } from './volumeMatching.js';

export const LOCAL_PATH_PROVISIONER = 'kubets.io/local-path';
export const PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';

export function provisionedVolume(directory: string, claim: V1PersistentVolumeClaim, storageClass: V1StorageClass, node: string | undefined): V1PersistentVolume {
  const { namespace, name, uid } = claim.metadata!;
  const volumeName = `pvc-${uid}`;
  return {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name: volumeName, annotations: { [PROVISIONED_BY]: LOCAL_PATH_PROVISIONER } },
    spec: {
      capacity: { storage: claim.spec?.resources?.requests?.storage ?? '1Gi' },
      accessModes: claim.spec?.accessModes,
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      storageClassName: storageClass.metadata!.name,
      persistentVolumeReclaimPolicy: storageClass.reclaimPolicy ?? 'Delete',
      ...(storageClass.mountOptions ? { mountOptions: storageClass.mountOptions } : {}),
      hostPath: { path: join(directory, `${volumeName}_${namespace}_${name}`), type: 'DirectoryOrCreate' },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name, uid },
      ...(node ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'In', values: [node] }] }] } } } : {}),
    },
  };
}

/** Removes a provisioned volume's directory; only paths under `directory` are touched. */
export async function deleteProvisionedDirectory(directory: string, volume: V1PersistentVolume): Promise<void> {
  const path = volume.spec?.hostPath?.path;
  if (!path || !path.startsWith(`${directory}/`)) throw new Error(`volume ${volume.metadata?.name} is not under ${directory}`);
  await rm(path, { recursive: true, force: true });
}
