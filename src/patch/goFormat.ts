// How Go prints decoded JSON values (fmt's %v, reflect type names), for error texts upstream
// builds from them (e.g. `map: map[image:nginx] does not contain declared merge key: name`).

/** fmt's %v of a value decoded from JSON into interface{} (integers as int64). */
export function goV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return goNumber(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      const m = v as Record<string, unknown>;
      return `map[${Object.keys(m)
        .sort()
        .map((k) => `${k}:${goV(m[k])}`)
        .join(' ')}]`;
    }
    default:
      return String(v);
  }
}

/** An integer as int64 prints; other numbers as float64's %v (shortest, e-notation from 1e21 or below 1e-4). */
export function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const exp = n === 0 ? 0 : Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21) {
    const [mant, e] = n.toExponential().split('e') as [string, string];
    const sign = e.startsWith('-') ? '-' : '+';
    const digits = e.replace(/^[+-]/, '').padStart(2, '0');
    return `${mant}e${sign}${digits}`;
  }
  return String(n);
}

/** reflect.TypeOf(v).String() for a decoded JSON value ('' for nil, which has no type). */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return '[]interface {}';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(v) ? 'int64' : 'float64';
    case 'boolean':
      return 'bool';
    default:
      return 'map[string]interface {}';
  }
}

/** mergepatch.ErrBadArgType's text. */
export function badArgTypeText(expected: string, actual: unknown): string {
  const name = goTypeName(actual);
  return `expected a ${expected}, but received a ${name === '' ? '%!s(<nil>)' : name}`;
}
