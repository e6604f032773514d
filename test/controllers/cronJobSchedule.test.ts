// The CronJob controller's schedule arithmetic: next and most recent times for standard cron
// text, macros and time zones; missed start times counted from the last schedule time or
// creation and bounded by startingDeadlineSeconds; Job names and the scheduled-timestamp
// annotation.
import type { V1CronJob } from '@kubernetes/client-node';
import {
  CronSchedule, earliestScheduleTime, jobForSchedule, jobNameFor, missedSchedules, SCHEDULED_TIMESTAMP_ANNOTATION,
} from '../../src/controllers/cronjob/index.js';

const at = (iso: string) => new Date(iso);

test('every minute: the next time is the next whole minute, the previous the current one', () => {
  const schedule = new CronSchedule('*/1 * * * *', 'UTC');
  expect(schedule.next(at('2026-11-22T00:18:49Z'))).toEqual(at('2026-11-22T00:19:00Z'));
  expect(schedule.next(at('2026-11-22T00:19:00Z'))).toEqual(at('2026-11-22T00:20:00Z'));
  expect(schedule.previous(at('2026-11-22T00:18:49Z'))).toEqual(at('2026-11-22T00:18:00Z'));
  expect(schedule.previous(at('2026-11-22T00:19:00Z'))).toEqual(at('2026-11-22T00:19:00Z'));
});

test('macros and ranges', () => {
  expect(new CronSchedule('@hourly', 'UTC').next(at('2026-11-22T00:18:49Z'))).toEqual(at('2026-11-22T01:00:00Z'));
  expect(new CronSchedule('@daily', 'UTC').next(at('2026-11-22T00:18:49Z'))).toEqual(at('2026-11-23T00:00:00Z'));
  expect(new CronSchedule('@weekly', 'UTC').next(at('2026-11-22T00:18:49Z'))).toEqual(at('2026-11-29T00:00:00Z')); // Sundays
  expect(new CronSchedule('@monthly', 'UTC').next(at('2026-11-22T00:18:49Z'))).toEqual(at('2026-12-01T00:00:00Z'));
  expect(new CronSchedule('@yearly', 'UTC').next(at('2026-11-22T00:18:49Z'))).toEqual(at('2027-01-01T00:00:00Z'));
  // Weekdays at 9:30: from Friday evening, the next is Monday.
  expect(new CronSchedule('30 9 * * 1-5', 'UTC').next(at('2026-11-20T18:00:00Z'))).toEqual(at('2026-11-23T09:30:00Z'));
  // Day of month and day of week both restricted: either matches (the 1st, or any Monday).
  expect(new CronSchedule('0 0 1 * 1', 'UTC').next(at('2026-11-22T00:00:00Z'))).toEqual(at('2026-11-23T00:00:00Z'));
});

test('time zones: spec.timeZone and the CRON_TZ prefix, with summer time', () => {
  // 09:00 in New York is 14:00 UTC in winter (EST) and 13:00 UTC in summer (EDT).
  expect(new CronSchedule('0 9 * * *', 'America/New_York').next(at('2026-11-22T00:00:00Z'))).toEqual(at('2026-11-22T14:00:00Z'));
  expect(new CronSchedule('0 9 * * *', 'America/New_York').next(at('2026-07-01T00:00:00Z'))).toEqual(at('2026-07-01T13:00:00Z'));
  expect(new CronSchedule('CRON_TZ=Asia/Tokyo 0 9 * * *').next(at('2026-11-22T00:00:00Z'))).toEqual(at('2026-11-23T00:00:00Z'));
  expect(() => new CronSchedule('0 9 * * *', 'Mars/Olympus')).toThrow('unknown time zone Mars/Olympus');
  expect(() => new CronSchedule('61 * * * *', 'UTC')).toThrow();
  expect(() => new CronSchedule('* * * *', 'UTC')).toThrow();
});

test('missed schedules: none before the first time, the most recent one after, counted to 101', () => {
  const schedule = new CronSchedule('*/1 * * * *', 'UTC');
  const created = at('2026-11-22T00:18:30Z');
  expect(missedSchedules(schedule, created, at('2026-11-22T00:18:59Z'))).toEqual({ missed: 0 });
  expect(missedSchedules(schedule, created, at('2026-11-22T00:19:00.100Z'))).toEqual({ missed: 1, mostRecent: at('2026-11-22T00:19:00Z') });
  expect(missedSchedules(schedule, created, at('2026-11-22T00:23:10Z'))).toEqual({ missed: 5, mostRecent: at('2026-11-22T00:23:00Z') });
  // The last schedule time itself does not count again.
  expect(missedSchedules(schedule, at('2026-11-22T00:23:00Z'), at('2026-11-22T00:23:10Z'))).toEqual({ missed: 0 });
  // Three hours down: more than 100 missed (counting stops at 101), the most recent still found.
  expect(missedSchedules(schedule, created, at('2026-11-22T03:18:40Z'))).toEqual({ missed: 101, mostRecent: at('2026-11-22T03:18:00Z') });
});

test('the earliest time looked at: last schedule time or creation, no earlier than the starting deadline', () => {
  const created = at('2026-11-22T00:00:00Z');
  const now = at('2026-11-22T03:00:00Z');
  expect(earliestScheduleTime(created, undefined, undefined, now)).toEqual(created);
  expect(earliestScheduleTime(created, at('2026-11-22T02:00:00Z'), undefined, now)).toEqual(at('2026-11-22T02:00:00Z'));
  expect(earliestScheduleTime(created, at('2026-11-22T02:00:00Z'), 200, now)).toEqual(at('2026-11-22T02:56:40Z'));
  expect(earliestScheduleTime(created, undefined, 0, now)).toEqual(now);
  // With a 200 s deadline after three hours down, only the last few minutes count: no warning.
  const schedule = new CronSchedule('*/1 * * * *', 'UTC');
  expect(missedSchedules(schedule, earliestScheduleTime(created, undefined, 200, now), now)).toEqual({ missed: 4, mostRecent: now });
});

test('the Job for a schedule time: name in minutes since the epoch, scheduled-timestamp annotation, owner', () => {
  const cronJob: V1CronJob = {
    metadata: { name: 'hello', namespace: 'ns', uid: 'u1' },
    spec: {
      schedule: '*/1 * * * *',
      timeZone: 'Europe/Berlin',
      jobTemplate: { metadata: { labels: { a: 'b' }, annotations: { c: 'd' } }, spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } },
    },
  };
  const time = at('2026-11-22T00:19:00Z');
  expect(jobNameFor('hello', time)).toBe(`hello-${time.getTime() / 60_000}`);
  const job = jobForSchedule(cronJob, time);
  expect(job.metadata).toEqual({
    name: 'hello-29921779',
    namespace: 'ns',
    labels: { a: 'b' },
    annotations: { c: 'd', [SCHEDULED_TIMESTAMP_ANNOTATION]: '2026-11-22T01:19:00+01:00' },
    ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: 'u1', controller: true, blockOwnerDeletion: true }],
  });
  expect(job.spec).toEqual(cronJob.spec!.jobTemplate.spec);
  expect(jobForSchedule({ ...cronJob, spec: { ...cronJob.spec!, timeZone: 'UTC' } }, time).metadata!.annotations![SCHEDULED_TIMESTAMP_ANNOTATION]).toBe('2026-11-22T00:19:00Z');
});
