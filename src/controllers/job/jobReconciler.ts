// Reconciles one Job (unless spec.managedBy names another controller), as upstream's
// job-controller syncJob with finalizer tracking:
//  1. its pods (claimed by selector: orphans adopted, strays released) are sorted into active,
//     terminating and finished; finished pods still holding the job-tracking finalizer are
//     recorded in status.uncountedTerminatedPods, written, their finalizers removed, then moved
//     into status.succeeded/failed (Indexed: status.completedIndexes);
//  2. success (a successPolicy rule met; completions reached; for a Job without completions,
//     any success and nothing active) sets SuccessCriteriaMet; failure sets FailureTarget: a
//     failed pod matching a podFailurePolicy FailJob rule (written with the pod's count),
//     failures beyond backoffLimit (not those an Ignore rule matches; with restartPolicy
//     OnFailure, container restarts), with backoffLimitPerIndex more failed indexes than
//     maxFailedIndexes or every index finished with some failed, or activeDeadlineSeconds
//     passed; then active pods are deleted and, once none is left terminating, Complete (with
//     completionTime) or Failed is set;
//  3. otherwise pods are created or deleted toward min(parallelism, remaining completions)
//     (none while suspended), after the failure back-off (per index with
//     backoffLimitPerIndex), with expectations so that a lagging cache never makes a pod twice.
import { BatchV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Job, type V1JobStatus, type V1Pod } from '@kubernetes/client-node';
import type { IndexReader } from '../../runtime/cache/index.js';
import type { ReconcileContext, Request, Result } from '../../runtime/controller/index.js';
import type { EventRecorder } from '../../runtime/events/index.js';
import {
  ControllerExpectations, ControllerRefManager, controlledBy, isPodReady, JOB, objectReference, PodControl, recheckDeletionTimestamp,
  selectorMatches, slowStartBatch, sortActivePods, SLOW_START_INITIAL_BATCH_SIZE, statusMessage,
} from '../common/index.js';
import { formatIndexes, parseIndexes, podCompletionIndex } from './completionIndexes.js';
import { findJobCondition, jobFinishedCondition, setJobCondition } from './jobConditions.js';
import { customizeJobPod, hasTrackingFinalizer, removeTrackingFinalizer } from './jobPods.js';
import { sameStatus } from '../common/sameStatus.js';
import { PodBackoff } from './podBackoff.js';
import { matchPodFailurePolicy } from './podFailurePolicy.js';
import { matchSuccessPolicy } from './successPolicy.js';
import { hasBackoffLimitPerIndex, indexBackoffRemaining, indexFailures, INDEX_FAILURE_COUNT, type IndexFailures } from './backoffPerIndex.js';

const smp = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);

/** The spec.managedBy value of the Jobs this controller syncs (as does a Job without one). */
export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';

export const MESSAGES = {
  backoffLimitExceeded: 'Job has reached the specified backoff limit',
  deadlineExceeded: 'Job was active longer than specified deadline',
  completionsReached: 'Reached expected number of succeeded pods',
  maxFailedIndexesExceeded: 'Job has exceeded the specified maximal number of failed indexes',
  failedIndexes: 'Job has failed indexes',
};

type PodState = 'active' | 'terminating' | 'succeeded' | 'failed';

/** backoffLimitPerIndex: the indexes failed for good and every index's failures so far. */
interface PerIndexState {
  failed: Set<number>;
  failures: IndexFailures;
}

/** Where a pod stands for its Job; deleted pods that did not succeed count as failed (upstream's isPodFailed). */
function podState(pod: V1Pod, job: V1Job): PodState {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded') return 'succeeded';
  if (phase === 'Failed') return 'failed';
  if (pod.metadata?.deletionTimestamp) return onlyReplaceFailedPods(job) ? 'terminating' : 'failed';
  return 'active';
}

/**
 * Pods count as failed only in phase Failed (and are replaced only then) with podReplacementPolicy
 * Failed, a podFailurePolicy or backoffLimitPerIndex.
 */
