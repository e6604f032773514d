// The Job a CronJob starts for one schedule time, as upstream's getJobFromTemplate2: named
// `<cronjob>-<schedule time in minutes since the epoch>`, the template's labels, annotations
// and spec, the `batch.kubernetes.io/cronjob-scheduled-timestamp` annotation (RFC 3339 in the
// CronJob's time zone) and the CronJob as controller owner.
import type { V1CronJob, V1Job } from '@kubernetes/client-node';

export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

export function jobNameFor(cronJobName: string, scheduledTime: Date): string {
  return `${cronJobName}-${Math.floor(scheduledTime.getTime() / 60_000)}`;
}

export function jobForSchedule(cronJob: V1CronJob, scheduledTime: Date): V1Job {
  const template = cronJob.spec!.jobTemplate;
  const { name, namespace, uid } = cronJob.metadata!;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobNameFor(name!, scheduledTime),
      namespace,
      labels: { ...template.metadata?.labels },
      annotations: { ...template.metadata?.annotations, [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339In(scheduledTime, cronJob.spec!.timeZone) },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: name!, uid: uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: structuredClone(template.spec),
  };
}

/** RFC 3339 with the zone's offset at that time (the machine's zone when none is named). */
export function rfc3339In(time: Date, timeZone?: string): string {
  const offsetMinutes = timeZone ? zoneOffsetMinutes(time, timeZone) : -time.getTimezoneOffset();
  const local = new Date(time.getTime() + offsetMinutes * 60_000).toISOString().replace(/\.\d+Z$/, '');
  if (offsetMinutes === 0) return `${local}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function zoneOffsetMinutes(time: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(time);
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(parts.find((p) => p.type === 'timeZoneName')?.value ?? '');
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}
