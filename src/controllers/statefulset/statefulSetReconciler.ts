// Reconciles one StatefulSet, as upstream's statefulset-controller: the pods `<set>-<ordinal>`
// for ordinals [start, start + replicas) are made (after their claims) from the update revision
// — or the current one below the partition, or below currentReplicas mid-update — and failed
// or succeeded ones are deleted to be remade; pods beyond the range are deleted highest ordinal
// first. With OrderedReady each step waits for every lower pod to be Running and Ready (and
// scale-down for all to be); Parallel does not wait. RollingUpdate then replaces the highest
// out-of-date pod at or above the partition, one at a time; OnDelete leaves that to users.
// Claims stay after scale-down and deletion unless persistentVolumeClaimRetentionPolicy says
// Delete (then the pod, or the set, becomes the claim's owner for the garbage collector).
import {
  AppsV1Api, CoreV1Api, type KubeConfig, type V1ControllerRevision, type V1Pod,
  type V1PodTemplateSpec, type V1StatefulSet, type V1StatefulSetStatus,
} from '@kubernetes/client-node';
import type { IndexReader } from '../../runtime/cache/index.js';
import type { ReconcileContext, Request, Result } from '../../runtime/controller/index.js';
import type { EventRecorder } from '../../runtime/events/index.js';
import {
  isConflict, isNotFound, isPodAvailable, isPodReady, objectReference, podFromTemplate, STATEFUL_SET, statusCode, statusMessage,
} from '../common/index.js';
import { ControllerHistory, templateRevisionData } from '../common/controllerHistory.js';
import { claimPods } from '../common/podClaims.js';
import { sameStatus } from '../common/sameStatus.js';
import { StatefulClaims } from './statefulClaims.js';
import { CONTROLLER_REVISION_HASH, customizeStatefulPod, podName, podOrdinal } from './statefulPods.js';

const REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

const isTerminating = (pod: V1Pod) => !!pod.metadata?.deletionTimestamp;
const isFinished = (pod: V1Pod) => pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded';
const isRunningAndReady = (pod: V1Pod) => pod.status?.phase === 'Running' && isPodReady(pod);
const revisionOf = (pod: V1Pod) => pod.metadata?.labels?.[CONTROLLER_REVISION_HASH];

function templateOf(revision: V1ControllerRevision): V1PodTemplateSpec {
  const { $patch: _replace, ...template } = (revision.data as { spec: { template: V1PodTemplateSpec & { $patch?: string } } }).spec.template;
  return template;
}

export class StatefulSetReconciler {
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly history: ControllerHistory;
  private readonly claims: StatefulClaims;

