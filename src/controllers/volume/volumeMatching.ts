// Which PersistentVolume a claim may bind to, as upstream's binder matches them: same storage
// class, the claim's access modes all offered, enough capacity, the same volume mode, the
// claim's selector matching the volume's labels, the volume's node affinity admitting the
// selected node (WaitForFirstConsumer); the smallest fitting volume wins.
import type { V1PersistentVolume, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { tryParseQuantity } from '../../api/quantity.js';
import { nodeSelectorMatches } from '../../api/selectors.js';
import { selectorMatches } from '../common/labelSelector.js';

export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

const storageOf = (value: unknown) => tryParseQuantity(value)?.milliValue() ?? 0n;

/** Whether the volume may be used on a node with these labels (no affinity: anywhere). As
 * upstream's binder, only the labels are known: a matchFields term matches no name. */
export function volumeFitsNode(volume: V1PersistentVolume, nodeLabels: Record<string, string>): boolean {
  const required = volume.spec?.nodeAffinity?.required;
  return !required || nodeSelectorMatches(required, '', nodeLabels);
}

export function volumeMatchesClaim(volume: V1PersistentVolume, claim: V1PersistentVolumeClaim): boolean {
  const spec = volume.spec ?? {};
  if ((spec.storageClassName ?? '') !== (claim.spec?.storageClassName ?? '')) return false;
  if ((spec.volumeMode ?? 'Filesystem') !== (claim.spec?.volumeMode ?? 'Filesystem')) return false;
  if (!(claim.spec?.accessModes ?? []).every((mode) => spec.accessModes?.includes(mode))) return false;
  if (storageOf(spec.capacity?.storage) < storageOf(claim.spec?.resources?.requests?.storage)) return false;
  if (claim.spec?.selector && !selectorMatches(claim.spec.selector, volume.metadata?.labels)) return false;
  return true;
}

/** The best volume for the claim: one pre-bound to it, else the smallest available match. */
export function findVolumeForClaim(volumes: V1PersistentVolume[], claim: V1PersistentVolumeClaim, nodeLabels?: Record<string, string>): V1PersistentVolume | undefined {
  const ref = (v: V1PersistentVolume) => v.spec?.claimRef;
  const preBound = volumes.find((v) => ref(v)?.namespace === claim.metadata?.namespace && ref(v)?.name === claim.metadata?.name
    && (!ref(v)?.uid || ref(v)?.uid === claim.metadata?.uid) && !v.metadata?.deletionTimestamp);
  if (preBound) return preBound;
  return volumes
    .filter((v) => !ref(v) && !v.metadata?.deletionTimestamp && v.status?.phase !== 'Released' && v.status?.phase !== 'Failed'
      && volumeMatchesClaim(v, claim) && (!nodeLabels || volumeFitsNode(v, nodeLabels)))
    .sort((a, b) => Number(storageOf(a.spec?.capacity?.storage) - storageOf(b.spec?.capacity?.storage)))[0];
}
