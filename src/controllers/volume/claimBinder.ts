// The claim half of upstream's PersistentVolume controller (`persistentvolume-binder`, events
// from `persistentvolume-controller`): a Pending claim is bound to a matching volume — the
// volume's claimRef first, then its Bound phase, then the claim's volumeName with
// `pv.kubernetes.io/bind-completed` and `pv.kubernetes.io/bound-by-controller`, then its Bound
// phase with the volume's capacity and access modes. With no volume to bind, a claim of a
// `kubets.io/local-path` class gets one provisioned: at once in Immediate mode, in
// WaitForFirstConsumer mode once `volume.kubernetes.io/selected-node` names its node (set by
// the scheduler, or here from a pod using the claim that is already on a node). A bound claim
// whose volume went is Lost. A StorageClass appearing retries the unbound claims naming it.
import {
  CoreV1Api, PatchStrategy, setHeaderOptions, type V1Node, type V1PersistentVolume, type V1PersistentVolumeClaim, type V1Pod, type V1StorageClass,
} from '@kubernetes/client-node';
import { NAMESPACE_INDEX, type KubeObject } from '../../runtime/cache/index.js';
import type { Controller } from '../../runtime/controller/index.js';
import { EventRecorder } from '../../runtime/events/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import { LOCAL_PATH_PROVISIONER, provisionedVolume } from './localPathProvisioner.js';
import { findVolumeForClaim } from './volumeMatching.js';

export const BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const SELECTED_NODE = 'volume.kubernetes.io/selected-node';
const STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
const BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const codeOf = (error: unknown) => (error as { code?: number }).code;

export interface ClaimBinderOptions {
  /** Where provisioned volumes' directories go. */
  volumeDirectory: string;
}

