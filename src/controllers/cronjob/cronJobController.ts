// Reconciles one CronJob, as upstream's cronjob-controller (v2): status.active is brought in
// line with its Jobs (finished ones leave it with a SawCompletedJob event, vanished ones with
// MissingJob; running ones it did not start are reported as UnexpectedJob); then, unless
// suspended, the most recent missed schedule time (within startingDeadlineSeconds) starts a
// Job `<cronjob>-<minutes since epoch>` — unless a run is active and concurrencyPolicy is
// Forbid (Replace deletes the running ones first); the status is written and finished Jobs
// beyond the history limits are deleted. It asks to be called again at the next schedule time.
import { BatchV1Api, type V1CronJob, type V1CronJobStatus, type V1Job, type V1ObjectReference } from '@kubernetes/client-node';
import type { IndexReader } from '../../runtime/cache/index.js';
import type { ReconcileContext, Request, Result } from '../../runtime/controller/index.js';
import type { EventRecorder } from '../../runtime/events/index.js';
import { controlledBy } from '../common/controllerIndex.js';
import { CRON_JOB, JOB, objectReference } from '../common/objectReference.js';
import { sameStatus } from '../common/sameStatus.js';
import { jobFinishedCondition } from '../job/index.js';
import { jobForSchedule } from './jobForSchedule.js';
import { CronSchedule, earliestScheduleTime, MAX_MISSED_TIMES, missedSchedules, UnknownTimeZoneError } from './schedule.js';

/** Wake a little after the schedule time so that it counts as passed. */
const NEXT_SCHEDULE_DELTA_MS = 100;

const timeOf = (value: Date | string | undefined): Date | undefined => (value ? new Date(value) : undefined);
const codeOf = (error: unknown) => (error as { code?: number }).code;

export class CronJobReconciler {
  private readonly batch: BatchV1Api;

  constructor(
    batch: BatchV1Api,
    private readonly cronJobs: IndexReader,
    private readonly jobs: IndexReader,
    private readonly recorder: EventRecorder,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.batch = batch;
  }

  async reconcile({ namespace, name }: Request, { log }: ReconcileContext): Promise<Result | void> {
    const cached = this.cronJobs.get(`${namespace}/${name}`) as V1CronJob | undefined;
    if (!cached) return;
    const cronJob = structuredClone(cached);
    const status = (cronJob.status ??= {});
    const before = structuredClone(status);
    const jobs = controlledBy<V1Job>(this.jobs, cronJob.metadata?.uid);
    const ref = objectReference(CRON_JOB, cronJob);

    await this.trackActiveJobs(cronJob, jobs);
    if (cronJob.metadata?.deletionTimestamp) return this.writeStatus(cronJob, before);

    let result: Result | void = undefined;
    let schedule: CronSchedule | undefined;
    try {
      schedule = new CronSchedule(cronJob.spec!.schedule, cronJob.spec!.timeZone);
    } catch (error) {
      if (error instanceof UnknownTimeZoneError) {
        this.recorder.event(ref, 'Warning', 'UnknownTimeZone', `invalid timeZone: "${error.zone}": unknown time zone ${error.zone}`);
      } else {
        this.recorder.event(ref, 'Warning', 'UnparseableSchedule', `unparseable schedule: "${cronJob.spec!.schedule}" : ${(error as Error).message}`);
      }
      log.info('schedule not understood', { schedule: cronJob.spec!.schedule, error: (error as Error).message });
    }
    if (schedule && !cronJob.spec!.suspend) result = await this.startDueJob(cronJob, schedule, jobs);
    await this.writeStatus(cronJob, before);
    await this.deleteOldFinishedJobs(cronJob, jobs);
    return result;
  }

