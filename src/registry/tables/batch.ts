// The batch/v1 tables: Job (STATUS, COMPLETIONS `1/3` or `0/1 of 3`, DURATION) and CronJob
// (SCHEDULE, TIMEZONE, SUSPEND, ACTIVE, LAST SCHEDULE).
import type { CronJob, Job } from '../../api/index.js';
import {
  AGE,
  NAME,
  ageOf,
  boolPointer,
  column,
  containerCells,
  defineTable,
  doc,
  nameOf,
  templateColumns,
} from './columns.js';
import { humanDuration, parseTimestamp, timestampSince } from './humanDuration.js';
import { formatLabelSelector } from './labels.js';
import type { TableConvertor } from './types.js';

type JobSpec = NonNullable<Job['spec']>;

/** The COMPLETIONS cell; both counts unset default to one completion, as the API does. */
export function jobCompletions(spec: Partial<JobSpec> | undefined, succeeded: number): string {
  let completions = spec?.completions ?? undefined;
  if (completions === undefined && (spec?.parallelism ?? undefined) === undefined) completions = 1;
  if (completions !== undefined) return `${succeeded}/${completions}`;
  const parallelism = spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** The DURATION cell: start to completion, or start to now while running; empty before start. */
export function jobDuration(job: Job, now: Date): string {
  const start = parseTimestamp(job.status?.startTime);
  if (start === undefined) return '';
  const completion = parseTimestamp(job.status?.completionTime);
  return humanDuration((completion ?? now.getTime()) - start);
}

function hasCondition(job: Job, type: string): boolean {
  // the first condition of the type decides
  const condition = (job.status?.conditions ?? []).find((c) => c.type === type);
  return condition?.status === 'True';
}

export function jobStatus(job: Job): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

const jobTable = defineTable<Job>({
  columns: [
    NAME,
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', doc('batch/v1.JobStatus.succeeded')),
    column('Duration', 'string', 'Time required to complete the job.'),
    AGE,
    ...templateColumns({ wide: true }),
    column('Selector', 'string', doc('batch/v1.JobSpec.selector'), { wide: true }),
  ],
  cells(job, now) {
    return [
      nameOf(job),
      jobStatus(job),
      jobCompletions(job.spec, job.status?.succeeded ?? 0),
      jobDuration(job, now),
      ageOf(job, now),
      ...containerCells(job.spec?.template?.spec?.containers),
      formatLabelSelector(job.spec?.selector),
    ];
  },
});

const cronJobTable = defineTable<CronJob>({
  columns: [
    NAME,
    column('Schedule', 'string', doc('batch/v1beta1.CronJobSpec.schedule')),
    column('Timezone', 'string', doc('batch/v1beta1.CronJobSpec.timeZone')),
    column('Suspend', 'boolean', doc('batch/v1beta1.CronJobSpec.suspend')),
    column('Active', 'integer', doc('batch/v1beta1.CronJobStatus.active')),
    column('Last Schedule', 'string', doc('batch/v1beta1.CronJobStatus.lastScheduleTime')),
    AGE,
    ...templateColumns({ wide: true }),
    column('Selector', 'string', doc('batch/v1.JobSpec.selector'), { wide: true }),
  ],
  cells(cj, now) {
    const jobSpec = cj.spec?.jobTemplate?.spec;
    const last = cj.status?.lastScheduleTime;
    return [
      nameOf(cj),
      cj.spec?.schedule ?? '',
      cj.spec?.timeZone ?? '<none>',
      // suspend defaults to false
      boolPointer(cj.spec?.suspend ?? false),
      (cj.status?.active ?? []).length,
      last === undefined || last === null ? '<none>' : timestampSince(last, now),
      ageOf(cj, now),
      ...containerCells(jobSpec?.template?.spec?.containers),
      formatLabelSelector(jobSpec?.selector),
    ];
  },
});

/** batch/v1 kinds, by kind. */
export const batchTables: Record<string, TableConvertor> = {
  Job: jobTable,
  CronJob: cronJobTable,
};
