// Whether a status a controller computed says what the stored one says, so that it writes only
// real changes (a write it did not need would come back through its own watch and loop).
// Key order does not count; neither do fields that are unset or zero-valued (0, false, '',
// empty lists and objects), which the API server may leave out; times compare to the second,
// as metav1.Time keeps them.

export function sameStatus(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace(/\.\d+Z$/, 'Z');
  if (typeof value === 'string') return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value) ? value.replace(/\.\d+Z$/, 'Z') : value;
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([key, v]) => [key, normalize(v)] as const)
      .filter(([, v]) => !isZero(v))
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return Object.fromEntries(entries);
  }
  return value;
}

function isZero(value: unknown): boolean {
  if (value === undefined || value === null || value === 0 || value === false || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}