const onlyReplaceFailedPods = (job: V1Job) => job.spec?.podReplacementPolicy === 'Failed' || !!job.spec?.podFailurePolicy || hasBackoffLimitPerIndex(job);

const isTerminatingPod = (pod: V1Pod) => !!pod.metadata?.deletionTimestamp && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';

export class JobReconciler {
  private readonly core: CoreV1Api;
  private readonly batch: BatchV1Api;
  private readonly podControl: PodControl;
  /**
   * Per Job, the pods whose finalizer this controller removed and whose cached copy may still
   * show it (the pod watch can lag the Job's): they are counted already, never twice.
   */
  private readonly released = new Map<string, Set<string>>();

  constructor(
    kubeConfig: KubeConfig,
    private readonly jobs: IndexReader,
    private readonly pods: IndexReader,
    private readonly recorder: EventRecorder,
    readonly expectations: ControllerExpectations,
    private readonly backoff: PodBackoff,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.batch = kubeConfig.makeApiClient(BatchV1Api);
    this.podControl = new PodControl(kubeConfig, recorder);
  }

  async reconcile({ namespace, name }: Request, { log }: ReconcileContext): Promise<Result | void> {
    const key = `${namespace}/${name}`;
    const cached = this.jobs.get(key) as V1Job | undefined;
    if (!cached) {
      this.expectations.delete(key);
      this.backoff.forget(key);
      this.released.delete(key);
      await this.releaseOrphanedPods(namespace!, name);
      return;
    }
    // A Job another controller manages (spec.managedBy) is left to it.
    if (cached.spec?.managedBy && cached.spec.managedBy !== JOB_CONTROLLER_NAME) return;
    const job = structuredClone(cached);
    const pods = await this.claimPods(job);
    if (jobFinishedCondition(job)) {
      this.released.delete(key);
      // Finished: nothing more to count; any finalizer still on a pod only holds it back.
      for (const pod of pods) if (hasTrackingFinalizer(pod)) await removeTrackingFinalizer(this.core, pod);
      return;
    }
    const now = this.now();
    const before = structuredClone(job.status ?? {});
    const status: V1JobStatus = (job.status ??= {});
    const spec = job.spec!;
    const completions = spec.completions ?? undefined;
    const indexed = spec.completionMode === 'Indexed';
    const suspended = spec.suspend === true;

    if (!status.startTime && !suspended) status.startTime = now;

    // 1. Count finished pods through uncountedTerminatedPods and the finalizer.
    const uncounted = { succeeded: new Set(status.uncountedTerminatedPods?.succeeded ?? []), failed: new Set(status.uncountedTerminatedPods?.failed ?? []) };
    const completed = indexed ? parseIndexes(status.completedIndexes, completions ?? 0) : new Set<number>();
    const newlyFinished: { pod: V1Pod; succeeded: boolean }[] = [];
    const toRelease: V1Pod[] = [];
    let failJob: string | undefined;
    const states = new Map(pods.map((pod) => [pod, podState(pod, job)]));
    const releasedBefore = this.released.get(key) ?? new Set<string>();
    for (const pod of pods) if (!hasTrackingFinalizer(pod)) releasedBefore.delete(pod.metadata!.uid!);
    for (const [pod, state] of states) {
      if ((state !== 'succeeded' && state !== 'failed') || !hasTrackingFinalizer(pod)) continue;
      const uid = pod.metadata!.uid!;
      if (releasedBefore.has(uid) && !uncounted.succeeded.has(uid) && !uncounted.failed.has(uid)) continue;
      toRelease.push(pod);
      if (uncounted.succeeded.has(uid) || uncounted.failed.has(uid)) continue;
      const succeeded = state === 'succeeded';
      const policy = succeeded ? undefined : matchPodFailurePolicy(job, pod);
      if (policy?.action === 'FailJob') failJob ??= policy.message;
      if (policy?.action === 'Ignore') continue; // released without being counted
      (succeeded ? uncounted.succeeded : uncounted.failed).add(uid);
      newlyFinished.push({ pod, succeeded });
      if (succeeded && indexed) {
        const index = podCompletionIndex(pod, completions ?? 0);
        if (index !== undefined) completed.add(index);
      }
    }
    this.backoff.observe(key, newlyFinished, now.getTime());
    if (indexed) {
      status.completedIndexes = formatIndexes(completed);
      status.succeeded = completed.size;
    }
    if (failJob && !findJobCondition(job, 'FailureTarget') && !findJobCondition(job, 'SuccessCriteriaMet')) {
      setJobCondition(job, 'FailureTarget', 'True', 'PodFailurePolicy', failJob, now);
    }
    if (newlyFinished.length) {
      status.uncountedTerminatedPods = uncountedStatus(uncounted);
      await this.writeStatus(job);
    }
    const released = new Set<string>();
    const present = new Map(pods.map((pod) => [pod.metadata!.uid!, pod]));
    for (const pod of toRelease) if (await removeTrackingFinalizer(this.core, pod)) released.add(pod.metadata!.uid!);
    this.released.set(key, new Set([...[...releasedBefore].filter((uid) => present.has(uid)), ...released]));
    // Uncounted pods whose finalizer is off (or that are gone) move into the counters.
    for (const kind of ['succeeded', 'failed'] as const) {
      for (const uid of [...uncounted[kind]]) {
        const pod = present.get(uid);
        if (pod && hasTrackingFinalizer(pod) && !released.has(uid) && !releasedBefore.has(uid)) continue;
        uncounted[kind].delete(uid);
        if (kind === 'failed') status.failed = (status.failed ?? 0) + 1;
        else if (!indexed) status.succeeded = (status.succeeded ?? 0) + 1;
      }
    }
    status.uncountedTerminatedPods = uncountedStatus(uncounted);

    const active = pods.filter((pod) => states.get(pod) === 'active');
    const terminating = pods.filter(isTerminatingPod);
    const succeeded = indexed ? completed.size : (status.succeeded ?? 0) + uncounted.succeeded.size;
    const failed = (status.failed ?? 0) + uncounted.failed.size;
    const perIndex = hasBackoffLimitPerIndex(job) ? this.failedIndexes(job, pods, states, completed, now) : undefined;
    if (perIndex) status.failedIndexes = formatIndexes(perIndex.failed);

    // 2. Success and failure criteria; the terminal condition waits for pods to terminate.
    let result: Result | void = undefined;
    if (!findJobCondition(job, 'FailureTarget') && !findJobCondition(job, 'SuccessCriteriaMet')) {
      const deadline = spec.activeDeadlineSeconds;
      const startedAt = status.startTime ? new Date(status.startTime).getTime() : undefined;
      if (perIndex && spec.maxFailedIndexes !== undefined && spec.maxFailedIndexes !== null && perIndex.failed.size > spec.maxFailedIndexes) {
        setJobCondition(job, 'FailureTarget', 'True', 'MaxFailedIndexesExceeded', MESSAGES.maxFailedIndexesExceeded, now);
      } else if (perIndex && perIndex.failed.size > 0 && completed.size + perIndex.failed.size >= (completions ?? 0)) {
        setJobCondition(job, 'FailureTarget', 'True', 'FailedIndexes', MESSAGES.failedIndexes, now);
      } else if (!perIndex && (failed > (spec.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, active))) {
        setJobCondition(job, 'FailureTarget', 'True', 'BackoffLimitExceeded', MESSAGES.backoffLimitExceeded, now);
      } else if (deadline !== undefined && deadline !== null && startedAt !== undefined && !suspended && now.getTime() - startedAt >= deadline * 1000) {
        setJobCondition(job, 'FailureTarget', 'True', 'DeadlineExceeded', MESSAGES.deadlineExceeded, now);
      } else if (indexed && matchSuccessPolicy(job, completed)) {
        setJobCondition(job, 'SuccessCriteriaMet', 'True', 'SuccessPolicy', matchSuccessPolicy(job, completed)!, now);
      } else if (completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0) {
        setJobCondition(job, 'SuccessCriteriaMet', 'True', 'CompletionsReached', MESSAGES.completionsReached, now);
      } else if (deadline !== undefined && deadline !== null && startedAt !== undefined && !suspended) {
        result = { requeueAfter: startedAt + deadline * 1000 - now.getTime() };
      }
    }
    const failureTarget = findJobCondition(job, 'FailureTarget');
    const successMet = findJobCondition(job, 'SuccessCriteriaMet');
    let activeCount = active.length;
    if (failureTarget || successMet) {
      await this.deletePods(job, active);
      activeCount = 0;
      if (active.length === 0 && terminating.length === 0 && uncounted.succeeded.size === 0 && uncounted.failed.size === 0) {
        if (failureTarget) {
          setJobCondition(job, 'Failed', 'True', failureTarget.reason!, failureTarget.message!, now);
          this.recorder.event(objectReference(JOB, job), 'Warning', failureTarget.reason!, failureTarget.message!);
        } else {
          setJobCondition(job, 'Complete', 'True', successMet!.reason!, successMet!.message!, now);
          status.completionTime = now;
          this.recorder.event(objectReference(JOB, job), 'Normal', 'Completed', 'Job completed');
        }
      }
    } else if (suspended) {
      await this.deletePods(job, active);
      activeCount = 0;
      if (setJobCondition(job, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now)) {
        this.recorder.event(objectReference(JOB, job), 'Normal', 'Suspended', 'Job suspended');
      }
    } else {
      if (findJobCondition(job, 'Suspended')?.status === 'True') {
        setJobCondition(job, 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
        this.recorder.event(objectReference(JOB, job), 'Normal', 'Resumed', 'Job resumed');
        status.startTime = now;
      }
      // 3. Pods toward the wanted number.
      if (this.expectations.satisfied(key)) {
        const managed = await this.manageActive(job, active, terminating, succeeded, completed, perIndex, log);
        activeCount = managed.active;
        if (managed.requeueAfter !== undefined) result = { requeueAfter: managed.requeueAfter };
      }
    }

    status.active = activeCount;
    status.ready = active.filter(isPodReady).length;
    status.terminating = terminating.length + (failureTarget || successMet || suspended ? active.length : 0);
    if (!sameStatus(status, before)) await this.writeStatus(job);
    return result;
  }

  /**
   * Creates or deletes pods toward min(parallelism, what remains); returns the active count after.
   * (Indexed: pending indexes are also skipped while a terminating pod still holds them.)
   */
  private async manageActive(
    job: V1Job, active: V1Pod[], terminating: V1Pod[], succeeded: number, completed: Set<number>,
    perIndex: PerIndexState | undefined, log: ReconcileContext['log'],
  ): Promise<{ active: number; requeueAfter?: number }> {
    const spec = job.spec!;
    const key = `${job.metadata!.namespace}/${job.metadata!.name}`;
    // podReplacementPolicy Failed: a terminating pod is replaced only once it has failed.
    const waitForTerminating = onlyReplaceFailedPods(job);
    const parallelism = spec.parallelism ?? 1;
    const completions = spec.completions ?? undefined;
    let want: number;
    if (completions === undefined) want = succeeded > 0 ? Math.min(active.length, parallelism) : parallelism;
    else want = Math.max(0, Math.min(parallelism, completions - succeeded - (perIndex?.failed.size ?? 0)));
    const done = (index: number) => completed.has(index) || !!perIndex?.failed.has(index);

    // Indexed: pods of completed (or failed) indexes, and second pods of one index, go first.
    let surplus: V1Pod[] = [];
    let pending: number[] = [];
    if (spec.completionMode === 'Indexed') {
      const seen = new Set<number>();
      const keep: V1Pod[] = [];
      for (const pod of sortActivePods(active).reverse()) {
        const index = podCompletionIndex(pod, completions ?? 0);
        if (index === undefined || done(index) || seen.has(index)) surplus.push(pod);
        else {
          seen.add(index);
          keep.push(pod);
        }
      }
      const held = new Set(waitForTerminating ? terminating.map((pod) => podCompletionIndex(pod, completions ?? 0)) : []);
      pending = Array.from({ length: completions ?? 0 }, (_, i) => i).filter((i) => !done(i) && !seen.has(i) && !held.has(i));
      active = keep;
    }
    const excess = active.length > want ? sortActivePods(active).slice(0, active.length - want) : [];
    surplus = [...surplus, ...excess];
    if (surplus.length) {
      await this.deletePods(job, surplus);
      return { active: active.length - excess.length };
    }
    const missing = want - active.length - (waitForTerminating ? terminating.length : 0);
    if (missing <= 0) return { active: active.length };
    const nowMs = this.now().getTime();
    let requeueAfter: number | undefined;
    if (perIndex) {
      // Each index waits out its own back-off.
      const waits = pending.map((index) => indexBackoffRemaining(perIndex.failures, index, nowMs));
      const positive = waits.filter((w) => w > 0);
      if (positive.length) requeueAfter = Math.min(...positive);
      pending = pending.filter((_, i) => waits[i] === 0);
    } else {
      const wait = this.backoff.remaining(key, nowMs);
      if (wait > 0) return { active: active.length, requeueAfter: wait };
    }

    const indexes = spec.completionMode === 'Indexed' ? pending.slice(0, missing) : Array.from({ length: missing }, () => undefined);
    if (!indexes.length) return { active: active.length, requeueAfter };
    this.expectations.expectCreations(key, indexes.length);
    const queue = [...indexes];
    const { successes, error } = await slowStartBatch(indexes.length, SLOW_START_INITIAL_BATCH_SIZE, async () => {
      const index = queue.shift();
      try {
        await this.podControl.createPod(job, JOB, job.spec!.template, (pod) => {
          customizeJobPod(pod, job.metadata!.name!, index);
          if (perIndex && index !== undefined) pod.metadata!.annotations![INDEX_FAILURE_COUNT] = String(perIndex.failures.counts.get(index) ?? 0);
        });
      } catch (failure) {
        this.expectations.creationObserved(key);
        throw failure;
      }
    });
    this.expectations.lowerCreations(key, indexes.length - successes - (error ? 1 : 0));
    if (error) log.info('creating pods failed', { error: statusMessage(error) });
    if (error && (error as { code?: number }).code !== 403) throw error;
    return { active: active.length + successes, requeueAfter };
  }

  private async deletePods(job: V1Job, pods: V1Pod[]): Promise<void> {
    if (!pods.length) return;
    const key = `${job.metadata!.namespace}/${job.metadata!.name}`;
    this.expectations.expectDeletions(key, pods.map((pod) => `${pod.metadata!.namespace}/${pod.metadata!.name}`));
    await Promise.all(pods.map(async (pod) => {
      const podKey = `${pod.metadata!.namespace}/${pod.metadata!.name}`;
      try {
        await this.podControl.deletePod(job, JOB, pod.metadata!.namespace!, pod.metadata!.name!);
      } catch (error) {
        this.expectations.deletionObserved(key, podKey);
        if ((error as { code?: number }).code !== 404) throw error;
      }
    }));
  }

  /** The Job's pods: those it controls whose labels match, plus matching orphans it adopts. */
  private async claimPods(job: V1Job): Promise<V1Pod[]> {
    const owned = controlledBy<V1Pod>(this.pods, job.metadata!.uid);
    const orphans = (this.pods.byIndex('namespace', job.metadata!.namespace!) as unknown as V1Pod[])
      .filter((pod) => !pod.metadata?.ownerReferences?.some((o) => o.controller) && selectorMatches(job.spec!.selector, pod.metadata?.labels));
    if (!orphans.length && owned.every((pod) => selectorMatches(job.spec!.selector, pod.metadata?.labels))) return owned;
    const manager = new ControllerRefManager<V1Pod>({
      controller: job,
      gvk: JOB,
      selector: job.spec!.selector,
      patch: (namespace, name, body) => this.core.patchNamespacedPod({ namespace, name, body }, smp),
      canAdopt: recheckDeletionTimestamp(job, () => this.batch.readNamespacedJob({ namespace: job.metadata!.namespace!, name: job.metadata!.name! })),
    });
    return manager.claim([...owned, ...orphans]);
  }

  /** Pods of a Job that is gone keep no tracking finalizer (upstream's orphan pod clean-up). */
  private async releaseOrphanedPods(namespace: string, jobName: string): Promise<void> {
    const pods = (this.pods.byIndex('namespace', namespace) as unknown as V1Pod[]).filter((pod) => hasTrackingFinalizer(pod)
      && pod.metadata?.ownerReferences?.some((o) => o.kind === 'Job' && o.name === jobName && o.controller));
    for (const pod of pods) {
      const owner = pod.metadata!.ownerReferences!.find((o) => o.controller)!;
      const live = this.jobs.get(`${namespace}/${jobName}`);
      if (live?.metadata?.uid === owner.uid) continue;
      await removeTrackingFinalizer(this.core, pod);
    }
  }

  /** backoffLimitPerIndex: the failed indexes (those past the limit or a FailIndex rule), not the completed ones. */
  private failedIndexes(job: V1Job, pods: V1Pod[], states: Map<V1Pod, PodState>, completed: Set<number>, now: Date): PerIndexState {
    const completions = job.spec!.completions ?? 0;
    const policies = new Map(pods.filter((pod) => states.get(pod) === 'failed').map((pod) => [pod, matchPodFailurePolicy(job, pod)]));
    const ignored = new Set([...policies].filter(([, match]) => match?.action === 'Ignore').map(([pod]) => pod));
    const failures = indexFailures(job, pods, (pod) => states.get(pod) === 'failed', ignored, now.getTime());
    const failed = parseIndexes(job.status?.failedIndexes, completions);
    for (const [index, count] of failures.counts) if (count > job.spec!.backoffLimitPerIndex!) failed.add(index);
    for (const [pod, match] of policies) {
      const index = podCompletionIndex(pod, completions);
      if (match?.action === 'FailIndex' && index !== undefined) failed.add(index);
    }
    for (const index of completed) failed.delete(index);
    return { failed, failures };
  }

  private async writeStatus(job: V1Job): Promise<void> {
    const updated = await this.batch.replaceNamespacedJobStatus({ namespace: job.metadata!.namespace!, name: job.metadata!.name!, body: job });
    job.metadata!.resourceVersion = updated.metadata?.resourceVersion;
  }
}

/**
 * restartPolicy OnFailure: pods do not fail, their containers restart; the restarts of the
 * running and pending pods count toward backoffLimit (any restart when it is 0).
 */
function pastBackoffLimitOnFailure(job: V1Job, active: V1Pod[]): boolean {
  if (job.spec!.template.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const pod of active) {
    if (pod.status?.phase !== 'Running' && pod.status?.phase !== 'Pending') continue;
    for (const status of [...(pod.status.initContainerStatuses ?? []), ...(pod.status.containerStatuses ?? [])]) restarts += status.restartCount ?? 0;
  }
  const limit = job.spec!.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

function uncountedStatus(uncounted: { succeeded: Set<string>; failed: Set<string> }): V1JobStatus['uncountedTerminatedPods'] {
  return {
    ...(uncounted.succeeded.size ? { succeeded: [...uncounted.succeeded] } : {}),
    ...(uncounted.failed.size ? { failed: [...uncounted.failed] } : {}),
  };
}
