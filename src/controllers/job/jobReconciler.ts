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
import { BatchV1Api, CoreV1Api, type KubeConfig, type V1Job, type V1JobStatus, type V1Pod } from '@kubernetes/client-node';
import type { IndexReader } from '../../runtime/cache/index.js';
import type { ReconcileContext, Request, Result } from '../../runtime/controller/index.js';
import type { EventRecorder } from '../../runtime/events/index.js';
import { ControllerExpectations, isPodReady, JOB, objectReference } from '../common/index.js';
import { claimPods } from '../common/podClaims.js';
import { sameStatus } from '../common/sameStatus.js';
import { hasBackoffLimitPerIndex, perIndexState } from './backoffPerIndex.js';
import { formatIndexes, parseIndexes, podCompletionIndex } from './completionIndexes.js';
import { findJobCondition, jobFinishedCondition, setJobCondition } from './jobConditions.js';
import { judgeJob } from './jobCriteria.js';
import { JobPodManager } from './jobPodManager.js';
import { isTerminatingPod, podState } from './jobPodStates.js';
import { hasTrackingFinalizer, removeTrackingFinalizer } from './jobPods.js';
import type { PodBackoff } from './podBackoff.js';
import { matchPodFailurePolicy } from './podFailurePolicy.js';

/** The spec.managedBy value of the Jobs this controller syncs (as does a Job without one). */
export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';

export class JobReconciler {
  private readonly core: CoreV1Api;
  private readonly batch: BatchV1Api;
  private readonly podManager: JobPodManager;
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
    this.podManager = new JobPodManager(kubeConfig, recorder, expectations, backoff, now);
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
    const perIndex = hasBackoffLimitPerIndex(job) ? perIndexState(job, pods, (pod) => states.get(pod) === 'failed', completed, now) : undefined;
    if (perIndex) status.failedIndexes = formatIndexes(perIndex.failed);

    // 2. Success and failure criteria; the terminal condition waits for pods to terminate.
    let result: Result | void = undefined;
    if (!findJobCondition(job, 'FailureTarget') && !findJobCondition(job, 'SuccessCriteriaMet')) {
      const verdict = judgeJob(job, { active, succeeded, failed, completed, failedIndexes: perIndex?.failed }, now);
      if (verdict && 'type' in verdict) setJobCondition(job, verdict.type, 'True', verdict.reason, verdict.message, now);
      else if (verdict) result = verdict;
    }
    const failureTarget = findJobCondition(job, 'FailureTarget');
    const successMet = findJobCondition(job, 'SuccessCriteriaMet');
    let activeCount = active.length;
    if (failureTarget || successMet) {
      await this.podManager.deletePods(job, active);
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
      await this.podManager.deletePods(job, active);
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
        const managed = await this.podManager.manage(job, active, terminating, succeeded, completed, perIndex, log);
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

  /** The Job's pods: those it controls whose labels match, plus matching orphans it adopts. */
  private claimPods(job: V1Job): Promise<V1Pod[]> {
    const { namespace, name } = job.metadata as { namespace: string; name: string };
    return claimPods({
      owner: job, gvk: JOB, selector: job.spec!.selector, pods: this.pods, core: this.core,
      readOwner: () => this.batch.readNamespacedJob({ namespace, name }),
    });
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

  private async writeStatus(job: V1Job): Promise<void> {
    const updated = await this.batch.replaceNamespacedJobStatus({ namespace: job.metadata!.namespace!, name: job.metadata!.name!, body: job });
    job.metadata!.resourceVersion = updated.metadata?.resourceVersion;
  }
}

function uncountedStatus(uncounted: { succeeded: Set<string>; failed: Set<string> }): V1JobStatus['uncountedTerminatedPods'] {
  return {
    ...(uncounted.succeeded.size ? { succeeded: [...uncounted.succeeded] } : {}),
    ...(uncounted.failed.size ? { failed: [...uncounted.failed] } : {}),
  };
}
