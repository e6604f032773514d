// One sync of one Deployment, as upstream's syncDeployment and the steps it calls (sync.go,
// rolling.go, recreate.go): the ReplicaSets it claims, then
//   being deleted   status only
//   paused          Progressing DeploymentPaused / DeploymentResumed; scale only; clean up
//   resized         proportional scaling across the active ReplicaSets (upstream's scale())
//   Recreate        old ReplicaSets to 0, wait for their pods to go, then the new one up
//   RollingUpdate   new ReplicaSet up within maxSurge, old ones down within maxUnavailable
//                   (unhealthy replicas first), history cleaned once complete
// then the status. Every write goes through the API; the objects it changed replace the
// cached ones for the rest of the sync.
import {
  AppsV1Api, PatchStrategy, setHeaderOptions, type V1Deployment, type V1ObjectReference, type V1Pod, type V1ReplicaSet,
} from '@kubernetes/client-node';
import type { EventRecorder } from '../../runtime/events/index.js';
import type { Logger } from '../../log/index.js';
import {
  computeHash, controllerRef, isNamespaceTerminating, isNotFound, sameStatus, statusCode, statusMessage,
} from '../common/index.js';
import {
  desiredReplicasAnnotation, maxRevision, REVISION, setNewReplicaSetAnnotations, setReplicasAnnotations,
} from './annotations.js';
import {
  calculateStatus, condition, deploymentComplete, getCondition, hasProgressDeadline, PROGRESSING, REASONS,
  rolloutStatus, setCondition, stuckRequeueAfter,
} from './deploymentStatus.js';
import { equalIgnoreHash, selectorWithHash, withHashLabel } from './podTemplateHash.js';
import {
  byCreation, byRevision, bySizeNewer, bySizeOlder, findActiveOrLatest, findNewReplicaSet, isActive, isSaturated,
  newReplicaSetReplicas, proportion, specReplicas, totalSpecReplicas, totalStatus,
} from './replicaSets.js';
import { desiredReplicas, isRollingUpdate, maxSurge, maxUnavailable } from './rollingArithmetic.js';

export const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment' };
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export interface SyncDependencies {
  apps: AppsV1Api;
  recorder: EventRecorder;
  log: Logger;
  /** The cached pods a ReplicaSet controls. */
  podsOf(replicaSet: V1ReplicaSet): V1Pod[];
  /** A cached ReplicaSet by name (for a create that met an existing one). */
  cachedReplicaSet(namespace: string, name: string): V1ReplicaSet | undefined;
}

export class DeploymentSync {
  private sets: V1ReplicaSet[];
  private readonly now = new Date();

  constructor(private deployment: V1Deployment, sets: V1ReplicaSet[], private readonly deps: SyncDependencies) {
    this.sets = sets;
  }

  /** Runs the sync; returns when to look again (ms), if ever. */
  async run(): Promise<number | undefined> {
    const d = this.deployment;
    if (d.metadata?.deletionTimestamp) return this.syncStatusOnly();
    await this.checkPausedConditions();
    if (d.spec?.paused) return this.syncScaleAndStatus();
    if (this.isScalingEvent()) return this.syncScaleAndStatus();
    return isRollingUpdate(d) ? this.rolloutRolling() : this.rolloutRecreate();
  }

  private get name(): string {
    return this.deployment.metadata!.name!;
  }

  private get namespace(): string {
    return this.deployment.metadata!.namespace!;
  }

  private reference(): V1ObjectReference {
    const { name, namespace, uid, resourceVersion } = this.deployment.metadata ?? {};
    return { ...DEPLOYMENT, name, namespace, uid, resourceVersion };
  }

  private newAndOld(): { newRS: V1ReplicaSet | undefined; oldRSs: V1ReplicaSet[] } {
    const newRS = findNewReplicaSet(this.deployment, this.sets);
    return { newRS, oldRSs: this.sets.filter((rs) => rs.metadata?.uid !== newRS?.metadata?.uid) };
  }

