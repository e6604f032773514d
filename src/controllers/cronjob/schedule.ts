// A CronJob's schedule as upstream reads it: standard five-field cron text or a macro (@yearly,
// @annually, @monthly, @weekly, @daily, @midnight, @hourly), in spec.timeZone or a `CRON_TZ=`/
// `TZ=` prefix (the machine's zone otherwise); day-of-month and day-of-week combine as in
// Vixie cron (either matches when both are restricted). Times are computed by croner.
import { Cron } from 'croner';

/** More missed start times than this get the TooManyMissedTimes warning. */
export const MAX_MISSED_TIMES = 100;

export class CronSchedule {
  private readonly cron: Cron;

  /** Throws with croner's message when the text or the zone is not understood. */
  constructor(schedule: string, timeZone?: string) {
    const { zone, pattern } = splitZone(schedule.trim());
    const tz = timeZone ?? zone;
    if (tz !== undefined && !isKnownZone(tz)) throw new UnknownTimeZoneError(tz);
    this.cron = new Cron(pattern, { paused: true, mode: '5-part', domAndDow: false, timezone: tz });
  }

  /** The first schedule time strictly after `after`. */
  next(after: Date): Date | undefined {
    return this.cron.nextRun(after) ?? undefined;
  }

  /** The latest schedule time at or before `at`. */
  previous(at: Date): Date | undefined {
    return this.cron.previousRuns(1, new Date(at.getTime() + 1))[0];
  }
}

export class UnknownTimeZoneError extends Error {
  constructor(readonly zone: string) {
    super(`unknown time zone ${zone}`);
  }
}

function splitZone(schedule: string): { zone?: string; pattern: string } {
  const match = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(schedule);
  return match ? { zone: match[1], pattern: match[2] } : { pattern: schedule };
}

function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export interface MissedSchedules {
  /** The latest schedule time in (earliest, now], if any. */
  mostRecent?: Date;
  /** How many schedule times fell in (earliest, now], counted up to MAX_MISSED_TIMES + 1. */
  missed: number;
}

/**
 * The schedule times a CronJob has not acted on: those after its last schedule time (or its
 * creation), and after now - startingDeadlineSeconds when that is set.
 */
export function missedSchedules(schedule: CronSchedule, earliest: Date, now: Date): MissedSchedules {
  let missed = 0;
  for (let t = schedule.next(earliest); t && t <= now && missed <= MAX_MISSED_TIMES; t = schedule.next(t)) missed++;
  if (missed === 0) return { missed };
  return { missed, mostRecent: schedule.previous(now) };
}

/** The earliest time to look for missed schedules from, as upstream's mostRecentScheduleTime. */
export function earliestScheduleTime(created: Date, lastScheduleTime: Date | undefined, startingDeadlineSeconds: number | undefined, now: Date): Date {
  let earliest = lastScheduleTime ?? created;
  if (startingDeadlineSeconds !== undefined && startingDeadlineSeconds !== null) {
    const deadline = new Date(now.getTime() - startingDeadlineSeconds * 1000);
    if (deadline > earliest) earliest = deadline;
  }
  return earliest;
}
