// The other core/v1 defaults: Secret (type Opaque; stringData is write-only and merges into
// data, as the v1 conversion does), Namespace (the kubernetes.io/metadata.name label, phase
// Active), PersistentVolume (Retain, Filesystem, phase Pending), PersistentVolumeClaim
// (Filesystem, phase Pending), Endpoints ports (TCP).
import type { Namespace, PersistentVolume, PersistentVolumeClaim, Secret } from '../validation/types.js';
import { defaultAzureDisk, defaultPersistentVolumeClaimSpec } from './podDefaults.js';

type Obj = Record<string, unknown>;

export function defaultSecret(secret: Secret): void {
  if (!secret.type) secret.type = 'Opaque';
  const stringData = (secret as Obj)['stringData'] as Record<string, string> | undefined;
  if (stringData && typeof stringData === 'object') {
    const data = (secret.data ??= {});
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  }
  delete (secret as Obj)['stringData'];
}

export function defaultNamespace(ns: Namespace): void {
  const name = ns.metadata?.name;
  if (name) {
    const meta = ns.metadata!;
    meta.labels = { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': name };
  }
  ns.status ??= {};
  if (!ns.status.phase) ns.status.phase = 'Active';
}

export function defaultPersistentVolume(pv: PersistentVolume): void {
  pv.status ??= {};
  if (!pv.status.phase) pv.status.phase = 'Pending';
  const spec = (pv.spec ??= {});
  if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = 'Retain';
  if (spec.volumeMode === undefined || spec.volumeMode === null) spec.volumeMode = 'Filesystem';
  const s = spec as Obj;
  const hostPath = s['hostPath'] as Obj | undefined;
  if (hostPath && (hostPath['type'] === undefined || hostPath['type'] === null)) hostPath['type'] = '';
  const rbd = s['rbd'] as Obj | undefined;
  if (rbd) {
    if (!rbd['pool']) rbd['pool'] = 'rbd';
    if (!rbd['user']) rbd['user'] = 'admin';
    if (!rbd['keyring']) rbd['keyring'] = '/etc/ceph/keyring';
  }
  const iscsi = s['iscsi'] as Obj | undefined;
  if (iscsi && !iscsi['iscsiInterface']) iscsi['iscsiInterface'] = 'default';
  const azureDisk = s['azureDisk'] as Obj | undefined;
  if (azureDisk) defaultAzureDisk(azureDisk);
  const scaleIO = s['scaleIO'] as Obj | undefined;
  if (scaleIO) {
    if (!scaleIO['storageMode']) scaleIO['storageMode'] = 'ThinProvisioned';
    if (!scaleIO['fsType']) scaleIO['fsType'] = 'xfs';
  }
}

export function defaultPersistentVolumeClaim(pvc: PersistentVolumeClaim): void {
  pvc.status ??= {};
  if (!pvc.status.phase) pvc.status.phase = 'Pending';
  pvc.spec ??= {};
  defaultPersistentVolumeClaimSpec(pvc.spec);
}

export function defaultEndpoints(endpoints: Obj): void {
  for (const subset of (endpoints['subsets'] as Obj[] | undefined) ?? []) {
    for (const port of (subset['ports'] as Obj[] | undefined) ?? []) if (!port['protocol']) port['protocol'] = 'TCP';
  }
}
