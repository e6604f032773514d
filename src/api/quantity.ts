// resource.Quantity with upstream's semantics: parsing ("500m", "1.5Gi", "1e3"), the canonical
// form the API server writes back ("0.5" becomes "500m", "1024Mi" becomes "1Gi"; some inputs
// are kept verbatim, as upstream caches them), exact comparison, rounding up to a scale (what
// defaulting does to every ResourceList: milli precision), and the error texts of bad input.
// Values are exact: unscaled × 10^scale with a bigint unscaled part.

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

export class QuantityParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityParseError';
  }
}

const NANO = -9;
const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalSuffixByExponent = new Map(Object.entries(decimalSuffixes).map(([s, e]) => [e, s]));
const binarySuffixByExponent = new Map<number, string>([[0, ''], ...Object.entries(binarySuffixes).map(([s, e]) => [e, s] as [number, string])]);

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Divides toward zero, rounding the magnitude up when anything was cut (inf.RoundUp). */
function divRoundAway(value: bigint, divisor: bigint): { result: bigint; exact: boolean } {
  const q = value / divisor;
  const exact = q * divisor === value;
  if (exact) return { result: q, exact };
  return { result: value < 0n ? q - 1n : q + 1n, exact };
}

export class Quantity {
  private constructor(
    /** value = unscaled × 10^scale */
    readonly unscaled: bigint,
    readonly scale: number,
    readonly format: QuantityFormat,
    /** The cached string form (upstream's q.s): written as-is when set. */
    readonly cached: string,
    /** Whether upstream holds it as an inf.Dec (true) or an int64 amount (false). */
    readonly isDec: boolean,
  ) {}

  static zero(format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(0n, 0, format, '', false);
  }

  static fromInt(value: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(value), 0, format, '', false);
  }

  /** Parses a quantity from its JSON form (a string, or a number as some clients send). */
  static fromJSON(value: unknown): Quantity {
    if (typeof value === 'number') return Quantity.parse(String(value));
    if (typeof value === 'string') return Quantity.parse(value.trim());
    throw new QuantityParseError(QUANTITY_FORMAT_ERROR);
  }

  /** resource.ParseQuantity. Throws QuantityParseError with upstream's texts. */
  static parse(str: string): Quantity {
    if (str.length === 0) throw new QuantityParseError(QUANTITY_FORMAT_ERROR);
    if (str === '0') return new Quantity(0n, 0, 'DecimalSI', str, false);
    const parts = splitQuantity(str);
    const interpreted = interpretSuffix(parts.suffix);
    if (!interpreted) throw new QuantityParseError(QUANTITY_SUFFIX_ERROR);
    const { base, exponent } = interpreted;
    let format = interpreted.format;
    const { num, denom, positive } = parts;

    let precision: number;
    let scale = 0;
    let mantissa = 1n;
    if (format === 'BinarySI') {
      if (exponent >= 0 && denom.length === 0) {
        mantissa = 1n << BigInt(exponent);
        precision = 15 - num.length - Math.trunc(Math.fround((exponent * 3) / 10)) - 1;
      } else {
        precision = -1;
      }
    } else {
      scale = exponent;
      precision = 18 - (num.length + denom.length);
    }

    if (precision >= 0) {
      scale -= denom.length;
      if (scale >= NANO) {
        const shifted = num + denom;
        const value = BigInt(shifted);
        const product = value * mantissa;
        if (product <= MAX_INT64) {
          const result = positive ? product : -product;
          let keep = false;
          if (format === 'BinarySI') keep = exponent % 10 === 0 && (value & 7n) !== 0n;
          else keep = scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
          return new Quantity(result, scale, format, keep ? str : '', false);
        }
      }
    }

    // The arbitrary-precision path: exact value, rounded up to nano precision.
    const digits = BigInt(num + denom);
    let unscaled = digits;
    let decScale = -denom.length;
    if (base === 10) decScale += exponent;
    else unscaled *= 1n << BigInt(exponent);
    if (decScale < NANO && unscaled !== 0n) {
      unscaled = divRoundAway(unscaled, pow10(NANO - decScale)).result;
      decScale = NANO;
    }
    if (format === 'BinarySI' && compareScaled(unscaled, decScale, MAX_INT64, 0) > 0) {
      unscaled = MAX_INT64;
      decScale = 0;
    }
    if (format === 'BinarySI' && compareScaled(unscaled, decScale, 1n, 0) < 0 && unscaled > 0n) {
      format = 'DecimalSI';
    }
    return new Quantity(positive ? unscaled : -unscaled, decScale, format, '', true);
  }

  isZero(): boolean {
    return this.unscaled === 0n;
  }

  sign(): number {
    return this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1;
  }

  cmp(other: Quantity): number {
    return compareScaled(this.unscaled, this.scale, other.unscaled, other.scale);
  }

  cmpInt(value: number | bigint): number {
    return compareScaled(this.unscaled, this.scale, BigInt(value), 0);
  }

  /** The value at a scale, rounded away from zero (upstream's AsScaledInt64), as a bigint. */
  scaledValue(scale: number): bigint {
    if (this.scale >= scale) return this.unscaled * pow10(this.scale - scale);
    return divRoundAway(this.unscaled, pow10(scale - this.scale)).result;
  }

  /** Value(): rounded up to an integer. */
  value(): bigint {
    return this.scaledValue(0);
  }

  /** MilliValue(): rounded up to thousandths, in thousandths. */
  milliValue(): bigint {
    return this.scaledValue(-3);
  }

  /** RoundUp(scale): rounds to that precision (away from zero); drops the cached string if it changed. */
  roundUp(scale: number): Quantity {
    if (!this.isDec && this.scale >= scale) return this;
    if (this.scale >= scale) return new Quantity(this.unscaled, this.scale, this.format, '', this.isDec);
    const { result } = divRoundAway(this.unscaled, pow10(scale - this.scale));
    return new Quantity(result, scale, this.format, '', this.isDec);
  }

  /** String(): the cached form if any, else the canonical one. */
  toString(): string {
    return this.cached || this.canonical();
  }

  /** MarshalJSON's string. */
  toJSON(): string {
    return this.toString();
  }

  /** The canonical form (CanonicalizeBytes). */
  canonical(): string {
    if (this.unscaled === 0n) return '0';
    let format = this.format;
    if (format === 'BinarySI') {
      if (this.cmpInt(-1024) > 0 && this.cmpInt(1024) < 0) format = 'DecimalSI';
      else if (!this.isExactInteger()) format = 'DecimalSI';
    }
    if (format === 'BinarySI') {
      let amount = this.scaledValue(0);
      let times = 0;
      const negative = amount < 0n;
      if (negative) amount = -amount;
      while (amount >= 1024n && amount % 1024n === 0n) {
        amount /= 1024n;
        times++;
      }
      const suffix = binarySuffixByExponent.get(times * 10) ?? '';
      return `${negative ? '-' : ''}${amount}${suffix}`;
    }
    let amount = this.unscaled;
    let exponent = this.scale;
    const negative = amount < 0n;
    if (negative) amount = -amount;
    while (amount >= 10n && amount % 10n === 0n) {
      amount /= 10n;
      exponent++;
    }
    while (exponent % 3 !== 0) {
      amount *= 10n;
      exponent--;
    }
    const number = `${negative ? '-' : ''}${amount}`;
    if (format === 'DecimalSI') return number + (decimalSuffixByExponent.get(exponent) ?? '');
    return exponent === 0 ? number : `${number}e${exponent}`;
  }

  private isExactInteger(): boolean {
    if (this.scale >= 0) return true;
    return this.unscaled % pow10(-this.scale) === 0n;
  }

  /** Go's %#v of the resource.Quantity value, as some upstream messages print it. */
  goString(): string {
    const i = this.isDec
      ? 'resource.int64Amount{value:0, scale:0}'
      : `resource.int64Amount{value:${this.unscaled}, scale:${this.scale}}`;
    const d = this.isDec ? 'resource.infDecAmount{Dec:(*inf.Dec)(0xc000100000)}' : 'resource.infDecAmount{Dec:(*inf.Dec)(nil)}';
    return `resource.Quantity{i:${i}, d:${d}, s:${JSON.stringify(this.cached)}, Format:${JSON.stringify(this.format)}}`;
  }

  /** Whether the value fits an int64 (the "in range" upstream Value() assumes). */
  fitsInt64(): boolean {
    const v = this.value();
    return v >= MIN_INT64 && v <= MAX_INT64;
  }
}

