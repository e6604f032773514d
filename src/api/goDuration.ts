// metav1.Duration's text form is Go's time.Duration string: "1h2m3.5s", "1.5ms", "0s".

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

// integer part of v / 10^prec, and its fraction without trailing zeros (with its dot)
function splitFraction(v: bigint, prec: number): [bigint, string] {
  const scale = 10n ** BigInt(prec);
  const frac = (v % scale).toString().padStart(prec, '0').replace(/0+$/, '');
  return [v / scale, frac ? `.${frac}` : ''];
}

/** Formats nanoseconds the way Go's time.Duration.String does. */
export function formatGoDuration(nanos: bigint | number): string {
  let u = BigInt(nanos);
  const neg = u < 0n;
  if (neg) u = -u;
  let out: string;
  if (u === 0n) return '0s';
  if (u < 1_000_000_000n) {
    const [prec, unit] = u < 1_000n ? [0, 'ns'] : u < 1_000_000n ? [3, 'µs'] : [6, 'ms'];
    const [whole, frac] = splitFraction(u, prec);
    out = `${whole}${frac}${unit}`;
  } else {
    const [secs, frac] = splitFraction(u, 9);
    out = `${secs % 60n}${frac}s`;
    const mins = secs / 60n;
    if (mins > 0n) {
      out = `${mins % 60n}m${out}`;
      const hours = mins / 60n;
      if (hours > 0n) out = `${hours}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** Parses a Go duration string ("300ms", "-1.5h", "2h45m") into nanoseconds. */
export function parseGoDuration(text: string): bigint {
  const fail = (): never => {
    throw new Error(`time: invalid duration ${JSON.stringify(text)}`);
  };
  let s = text;
  let neg = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') fail();
  let total = 0n;
  const part = /^(\d*)(?:\.(\d*))?([^\d.]+)/;
  while (s !== '') {
    const m = part.exec(s);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return fail();
    const unit = UNITS[m[3]!];
    if (unit === undefined) return fail();
    const frac = m[2] ?? '';
    total += BigInt(m[1] || '0') * unit;
    if (frac) total += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    s = s.slice(m[0].length);
  }
  return neg ? -total : total;
}
