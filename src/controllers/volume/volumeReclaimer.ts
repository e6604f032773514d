// The volume half of upstream's PersistentVolume controller: a volume's phase follows its
// claimRef — Available without one (or pre-bound to a claim not yet bound), Bound while its claim
// holds it, Released once the claim is gone. A released volume is then reclaimed by its
// policy: Retain keeps it Released; Delete removes a local-path volume's directory and the
// volume (other volumes cannot be deleted here and turn Failed); Recycle is not supported.
import { CoreV1Api, PatchStrategy, setHeaderOptions, type V1PersistentVolume, type V1PersistentVolumeClaim } from '@kubernetes/client-node';
import type { KubeObject } from '../../runtime/cache/index.js';
import type { Controller } from '../../runtime/controller/index.js';
import { EventRecorder } from '../../runtime/events/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import { deleteProvisionedDirectory, LOCAL_PATH_PROVISIONER, PROVISIONED_BY } from './localPathProvisioner.js';

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const codeOf = (error: unknown) => (error as { code?: number }).code;

export function addVolumeReclaimer(manager: Manager, options: { volumeDirectory: string }): Controller {
  const core = manager.kubeConfig.makeApiClient(CoreV1Api);
  const events = new EventRecorder(manager.kubeConfig, { component: 'persistentvolume-controller' });
  const volumes = manager.informers.forResource('/api/v1/persistentvolumes').store;
  const claims = manager.informers.forResource('/api/v1/persistentvolumeclaims').store;
  const setPhase = async (volume: V1PersistentVolume, phase: string, message?: string) => {
    if (volume.status?.phase === phase && (volume.status?.message ?? undefined) === message) return;
    await core.patchPersistentVolumeStatus({ name: volume.metadata!.name!, body: { status: { phase, message: message ?? null } } }, mergePatch);
  };
  return manager.controller()
    .named('persistentvolume-reclaimer')
    .for('/api/v1/persistentvolumes')
    .watches('/api/v1/persistentvolumeclaims', (claim: KubeObject) => {
      const volumeName = (claim as V1PersistentVolumeClaim).spec?.volumeName;
      return volumeName ? [{ name: volumeName }] : [];
    })
    .complete(async ({ name }) => {
      const volume = volumes.get(name) as V1PersistentVolume | undefined;
      if (!volume || volume.metadata?.deletionTimestamp) return;
      const ref = volume.spec?.claimRef;
      if (!ref?.name) {
        await setPhase(volume, 'Available');
        return;
      }
      const claim = claims.get(`${ref.namespace}/${ref.name}`) as V1PersistentVolumeClaim | undefined;
      if (claim && (!ref.uid || claim.metadata?.uid === ref.uid)) {
        // Bound once the claim names this volume; until then (pre-bound, or mid-binding) Available.
        if (claim.spec?.volumeName === name) await setPhase(volume, 'Bound');
        else if (!ref.uid) await setPhase(volume, 'Available');
        return;
      }
      if (!ref.uid) {
        await setPhase(volume, 'Available');
        return;
      }
      // The claim this volume was bound to is gone.
      if (volume.status?.phase !== 'Released' && volume.status?.phase !== 'Failed') await setPhase(volume, 'Released');
      const involved = { kind: 'PersistentVolume', apiVersion: 'v1', name, uid: volume.metadata!.uid };
      switch (volume.spec?.persistentVolumeReclaimPolicy ?? 'Retain') {
        case 'Retain':
          return;
        case 'Delete':
          if (volume.metadata?.annotations?.[PROVISIONED_BY] !== LOCAL_PATH_PROVISIONER) {
            const message = `error getting deleter volume plugin for volume "${name}": no deletable volume plugin matched`;
            events.event(involved, 'Warning', 'VolumeFailedDelete', message);
            await setPhase({ ...volume, status: { ...volume.status, phase: 'Released' } }, 'Failed', message);
            return;
          }
          await deleteProvisionedDirectory(options.volumeDirectory, volume);
          await core.deletePersistentVolume({ name }).catch((error) => { if (codeOf(error) !== 404) throw error; });
          return;
        default: {
          const message = 'Recycle is not supported by kubets';
          events.event(involved, 'Warning', 'VolumeFailedRecycle', message);
          await setPhase({ ...volume, status: { ...volume.status, phase: 'Released' } }, 'Failed', message);
        }
      }
    });
}
