// The text forms of metav1.Time and metav1.MicroTime: RFC 3339 in UTC, whole seconds for Time
// (`2006-01-02T15:04:05Z`), six fractional digits for MicroTime (`2006-01-02T15:04:05.000000Z`).

/** Unix seconds of Go's zero time.Time (January 1, year 1, UTC): it marshals as JSON null. */
export const GO_ZERO_TIME_UNIX = -62135596800;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Formats Unix seconds (+ microseconds when `micros` is given) as RFC 3339 UTC. */
export function formatRfc3339(seconds: number, micros?: number): string {
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime())) throw new RangeError(`time ${seconds}s is out of range`);
  const year = d.getUTCFullYear();
  const y = year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
  const date = `${y}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  const time = `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  return micros === undefined ? `${date}T${time}Z` : `${date}T${time}.${pad(micros, 6)}Z`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Parses an RFC 3339 timestamp into Unix seconds and nanoseconds. */
export function parseRfc3339(text: string): { seconds: number; nanos: number } {
  const m = RFC3339.exec(text);
  if (!m) throw new Error(`parsing time ${JSON.stringify(text)} as RFC 3339`);
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const date = new Date(0);
  date.setUTCFullYear(+y!, +mo! - 1, +d!); // unlike Date.UTC, keeps years 0-99 as they are
  date.setUTCHours(+h!, +mi!, +s!, 0);
  let seconds = date.getTime() / 1000;
  if (sign) seconds -= (sign === '-' ? -1 : 1) * (+oh! * 3600 + +om! * 60);
  const nanos = frac ? Number(frac.padEnd(9, '0')) : 0;
  return { seconds, nanos };
}