  /** status.active without finished and vanished Jobs, with running Jobs it owns added. */
  private async trackActiveJobs(cronJob: V1CronJob, jobs: V1Job[]): Promise<void> {
    const status = cronJob.status!;
    const ref = objectReference(CRON_JOB, cronJob);
    const active = new Map((status.active ?? []).map((a) => [a.uid!, a]));
    const unexpected: V1Job[] = [];
    for (const job of jobs) {
      const uid = job.metadata!.uid!;
      const finished = jobFinishedCondition(job);
      if (!finished) {
        if (!active.has(uid) && !job.metadata?.deletionTimestamp) unexpected.push(job);
        continue;
      }
      if (finished.type === 'Complete') {
        const completed = timeOf(job.status?.completionTime);
        const last = timeOf(status.lastSuccessfulTime);
        if (completed && (!last || completed > last)) status.lastSuccessfulTime = completed;
      }
      if (active.delete(uid)) {
        this.recorder.event(ref, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata!.name}, condition: ${finished.type}`);
      }
    }
    if (unexpected.length) {
      // A running Job of ours not in status.active: made by this controller with the status write
      // not yet in the cache (then the server's status lists it), or by someone else
      // (`kubectl create job --from=cronjob/...`), which upstream only reports.
      const fresh = await this.batch.readNamespacedCronJob({ namespace: cronJob.metadata!.namespace!, name: cronJob.metadata!.name! });
      const known = new Set((fresh.status?.active ?? []).map((a) => a.uid));
      for (const job of unexpected) {
        if (known.has(job.metadata!.uid)) active.set(job.metadata!.uid!, objectReference(JOB, job));
        else this.recorder.event(ref, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${job.metadata!.name}`);
      }
    }
    const cached = new Set(jobs.map((job) => job.metadata!.uid));
    for (const [uid, activeRef] of active) {
      if (cached.has(uid)) continue;
      // Not in the cache: ask the server before forgetting it (the cache may lag a create).
      const live = await this.readJob(activeRef.namespace!, activeRef.name!);
      if (live?.metadata?.uid === uid) continue;
      this.recorder.event(ref, 'Normal', 'MissingJob', `Active job went missing: ${activeRef.name}`);
      active.delete(uid);
    }
    status.active = active.size ? [...active.values()] : undefined;
  }

  private async startDueJob(cronJob: V1CronJob, schedule: CronSchedule, jobs: V1Job[]): Promise<Result> {
    const now = this.now();
    const spec = cronJob.spec!;
    const status = cronJob.status!;
    const ref = objectReference(CRON_JOB, cronJob);
    const next = (): Result => {
      const at = schedule.next(now);
      return at ? { requeueAfter: Math.max(0, at.getTime() - now.getTime()) + NEXT_SCHEDULE_DELTA_MS } : {};
    };
    const earliest = earliestScheduleTime(new Date(cronJob.metadata!.creationTimestamp!), timeOf(status.lastScheduleTime), spec.startingDeadlineSeconds, now);
    const { mostRecent, missed } = missedSchedules(schedule, earliest, now);
    if (missed > MAX_MISSED_TIMES) {
      this.recorder.event(ref, 'Warning', 'TooManyMissedTimes',
        `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
    }
    // Times before now - startingDeadlineSeconds were left out above: they are skipped silently.
    if (!mostRecent) return next();
    const job = jobForSchedule(cronJob, mostRecent);
    const lastScheduled = timeOf(status.lastScheduleTime);
    if ((status.active ?? []).some((a) => a.name === job.metadata!.name) || (lastScheduled && lastScheduled.getTime() === mostRecent.getTime())) {
      return next();
    }
    const running = status.active ?? [];
    if (spec.concurrencyPolicy === 'Forbid' && running.length > 0) {
      this.recorder.event(ref, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return next();
    }
    if (spec.concurrencyPolicy === 'Replace') {
      for (const activeRef of running) await this.deleteJob(cronJob, activeRef);
      status.active = undefined;
    }
    let created: V1Job;
    try {
      created = await this.batch.createNamespacedJob({ namespace: cronJob.metadata!.namespace!, body: job });
      this.recorder.event(ref, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata!.name}`);
    } catch (error) {
      if (codeOf(error) !== 409) {
        this.recorder.event(ref, 'Warning', 'FailedCreate', `Error creating job: ${(error as Error).message}`);
        throw error;
      }
      // Made before (a status write was lost): adopt it as this schedule time's run if it is ours.
      const existing = jobs.find((j) => j.metadata?.name === job.metadata!.name) ?? await this.readJob(cronJob.metadata!.namespace!, job.metadata!.name!);
      if (!existing || existing.metadata?.ownerReferences?.every((o) => o.uid !== cronJob.metadata!.uid)) return next();
      created = existing;
    }
    if (!jobFinishedCondition(created)) status.active = [...(status.active ?? []), objectReference(JOB, created)];
    status.lastScheduleTime = mostRecent;
    return next();
  }

  /** Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit. */
  private async deleteOldFinishedJobs(cronJob: V1CronJob, jobs: V1Job[]): Promise<void> {
    const spec = cronJob.spec!;
    for (const [type, limit] of [['Complete', spec.successfulJobsHistoryLimit], ['Failed', spec.failedJobsHistoryLimit]] as const) {
      if (limit === undefined || limit === null) continue;
      const finished = jobs
        .filter((job) => !job.metadata?.deletionTimestamp && jobFinishedCondition(job)?.type === type)
        .sort((a, b) => startOf(a) - startOf(b));
      for (const job of finished.slice(0, Math.max(0, finished.length - limit))) {
        await this.deleteJob(cronJob, objectReference(JOB, job));
      }
    }
  }

  private async deleteJob(cronJob: V1CronJob, job: V1ObjectReference): Promise<void> {
    try {
      await this.batch.deleteNamespacedJob({ namespace: job.namespace!, name: job.name!, propagationPolicy: 'Background' });
    } catch (error) {
      if (codeOf(error) === 404) return;
      this.recorder.event(objectReference(CRON_JOB, cronJob), 'Warning', 'FailedDelete', `Deleted job: ${(error as Error).message}`);
      throw error;
    }
    this.recorder.event(objectReference(CRON_JOB, cronJob), 'Normal', 'SuccessfulDelete', `Deleted job ${job.name}`);
  }

  private async writeStatus(cronJob: V1CronJob, before: V1CronJobStatus): Promise<void> {
    if (sameStatus(cronJob.status, before)) return;
    const { namespace, name } = cronJob.metadata as { namespace: string; name: string };
    try {
      await this.batch.replaceNamespacedCronJobStatus({ namespace, name, body: cronJob });
    } catch (error) {
      if (codeOf(error) !== 409) throw error;
      // The cache lagged a write: once more on the object as it is now.
      const fresh = await this.batch.readNamespacedCronJob({ namespace, name });
      await this.batch.replaceNamespacedCronJobStatus({ namespace, name, body: { ...fresh, status: cronJob.status } });
    }
  }

  private async readJob(namespace: string, name: string): Promise<V1Job | undefined> {
    try {
      return await this.batch.readNamespacedJob({ namespace, name });
    } catch (error) {
      if (codeOf(error) === 404) return undefined;
      throw error;
    }
  }
}

/** A Job's start time, or its creation when it has not started. */
function startOf(job: V1Job): number {
  return new Date(job.status?.startTime ?? job.metadata!.creationTimestamp!).getTime();
}