  constructor(
    kubeConfig: KubeConfig,
    private readonly sets: IndexReader,
    private readonly pods: IndexReader,
    claimStore: IndexReader,
    revisions: IndexReader,
    private readonly recorder: EventRecorder,
  ) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
    this.history = new ControllerHistory(kubeConfig, revisions);
    this.claims = new StatefulClaims(kubeConfig, claimStore, recorder);
  }

  async reconcile({ namespace, name }: Request, { log }: ReconcileContext): Promise<Result | void> {
    const cached = this.sets.get(`${namespace}/${name}`) as V1StatefulSet | undefined;
    if (!cached || cached.metadata?.deletionTimestamp) return;
    const set = structuredClone(cached);
    const spec = set.spec!;
    const pods = await this.claimPods(set);

    const update = await this.history.ensure(set, STATEFUL_SET, templateRevisionData(spec.template), spec.template.metadata?.labels ?? {}, REVISION_HASH_LABEL, set.status?.collisionCount);
    const updateRevision = update.revision;
    const currentRevision = update.history.find((r) => r.metadata!.name === set.status?.currentRevision) ?? updateRevision;
    const updateName = updateRevision.metadata!.name!;
    const currentName = currentRevision.metadata!.name!;

    const replicas = spec.replicas ?? 1;
    const start = spec.ordinals?.start ?? 0;
    const monotonic = spec.podManagementPolicy !== 'Parallel';
    const minReadySeconds = spec.minReadySeconds ?? 0;
    const now = new Date();
    const inRange = new Map<number, V1Pod>();
    const condemned: V1Pod[] = [];
    for (const pod of pods) {
      const ordinal = podOrdinal(set, pod);
      if (ordinal !== undefined && ordinal >= start && ordinal < start + replicas) inRange.set(ordinal, pod);
      else condemned.push(pod);
    }
    condemned.sort((a, b) => (podOrdinal(set, b) ?? -1) - (podOrdinal(set, a) ?? -1));

    const status = this.computeStatus(set, pods, currentName, updateName, minReadySeconds, now);
    const partition = spec.updateStrategy?.type === 'OnDelete' ? 0 : spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    // As upstream: below the partition, or (with no rollingUpdate at all) below currentReplicas, pods are remade at the current revision.
    const revisionFor = (ordinal: number): V1ControllerRevision => {
      if (spec.updateStrategy?.type === 'OnDelete') return updateRevision;
      const below = spec.updateStrategy?.rollingUpdate ? partition : set.status?.currentReplicas ?? 0;
      return ordinal - start < below ? currentRevision : updateRevision;
    };

    await this.sync(set, { inRange, condemned, replicas, start, monotonic, partition, updateName, revisionFor, minReadySeconds, now }, log);
    await this.writeStatus(set, status);
    const inUse = new Set([currentName, updateName, ...pods.map(revisionOf).filter((r): r is string => !!r)]);
    await this.history.truncate(update.history, inUse, spec.revisionHistoryLimit ?? 10);
    if (minReadySeconds > 0 && pods.some((pod) => isPodReady(pod) && !isPodAvailable(pod, minReadySeconds, now))) {
      return { requeueAfter: minReadySeconds * 1000 };
    }
  }

  private async sync(set: V1StatefulSet, state: {
    inRange: Map<number, V1Pod>; condemned: V1Pod[]; replicas: number; start: number; monotonic: boolean; partition: number;
    updateName: string; revisionFor: (ordinal: number) => V1ControllerRevision; minReadySeconds: number; now: Date;
  }, log: ReconcileContext['log']): Promise<void> {
    const { inRange, condemned, replicas, start, monotonic, partition, updateName, revisionFor } = state;
    const healthy = (pod: V1Pod) => !isTerminating(pod) && isRunningAndReady(pod) && isPodAvailable(pod, state.minReadySeconds, state.now);

    // Pods in range: remake finished ones, make missing ones; in order when monotonic.
    for (let ordinal = start; ordinal < start + replicas; ordinal++) {
      const pod = inRange.get(ordinal);
      if (pod && isFinished(pod) && !isTerminating(pod)) {
        log.info('deleting a finished stateful pod to make it again', { pod: pod.metadata!.name, phase: pod.status?.phase });
        await this.deletePod(set, pod);
        if (monotonic) return;
        continue;
      }
      if (!pod) {
        await this.createPod(set, ordinal, revisionFor(ordinal));
        if (monotonic) return;
        continue;
      }
      // A claim deleted under a live pod is made again (the pod waits for it as for any claim).
      if (!isTerminating(pod)) await this.claims.ensureClaims(set, ordinal);
      if (monotonic && !healthy(pod)) return;
    }

    // Pods beyond the range: the highest first; one at a time after everything is healthy when monotonic.
    for (const pod of condemned) {
      if (isTerminating(pod)) {
        if (monotonic) return;
        continue;
      }
      if (monotonic && [...inRange.values()].some((p) => !healthy(p))) return;
      await this.claims.releaseOnScaleDown(set, pod);
      await this.deletePod(set, pod);
      if (monotonic) return;
    }

    // RollingUpdate: the highest out-of-date pod at or above the partition, once all are healthy.
    if (set.spec!.updateStrategy?.type === 'OnDelete') return;
    const ordered = [...inRange.entries()].sort(([a], [b]) => b - a);
    if (ordered.some(([, pod]) => !healthy(pod))) return;
    for (const [ordinal, pod] of ordered) {
      if (ordinal - start < partition) break;
      if (revisionOf(pod) !== updateName) {
        await this.deletePod(set, pod);
        return;
      }
    }
  }

  private async createPod(set: V1StatefulSet, ordinal: number, revision: V1ControllerRevision): Promise<void> {
    const name = podName(set, ordinal);
    await this.claims.ensureClaims(set, ordinal);
    const pod = podFromTemplate(templateOf(revision), set, STATEFUL_SET);
    customizeStatefulPod(pod, set, ordinal, revision.metadata!.name!);
    const ref = objectReference(STATEFUL_SET, set);
    try {
      await this.core.createNamespacedPod({ namespace: set.metadata!.namespace!, body: pod });
    } catch (error) {
      if (statusCode(error) === 409) return; // made before; the cache has not caught up
      this.recorder.event(ref, 'Warning', 'FailedCreate', `create Pod ${name} in StatefulSet ${set.metadata!.name} failed error: ${statusMessage(error)}`);
      throw error;
    }
    this.recorder.event(ref, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${set.metadata!.name} successful`);
  }

  private async deletePod(set: V1StatefulSet, pod: V1Pod): Promise<void> {
    const ref = objectReference(STATEFUL_SET, set);
    const name = pod.metadata!.name!;
    try {
      await this.core.deleteNamespacedPod({ namespace: pod.metadata!.namespace!, name, body: { preconditions: { uid: pod.metadata!.uid } } });
    } catch (error) {
      if (isNotFound(error) || statusCode(error) === 409) return;
      this.recorder.event(ref, 'Warning', 'FailedDelete', `delete Pod ${name} in StatefulSet ${set.metadata!.name} failed error: ${statusMessage(error)}`);
      throw error;
    }
    this.recorder.event(ref, 'Normal', 'SuccessfulDelete', `delete Pod ${name} in StatefulSet ${set.metadata!.name} successful`);
  }

  private computeStatus(set: V1StatefulSet, pods: V1Pod[], currentName: string, updateName: string, minReadySeconds: number, now: Date): V1StatefulSetStatus {
    const status: V1StatefulSetStatus = {
      observedGeneration: set.metadata!.generation,
      replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0,
      currentRevision: currentName, updateRevision: updateName,
      collisionCount: set.status?.collisionCount, conditions: set.status?.conditions,
    };
    for (const pod of pods) {
      status.replicas++;
      if (isRunningAndReady(pod) && !isTerminating(pod)) {
        status.readyReplicas!++;
        if (isPodAvailable(pod, minReadySeconds, now)) status.availableReplicas!++;
      }
      if (isTerminating(pod)) continue;
      if (revisionOf(pod) === currentName) status.currentReplicas!++;
      if (revisionOf(pod) === updateName) status.updatedReplicas!++;
    }
    // A finished rolling update: the update revision becomes the current one.
    const replicas = set.spec!.replicas ?? 1;
    if (set.spec!.updateStrategy?.type !== 'OnDelete' && status.updatedReplicas === replicas && status.readyReplicas === replicas && status.replicas === replicas) {
      status.currentReplicas = status.updatedReplicas;
      status.currentRevision = updateName;
    }
    return status;
  }

  private async writeStatus(set: V1StatefulSet, status: V1StatefulSetStatus): Promise<void> {
    if (sameStatus(status, set.status ?? {})) return;
    const { namespace, name } = set.metadata as { namespace: string; name: string };
    try {
      await this.apps.replaceNamespacedStatefulSetStatus({ namespace, name, body: { ...set, status } });
    } catch (error) {
      if (!isConflict(error)) throw error;
      // The cache lagged a write: once more on the object as it is now.
      const fresh = await this.apps.readNamespacedStatefulSet({ namespace, name });
      await this.apps.replaceNamespacedStatefulSetStatus({ namespace, name, body: { ...fresh, status } });
    }
  }

  /** Its pods: controlled ones, and orphans matching its selector and named as its pods. */
  private claimPods(set: V1StatefulSet): Promise<V1Pod[]> {
    const { namespace, name } = set.metadata as { namespace: string; name: string };
    return claimPods({
      owner: set, gvk: STATEFUL_SET, selector: set.spec!.selector, pods: this.pods, core: this.core,
      readOwner: () => this.apps.readNamespacedStatefulSet({ namespace, name }),
      adoptable: (pod) => podOrdinal(set, pod) !== undefined,
    });
  }
}
