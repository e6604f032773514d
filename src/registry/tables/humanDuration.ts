// Ages as kubectl prints them: the ~2-3 significant figure durations of apimachinery's
// duration.HumanDuration (`45s`, `3m2s`, `7h5m`, `2d3h`, `3y120d`), `<unknown>` for a missing
// timestamp and `<invalid>` for one more than a second in the future.

/** Unix milliseconds of Go's zero time (0001-01-01T00:00:00Z), which marks "no time". */
const GO_ZERO_TIME_MS = -62135596800000;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Parses an RFC 3339 Time/MicroTime; undefined for a missing, zero or unparsable one. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || ms === GO_ZERO_TIME_MS) return undefined;
  return ms;
}

/** Formats a duration given in milliseconds the way duration.HumanDuration does. */
export function humanDuration(ms: number): string {
  // Go truncates toward zero when it turns a duration into whole units.
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/** The time since `ms` (Unix milliseconds) at `now`, or `<unknown>` when there is none. */
export function durationSince(ms: number | undefined, now: Date): string {
  return ms === undefined ? '<unknown>' : humanDuration(now.getTime() - ms);
}

/** The age of a timestamp at `now`, or `<unknown>` when there is none. */
export function timestampSince(value: unknown, now: Date): string {
  return durationSince(parseTimestamp(value), now);
}
