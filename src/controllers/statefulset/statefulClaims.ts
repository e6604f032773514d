// A StatefulSet's claims, as upstream's stateful pod control: one per volumeClaimTemplate and
// ordinal, made before the pod (and again if deleted while it lives; upstream's events),
// owned by the set when persistentVolumeClaimRetentionPolicy.whenDeleted is Delete, and handed
// to a condemned pod when whenScaled is Delete. Otherwise they stay.
import {
  CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1PersistentVolumeClaim, type V1Pod, type V1StatefulSet,
} from '@kubernetes/client-node';
import type { IndexReader } from '../../runtime/cache/index.js';
import type { EventRecorder } from '../../runtime/events/index.js';
import { isNotFound, objectReference, STATEFUL_SET, statusCode, statusMessage } from '../common/index.js';
import { claimsFor, podName, podOrdinal } from './statefulPods.js';

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export class StatefulClaims {
  private readonly core: CoreV1Api;

  constructor(kubeConfig: KubeConfig, private readonly claims: IndexReader, private readonly recorder: EventRecorder) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
  }

  /** Creates the claims of `ordinal`'s pod that do not exist yet. */
  async ensureClaims(set: V1StatefulSet, ordinal: number): Promise<void> {
    for (const claim of claimsFor(set, ordinal)) await this.create(set, claim, podName(set, ordinal));
  }

  private async create(set: V1StatefulSet, claim: V1PersistentVolumeClaim, podName: string): Promise<void> {
    const claimName = claim.metadata!.name!;
    if (this.claims.get(`${set.metadata!.namespace}/${claimName}`)) return;
    if (set.spec!.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete') {
      claim.metadata!.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata!.name!, uid: set.metadata!.uid!, blockOwnerDeletion: true }];
    }
    const ref = objectReference(STATEFUL_SET, set);
    try {
      await this.core.createNamespacedPersistentVolumeClaim({ namespace: set.metadata!.namespace!, body: claim });
    } catch (error) {
      if (statusCode(error) === 409) return;
      this.recorder.event(ref, 'Warning', 'FailedCreate', `create Claim ${claimName} for Pod ${podName} in StatefulSet ${set.metadata!.name} failed error: ${statusMessage(error)}`);
      throw error;
    }
    this.recorder.event(ref, 'Normal', 'SuccessfulCreate', `create Claim ${claimName} Pod ${podName} in StatefulSet ${set.metadata!.name} success`);
  }

  /**
   * whenScaled: Delete makes the condemned pod its claims' only workload owner (in place of the
   * set, as upstream), so the garbage collector deletes them once the pod is gone.
   */
  async releaseOnScaleDown(set: V1StatefulSet, pod: V1Pod): Promise<void> {
    if (set.spec!.persistentVolumeClaimRetentionPolicy?.whenScaled !== 'Delete') return;
    const ordinal = podOrdinal(set, pod);
    if (ordinal === undefined) return;
    for (const { metadata } of claimsFor(set, ordinal)) {
      const claim = this.claims.get(`${set.metadata!.namespace}/${metadata!.name}`) as V1PersistentVolumeClaim | undefined;
      if (!claim) continue;
      const others = (claim.metadata?.ownerReferences ?? []).filter((o) => o.uid !== set.metadata!.uid && o.uid !== pod.metadata!.uid);
      const podRef = { apiVersion: 'v1', kind: 'Pod', name: pod.metadata!.name!, uid: pod.metadata!.uid!, blockOwnerDeletion: true };
      try {
        await this.core.patchNamespacedPersistentVolumeClaim({
          namespace: set.metadata!.namespace!, name: metadata!.name!,
          body: { metadata: { resourceVersion: claim.metadata!.resourceVersion, ownerReferences: [...others, podRef] } },
        }, mergePatch);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
  }
}
