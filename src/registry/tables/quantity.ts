// resource.Quantity as upstream prints it (Quantity.String): the canonical form (`1536Mi` for
// `1.5Gi`, `500m` for `0.5`, `1k` for `1000`), except that a quantity parsed from a string
// which is already in a short form keeps that string, as apimachinery caches it on parse.

type Format = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX = new Map(Object.entries(DECIMAL).map(([s, e]) => [e, s]));
const BINARY_SUFFIX = new Map(Object.entries(BINARY).map(([s, e]) => [e, s]));

interface Parsed {
  positive: boolean;
  /** The number as written, sign included, without the suffix. */
  value: string;
  /** Integer digits without leading zeros ("0" when none). */
  num: string;
  /** Fraction digits. */
  denom: string;
  suffix: string;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Splits a quantity string the way apimachinery's parseQuantityString does. */
function split(str: string): Parsed | undefined {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') {
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos), denom: '', suffix: '' };
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos]!)) pos++;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) return undefined;
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

function interpret(suffix: string): { base: 2 | 10; exponent: number; format: Format } | undefined {
  if (suffix in DECIMAL) return { base: 10, exponent: DECIMAL[suffix]!, format: 'DecimalSI' };
  if (suffix in BINARY) return { base: 2, exponent: BINARY[suffix]!, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[-+]?\d+$/.test(suffix.slice(1))) {
    return { base: 10, exponent: Number(suffix.slice(1)), format: 'DecimalExponent' };
  }
  return undefined;
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const INT64_MAX = 2n ** 63n - 1n;

/** An exact value: unscaled × 10^scale. */
interface Amount {
  unscaled: bigint;
  scale: number;
  format: Format;
}

/** The parsed amount, or the string itself when apimachinery would keep it as written. */
function parse(str: string): Amount | string | undefined {
  if (str === '0') return str;
  const p = split(str);
  if (!p) return undefined;
  const kind = interpret(p.suffix);
  if (!kind) return undefined;
  const { base, exponent } = kind;
  let { format } = kind;

  // The int64 fast path: it keeps the input string when that is already canonical-looking.
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (format === 'BinarySI') {
    if (exponent >= 0 && p.denom.length === 0) {
      mantissa = 1n << BigInt(exponent);
      precision = 15 - p.num.length - Math.trunc(Math.fround((exponent * 3) / 10)) - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = exponent;
    precision = 18 - (p.num.length + p.denom.length);
  }
  if (precision >= 0) {
    scale -= p.denom.length;
    if (scale >= -9) {
      const shifted = p.num + p.denom;
      const value = BigInt(shifted);
      let result = value * mantissa;
      if (result <= INT64_MAX) {
        if (!p.positive) result = -result;
        const keep =
          format === 'BinarySI'
            ? exponent % 10 === 0 && (value & 7n) !== 0n
            : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        if (keep) return str;
        return { unscaled: result, scale, format };
      }
    }
  }

  // The arbitrary precision path: exact value, rounded up (away from zero) to nano units.
  const digits = (p.value.replace(/^[-+]/, '').replace('.', '') || '0').replace(/^0+(?=\d)/, '');
  let unscaled = BigInt(digits);
  let s = -p.denom.length;
  if (base === 10) s += exponent;
  else unscaled *= 1n << BigInt(exponent);
  if (s < -9 && unscaled !== 0n) {
    const divisor = pow10(-9 - s);
    const q = unscaled / divisor;
    unscaled = unscaled % divisor === 0n ? q : q + 1n;
    s = -9;
  }
  if (format === 'BinarySI' && unscaled !== 0n && s < 0 && unscaled < pow10(-s)) format = 'DecimalSI';
  return { unscaled: p.positive ? unscaled : -unscaled, scale: s, format };
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

/** Moves every factor of `base` out of `n`: the rest and how many there were. */
function removeFactors(n: bigint, base: bigint): [bigint, number] {
  let times = 0;
  let rest = abs(n);
  while (rest >= base && rest % base === 0n) {
    rest /= base;
    times++;
  }
  return [n < 0n ? -rest : rest, times];
}

/** Quantity.CanonicalizeBytes. */
function canonical(a: Amount): string {
  if (a.unscaled === 0n) return '0';
  let format = a.format;
  let integer: bigint | undefined;
  if (format === 'BinarySI') {
    const whole = a.scale >= 0 ? a.unscaled * pow10(a.scale) : undefined;
    const exact = whole !== undefined || a.unscaled % pow10(-a.scale) === 0n;
    const value = whole ?? a.unscaled / pow10(-a.scale);
    if (!exact || (value > -1024n && value < 1024n)) format = 'DecimalSI';
    else integer = value;
  }
  if (integer !== undefined) {
    const [amount, times] = removeFactors(integer, 1024n);
    return `${amount}${BINARY_SUFFIX.get(times * 10) ?? ''}`;
  }
  let [amount, exponent] = removeFactors(a.unscaled, 10n);
  exponent += a.scale;
  while (exponent % 3 !== 0) {
    amount *= 10n;
    exponent--;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  return `${amount}${DECIMAL_SUFFIX.get(exponent) ?? ''}`;
}

/**
 * Quantity.String() of a JSON quantity (a string, or a number some clients send). A missing
 * quantity is Go's zero Quantity, `0`; text that is no quantity at all comes back unchanged.
 */
export function quantityString(value: unknown): string {
  if (value === undefined || value === null) return '0';
  const text = typeof value === 'number' ? String(value) : String(value).trim();
  const parsed = parse(text);
  if (parsed === undefined) return text;
  return typeof parsed === 'string' ? parsed : canonical(parsed);
}

/** A *Quantity's String(): `<nil>` when absent. */
export function quantityPointerString(value: unknown): string {
  return value === undefined || value === null ? '<nil>' : quantityString(value);
}