export function addClaimBinder(manager: Manager, options: ClaimBinderOptions): Controller {
  const core = manager.kubeConfig.makeApiClient(CoreV1Api);
  const events = new EventRecorder(manager.kubeConfig, { component: 'persistentvolume-controller' });
  const claims = manager.informers.forResource('/api/v1/persistentvolumeclaims').store;
  const volumes = manager.informers.forResource('/api/v1/persistentvolumes').store;
  const classes = manager.informers.forResource('/apis/storage.k8s.io/v1/storageclasses').store;
  const pods = manager.informers.forResource('/api/v1/pods').store;
  const nodes = manager.informers.forResource('/api/v1/nodes').store;
  const claimsOfPod = (pod: KubeObject) => ((pod as V1Pod).spec?.volumes ?? []).filter((v) => v.persistentVolumeClaim)
    .map((v) => ({ namespace: pod.metadata!.namespace!, name: v.persistentVolumeClaim!.claimName }));
  // Claims (by uid) whose volume was created and has not reached the cache yet.
  const provisioned = new Set<string>();
  const claimOfVolume = (volume: KubeObject) => {
    const ref = (volume as V1PersistentVolume).spec?.claimRef;
    if (ref?.uid) provisioned.delete(ref.uid);
    return ref?.name && ref.namespace ? [{ namespace: ref.namespace, name: ref.name }] : [];
  };
  const setClaimPhase = async (claim: V1PersistentVolumeClaim, status: Record<string, unknown>) => {
    if (Object.entries(status).every(([key, value]) => JSON.stringify((claim.status as Record<string, unknown> | undefined)?.[key]) === JSON.stringify(value))) return;
    await core.patchNamespacedPersistentVolumeClaimStatus({ namespace: claim.metadata!.namespace!, name: claim.metadata!.name!, body: { status } }, mergePatch);
  };
  return manager.controller()
    .named('persistentvolume-binder')
    .for('/api/v1/persistentvolumeclaims')
    .watches('/api/v1/persistentvolumes', claimOfVolume)
    .watches('/api/v1/pods', claimsOfPod)
    .watches('/apis/storage.k8s.io/v1/storageclasses', (storageClass: KubeObject) => (claims.list() as V1PersistentVolumeClaim[])
      .filter((c) => c.spec?.storageClassName === storageClass.metadata?.name && !c.spec?.volumeName)
      .map((c) => ({ namespace: c.metadata!.namespace!, name: c.metadata!.name! })))
    .complete(async ({ namespace, name }) => {
      const claim = claims.get(`${namespace}/${name}`) as V1PersistentVolumeClaim | undefined;
      if (!claim || claim.metadata?.deletionTimestamp) return;
      const ref = { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace, name, uid: claim.metadata!.uid };
      const annotations = claim.metadata?.annotations ?? {};
      const volumeName = claim.spec?.volumeName;
      if (volumeName && annotations[BIND_COMPLETED]) {
        const volume = volumes.get(volumeName) as V1PersistentVolume | undefined;
        if (!volume) {
          if (claim.status?.phase !== 'Lost') events.event(ref, 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
          await setClaimPhase(claim, { phase: 'Lost' });
          return;
        }
        if (volume.spec?.claimRef?.uid !== claim.metadata!.uid) return;
        await setClaimPhase(claim, { phase: 'Bound', accessModes: volume.spec?.accessModes, capacity: volume.spec?.capacity });
        return;
      }
      const className = claim.spec?.storageClassName ?? '';
      const storageClass = className ? classes.get(className) as V1StorageClass | undefined : undefined;
      const waitForConsumer = storageClass?.volumeBindingMode === 'WaitForFirstConsumer';
      let selectedNode = annotations[SELECTED_NODE];
      if (waitForConsumer && !selectedNode) {
        // Until a scheduler picks the node, a pod already placed that uses the claim picks it.
        const consumer = (pods.byIndex(NAMESPACE_INDEX, namespace!) as V1Pod[])
          .find((pod) => pod.spec?.nodeName && pod.spec.volumes?.some((v) => v.persistentVolumeClaim?.claimName === name));
        if (consumer) {
          selectedNode = consumer.spec!.nodeName!;
          await core.patchNamespacedPersistentVolumeClaim({ namespace: namespace!, name, body: { metadata: { annotations: { [SELECTED_NODE]: selectedNode } } } }, mergePatch);
          return;
        }
      }
      const all = volumes.list() as V1PersistentVolume[];
      const nodeLabels = selectedNode ? (nodes.get(selectedNode) as V1Node | undefined)?.metadata?.labels ?? { 'kubernetes.io/hostname': selectedNode } : undefined;
      const volume = volumeName ? all.find((v) => v.metadata?.name === volumeName) : (!waitForConsumer || selectedNode ? findVolumeForClaim(all, claim, nodeLabels) : undefined);
      if (volume) {
        await bind(core, claim, volume);
        return;
      }
      await setClaimPhase(claim, { phase: 'Pending' });
      if (volumeName) return;
      if (waitForConsumer && !selectedNode) {
        events.event(ref, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
        return;
      }
      if (!className) {
        events.event(ref, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
        return;
      }
      if (!storageClass) {
        events.event(ref, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
        return;
      }
      if (storageClass.provisioner !== LOCAL_PATH_PROVISIONER) {
        events.event(ref, 'Normal', 'ExternalProvisioning', `Waiting for a volume to be created either by the external provisioner '${storageClass.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`);
        return;
      }
      if (annotations[STORAGE_PROVISIONER] !== LOCAL_PATH_PROVISIONER) {
        await core.patchNamespacedPersistentVolumeClaim({ namespace: namespace!, name, body: { metadata: { annotations: { [STORAGE_PROVISIONER]: LOCAL_PATH_PROVISIONER, [BETA_STORAGE_PROVISIONER]: LOCAL_PATH_PROVISIONER } } } }, mergePatch);
      }
      // Provisioned already, the volume not in the cache yet.
      if (provisioned.has(claim.metadata!.uid!)) return;
      events.event(ref, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${namespace}/${name}"`);
      try {
        const created = await core.createPersistentVolume({ body: provisionedVolume(options.volumeDirectory, claim, storageClass, waitForConsumer ? selectedNode : undefined) });
        provisioned.add(claim.metadata!.uid!);
        events.event(ref, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${created.metadata!.name}`);
      } catch (error) {
        if (codeOf(error) !== 409) throw error;
      }
    });
}

/** Binds in upstream's order: the volume's claimRef and phase, then the claim's volumeName and phase. */
async function bind(core: CoreV1Api, claim: V1PersistentVolumeClaim, volume: V1PersistentVolume): Promise<void> {
  const { namespace, name, uid } = claim.metadata!;
  const volumeName = volume.metadata!.name!;
  if (volume.spec?.claimRef?.uid !== uid) {
    await core.patchPersistentVolume({
      name: volumeName,
      body: {
        metadata: { resourceVersion: volume.metadata!.resourceVersion, ...(volume.spec?.claimRef ? {} : { annotations: { [BOUND_BY_CONTROLLER]: 'yes' } }) },
        spec: { claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name, uid, resourceVersion: claim.metadata!.resourceVersion } },
      },
    }, mergePatch);
  }
  if (volume.status?.phase !== 'Bound') await core.patchPersistentVolumeStatus({ name: volumeName, body: { status: { phase: 'Bound' } } }, mergePatch);
  if (claim.spec?.volumeName !== volumeName || claim.metadata?.annotations?.[BIND_COMPLETED] !== 'yes') {
    await core.patchNamespacedPersistentVolumeClaim({
      namespace: namespace!, name: name!,
      body: {
        metadata: { resourceVersion: claim.metadata!.resourceVersion, annotations: { [BIND_COMPLETED]: 'yes', ...(claim.spec?.volumeName ? {} : { [BOUND_BY_CONTROLLER]: 'yes' }) } },
        spec: { volumeName },
      },
    }, mergePatch);
  }
  await core.patchNamespacedPersistentVolumeClaimStatus({
    namespace: namespace!, name: name!, body: { status: { phase: 'Bound', accessModes: volume.spec?.accessModes, capacity: volume.spec?.capacity } },
  }, mergePatch);
}