function compareScaled(a: bigint, aScale: number, b: bigint, bScale: number): number {
  const scale = Math.min(aScale, bScale);
  const x = a * pow10(aScale - scale);
  const y = b * pow10(bScale - scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

interface QuantityParts {
  positive: boolean;
  num: string;
  denom: string;
  suffix: string;
}

/** parseQuantityString: sign, integer digits (leading zeros dropped), fraction, suffix. */
function splitQuantity(str: string): QuantityParts {
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
  if (pos >= end) return { positive, num: '0', denom: '', suffix: '' };
  const numStart = pos;
  while (pos < end && isDigit(str[pos]!)) pos++;
  let num = str.slice(numStart, pos);
  if (pos >= end) return { positive, num: num || '0', denom: '', suffix: '' };
  if (num.length === 0) num = '0';
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    const denomStart = pos;
    while (pos < end && isDigit(str[pos]!)) pos++;
    denom = str.slice(denomStart, pos);
    if (pos >= end) return { positive, num, denom, suffix: '' };
  }
  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos]!)) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos]!)) pos++;
  if (pos < end) throw new QuantityParseError(QUANTITY_FORMAT_ERROR);
  return { positive, num, denom, suffix: str.slice(suffixStart, end) };
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } | undefined {
  if (suffix in decimalSuffixes) return { base: 10, exponent: decimalSuffixes[suffix]!, format: 'DecimalSI' };
  if (suffix in binarySuffixes) return { base: 2, exponent: binarySuffixes[suffix]!, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const rest = suffix.slice(1);
    if (!/^[+-]?\d+$/.test(rest)) return undefined;
    const parsed = Number(rest);
    if (!Number.isSafeInteger(parsed)) return undefined;
    return { base: 10, exponent: parsed | 0, format: 'DecimalExponent' };
  }
  return undefined;
}

/** Parses a quantity, or returns undefined when it does not parse. */
export function tryParseQuantity(value: unknown): Quantity | undefined {
  try {
    return Quantity.fromJSON(value);
  } catch {
    return undefined;
  }
}