  private replace(updated: V1ReplicaSet): V1ReplicaSet {
    this.sets = this.sets.map((rs) => (rs.metadata?.uid === updated.metadata?.uid ? updated : rs));
    if (!this.sets.includes(updated)) this.sets.push(updated);
    return updated;
  }

  // ---- the new ReplicaSet and revisions (upstream's getAllReplicaSetsAndSyncRevision) ----

  private async syncRevision(create: boolean): Promise<{ newRS: V1ReplicaSet | undefined; oldRSs: V1ReplicaSet[] }> {
    const { newRS: existing, oldRSs } = this.newAndOld();
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) return { newRS: await this.syncExistingNewReplicaSet(existing, newRevision), oldRSs };
    if (!create) return { newRS: undefined, oldRSs };
    return { newRS: await this.createNewReplicaSet(oldRSs, newRevision), oldRSs };
  }

  private async syncExistingNewReplicaSet(existing: V1ReplicaSet, newRevision: number): Promise<V1ReplicaSet> {
    const d = this.deployment;
    const copy = structuredClone(existing);
    const annotationsChanged = setNewReplicaSetAnnotations(d, copy, newRevision, true);
    const minReadyChanged = (copy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
    if (annotationsChanged || minReadyChanged) {
      copy.spec!.minReadySeconds = d.spec?.minReadySeconds;
      return this.replace(await this.deps.apps.replaceNamespacedReplicaSet({ namespace: this.namespace, name: copy.metadata!.name!, body: copy }));
    }
    await this.setRevision(copy.metadata?.annotations?.[REVISION] ?? '');
    if (hasProgressDeadline(d) && !getCondition(d.status, PROGRESSING)) {
      const status = structuredClone(d.status ?? {});
      setCondition(status, condition(PROGRESSING, 'True', REASONS.foundNewReplicaSet, `Found new replica set "${copy.metadata?.name}"`, this.now));
      await this.writeStatus(status);
    }
    return copy;
  }

  private async createNewReplicaSet(oldRSs: V1ReplicaSet[], newRevision: number): Promise<V1ReplicaSet | undefined> {
    const d = this.deployment;
    const template = structuredClone(d.spec!.template);
    const hash = computeHash(template, d.status?.collisionCount);
    template.metadata = { ...template.metadata, labels: withHashLabel(d.spec?.template?.metadata?.labels, hash) };
    const newRS: V1ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${this.name}-${hash}`,
        namespace: this.namespace,
        ownerReferences: [controllerRef(DEPLOYMENT, d)],
        labels: template.metadata.labels,
      },
      spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds, selector: selectorWithHash(d.spec?.selector, hash), template },
    };
    const replicas = newReplicaSetReplicas(d, [...oldRSs, newRS], newRS);
    newRS.spec!.replicas = replicas;
    setNewReplicaSetAnnotations(d, newRS, newRevision, false);
    let created: V1ReplicaSet;
    let alreadyExisted = false;
    try {
      created = await this.deps.apps.createNamespacedReplicaSet({ namespace: this.namespace, body: newRS });
    } catch (error) {
      if (statusCode(error) === 409) {
        const existing = this.deps.cachedReplicaSet(this.namespace, newRS.metadata!.name!);
        const ours = existing?.metadata?.ownerReferences?.find((r) => r.controller)?.uid === d.metadata?.uid;
        if (existing && ours && equalIgnoreHash(d.spec?.template, existing.spec?.template)) {
          created = existing;
          alreadyExisted = true;
        } else {
          // A hash collision: the next hash takes the collision count into account.
          const status = structuredClone(d.status ?? {});
          status.collisionCount = (status.collisionCount ?? 0) + 1;
          await this.writeStatus(status);
          this.deps.log.v(2).info('found a hash collision for deployment - bumping collisionCount to resolve it', { collisionCount: status.collisionCount });
          throw error;
        }
      } else {
        const message = `Failed to create new replica set "${newRS.metadata!.name}": ${statusMessage(error)}`;
        if (hasProgressDeadline(d) && !isNamespaceTerminating(error)) {
          const status = structuredClone(d.status ?? {});
          setCondition(status, condition(PROGRESSING, 'False', REASONS.failedReplicaSetCreate, message, this.now));
          await this.writeStatus(status);
        }
        this.deps.recorder.event(this.reference(), 'Warning', REASONS.failedReplicaSetCreate, message);
        throw error;
      }
    }
    if (!alreadyExisted && replicas > 0) {
      this.deps.recorder.event(this.reference(), 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata?.name} from 0 to ${replicas}`);
    }
    this.replace(created);
    await this.setRevision(String(newRevision));
    if (!alreadyExisted && hasProgressDeadline(d)) {
      const status = structuredClone(this.deployment.status ?? {});
      setCondition(status, condition(PROGRESSING, 'True', REASONS.newReplicaSetCreated, `Created new replica set "${created.metadata?.name}"`, this.now));
      await this.writeStatus(status);
    }
    return created;
  }

  // ---- writes of the Deployment ----

  /** The Deployment's revision annotation (metadata: written on the object, not its status). */
  private async setRevision(revision: string): Promise<void> {
    if (!revision || this.deployment.metadata?.annotations?.[REVISION] === revision) return;
    const patched = await this.deps.apps.patchNamespacedDeployment(
      { namespace: this.namespace, name: this.name, body: { metadata: { annotations: { [REVISION]: revision } } } }, mergePatch,
    );
    // Keep the status this sync has computed so far; take the new metadata.
    this.deployment = { ...patched, status: this.deployment.status };
  }

  private async writeStatus(status: V1Deployment['status']): Promise<void> {
    if (sameStatus(this.deployment.status, status ?? {})) return;
    this.deployment = await this.deps.apps.replaceNamespacedDeploymentStatus({
      namespace: this.namespace, name: this.name, body: { ...this.deployment, status },
    });
  }

  // ---- scaling ----

  private async scaleReplicaSet(rs: V1ReplicaSet, newScale: number, operation: 'up' | 'down'): Promise<V1ReplicaSet> {
    const copy = structuredClone(rs);
    const oldScale = specReplicas(rs);
    const sizeChanged = oldScale !== newScale;
    const annotationsChanged = setReplicasAnnotations(copy, this.deployment);
    if (!sizeChanged && !annotationsChanged) return rs;
    copy.spec!.replicas = newScale;
    const updated = this.replace(await this.deps.apps.replaceNamespacedReplicaSet({ namespace: this.namespace, name: copy.metadata!.name!, body: copy }));
    if (sizeChanged) {
      this.deps.recorder.event(this.reference(), 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${rs.metadata?.name} from ${oldScale} to ${newScale}`);
    }
    return updated;
  }

  /** Scales to `newScale` if that differs; true if it did. */
  private async scaleAndRecord(rs: V1ReplicaSet, newScale: number): Promise<boolean> {
    if (specReplicas(rs) === newScale) return false;
    await this.scaleReplicaSet(rs, newScale, specReplicas(rs) < newScale ? 'up' : 'down');
    return true;
  }

  private isScalingEvent(): boolean {
    const { newRS, oldRSs } = this.newAndOld();
    return [...oldRSs, newRS].filter(isActive).some((rs) => {
      const desired = desiredReplicasAnnotation(rs);
      return desired !== undefined && desired !== desiredReplicas(this.deployment);
    });
  }

  /** Upstream's scale(): the whole Deployment resized. */
  private async scale(newRS: V1ReplicaSet | undefined, oldRSs: V1ReplicaSet[]): Promise<void> {
    const d = this.deployment;
    const desired = desiredReplicas(d);
    const single = findActiveOrLatest(newRS, oldRSs);
    if (single) {
      if (specReplicas(single) !== desired) await this.scaleAndRecord(single, desired);
      return;
    }
    if (isSaturated(d, newRS)) {
      for (const old of oldRSs.filter(isActive)) await this.scaleAndRecord(old, 0);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const active = [...oldRSs, newRS].filter(isActive);
    const allowed = desired > 0 ? desired + maxSurge(d) : 0;
    const toAdd = allowed - totalSpecReplicas(active);
    const operation = toAdd > 0 ? 'up' : 'down';
    if (toAdd > 0) active.sort(bySizeNewer);
    else if (toAdd < 0) active.sort(bySizeOlder);
    let added = 0;
    const sizes = new Map<V1ReplicaSet, number>();
    for (const rs of active) {
      const share = toAdd === 0 ? 0 : proportion(rs, d, toAdd, added);
      sizes.set(rs, specReplicas(rs) + share);
      added += share;
    }
    for (const [index, rs] of active.entries()) {
      let size = sizes.get(rs)!;
      // Leftovers go to (or come from) the largest.
      if (index === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
      await this.scaleReplicaSet(rs, size, operation);
    }
  }

  // ---- the sync kinds ----

  private async syncStatusOnly(): Promise<undefined> {
    const { newRS, oldRSs } = await this.syncRevision(false);
    await this.writeStatus(calculateStatus(this.deployment, [...oldRSs, newRS], newRS, this.now));
    return undefined;
  }

  private async syncScaleAndStatus(): Promise<undefined> {
    const { newRS: before, oldRSs: oldBefore } = await this.syncRevision(false);
    await this.scale(before, oldBefore);
    const { newRS, oldRSs } = this.newAndOld();
    if (this.deployment.spec?.paused) await this.cleanup(oldRSs);
    await this.writeStatus(calculateStatus(this.deployment, [...oldRSs, newRS], newRS, this.now));
    return undefined;
  }

  private async checkPausedConditions(): Promise<void> {
    const d = this.deployment;
    if (!hasProgressDeadline(d)) return;
    const current = getCondition(d.status, PROGRESSING);
    if (current?.reason === REASONS.timedOut) return;
    const pausedConditionExists = current?.reason === REASONS.paused;
    const status = structuredClone(d.status ?? {});
    if (d.spec?.paused && !pausedConditionExists) {
      setCondition(status, condition(PROGRESSING, 'Unknown', REASONS.paused, 'Deployment is paused', this.now));
    } else if (!d.spec?.paused && pausedConditionExists) {
      setCondition(status, condition(PROGRESSING, 'Unknown', REASONS.resumed, 'Deployment is resumed', this.now));
    } else {
      return;
    }
    await this.writeStatus(status);
  }

  private async rolloutRolling(): Promise<number | undefined> {
    const { newRS } = await this.syncRevision(true);
    if (!newRS) return this.syncRolloutStatus();
    if (await this.reconcileNewReplicaSet()) return this.syncRolloutStatus();
    if (await this.reconcileOldReplicaSets()) return this.syncRolloutStatus();
    if (deploymentComplete(this.deployment, this.deployment.status ?? {})) await this.cleanup(this.newAndOld().oldRSs);
    return this.syncRolloutStatus();
  }

  private async reconcileNewReplicaSet(): Promise<boolean> {
    const { newRS, oldRSs } = this.newAndOld();
    const desired = desiredReplicas(this.deployment);
    if (!newRS || specReplicas(newRS) === desired) return false;
    if (specReplicas(newRS) > desired) return this.scaleAndRecord(newRS, desired);
    return this.scaleAndRecord(newRS, newReplicaSetReplicas(this.deployment, [...oldRSs, newRS], newRS));
  }

  private async reconcileOldReplicaSets(): Promise<boolean> {
    const d = this.deployment;
    const { newRS, oldRSs } = this.newAndOld();
    const activeOld = oldRSs.filter(isActive);
    if (totalSpecReplicas(activeOld) === 0 || !newRS) return false;
    const all = [...activeOld, newRS];
    const minAvailable = desiredReplicas(d) - maxUnavailable(d);
    const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
    const maxScaledDown = totalSpecReplicas(all) - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;
    // Unhealthy replicas of old ReplicaSets go first: they count for nothing.
    let cleaned = 0;
    for (const rs of [...activeOld].sort(byCreation)) {
      if (cleaned >= maxScaledDown) break;
      const unhealthy = specReplicas(rs) - (rs.status?.availableReplicas ?? 0);
      if (specReplicas(rs) === 0 || unhealthy <= 0) continue;
      const count = Math.min(maxScaledDown - cleaned, unhealthy);
      await this.scaleAndRecord(rs, specReplicas(rs) - count);
      cleaned += count;
    }
    return cleaned + await this.scaleDownOldForRollingUpdate() > 0;
  }

  private async scaleDownOldForRollingUpdate(): Promise<number> {
    const d = this.deployment;
    const { newRS, oldRSs } = this.newAndOld();
    const minAvailable = desiredReplicas(d) - maxUnavailable(d);
    const available = totalStatus([...oldRSs.filter(isActive), newRS], 'availableReplicas');
    if (available <= minAvailable) return 0;
    const total = available - minAvailable;
    let scaled = 0;
    for (const rs of oldRSs.filter(isActive).sort(byCreation)) {
      if (scaled >= total) break;
      const count = Math.min(specReplicas(rs), total - scaled);
      await this.scaleAndRecord(rs, specReplicas(rs) - count);
      scaled += count;
    }
    return scaled;
  }

  private async rolloutRecreate(): Promise<number | undefined> {
    let { newRS, oldRSs } = await this.syncRevision(false);
    let scaledDown = false;
    for (const rs of oldRSs.filter(isActive)) scaledDown = (await this.scaleAndRecord(rs, 0)) || scaledDown;
    if (scaledDown) return this.syncRolloutStatus();
    if (this.oldPodsRunning(newRS, oldRSs)) return this.syncRolloutStatus();
    if (!newRS) ({ newRS, oldRSs } = await this.syncRevision(true));
    if (newRS) await this.scaleAndRecord(newRS, desiredReplicas(this.deployment));
    if (deploymentComplete(this.deployment, this.deployment.status ?? {})) await this.cleanup(this.newAndOld().oldRSs);
    return this.syncRolloutStatus();
  }

  private oldPodsRunning(newRS: V1ReplicaSet | undefined, oldRSs: V1ReplicaSet[]): boolean {
    if (totalStatus(oldRSs, 'replicas') > 0) return true;
    return oldRSs.filter((rs) => rs.metadata?.uid !== newRS?.metadata?.uid).some((rs) =>
      this.deps.podsOf(rs).some((pod) => pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded'));
  }

  private async syncRolloutStatus(): Promise<number | undefined> {
    const { newRS, oldRSs } = this.newAndOld();
    const status = rolloutStatus(this.deployment, [...oldRSs, newRS], newRS, this.now);
    const requeue = stuckRequeueAfter(this.deployment, status, this.now);
    await this.writeStatus(status);
    return requeue;
  }

  /** Deletes the oldest fully scaled-down ReplicaSets past revisionHistoryLimit. */
  private async cleanup(oldRSs: V1ReplicaSet[]): Promise<void> {
    const limit = this.deployment.spec?.revisionHistoryLimit;
    if (limit === undefined || limit === null) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    for (const rs of cleanable.sort(byRevision).slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0) continue;
      if ((rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        await this.deps.apps.deleteNamespacedReplicaSet({ namespace: this.namespace, name: rs.metadata!.name! });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      this.sets = this.sets.filter((set) => set !== rs);
    }
  }
}

