// Go's ways of printing the values field validation messages carry: strconv.Quote (the quoted
// field paths, the Invalid value of a patch), fmt's %v of decoded JSON (a strategic merge patch
// in its 422), encoding/json's output (a patched object in its 422) and Go's string order
// (byte-wise over UTF-8, i.e. by code point, where JavaScript compares UTF-16 units).

const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;

/** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isGoPrint(ch: string): boolean {
  return ch === ' ' || PRINTABLE.test(ch);
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** strconv.Quote: a double-quoted Go string literal (printable runes kept, others escaped). */
export function goQuote(s: string): string {
  let out = '"';
  for (let ch of s) {
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      // a lone surrogate cannot be in a Go string: decoding made it U+FFFD
      ch = '\ufffd';
      cp = 0xfffd;
    }
    if (ch === '"' || ch === '\\') {
      out += `\\${ch}`;
      continue;
    }
    if (isGoPrint(ch)) {
      out += ch;
      continue;
    }
    switch (cp) {
      case 0x07:
        out += '\\a';
        continue;
      case 0x08:
        out += '\\b';
        continue;
      case 0x0c:
        out += '\\f';
        continue;
      case 0x0a:
        out += '\\n';
        continue;
      case 0x0d:
        out += '\\r';
        continue;
      case 0x09:
        out += '\\t';
        continue;
      case 0x0b:
        out += '\\v';
        continue;
    }
    if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

/** Compares strings as Go does (byte-wise over UTF-8, which is code point order). */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // below U+D800 and from U+E000 on, UTF-16 units order as code points; surrogates encode
    // code points above U+FFFF, which sort after every BMP unit
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** strconv.FormatFloat(v, 'g', -1, 64), which is fmt's %v of a float64. */
export function goFloatV(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  // toExponential() without digits gives the shortest digits that round-trip, as Go's shortest
  const [mantissa, expText] = v.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const digits = mantissa.replace('-', '').replace('.', '');
  let body: string;
  if (exp < -4 || exp >= 6) {
    // %e form: the shortest precision counts as 6 for this choice
    const abs = Math.abs(exp);
    body = `${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${exp < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : abs}`;
  } else if (exp < 0) {
    body = `0.${'0'.repeat(-exp - 1)}${digits}`;
  } else if (digits.length <= exp + 1) {
    body = digits + '0'.repeat(exp + 1 - digits.length);
  } else {
    body = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return v < 0 ? `-${body}` : body;
}

/** fmt's %v (and %+v) of a JSON value decoded into interface{} with integers kept as int64. */
export function goPrintV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goPrintV).join(' ')}]`;
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? BigInt(v).toString() : goFloatV(v);
    case 'object': {
      const m = v as Record<string, unknown>;
      const keys = Object.keys(m).sort(compareGoStrings);
      return `map[${keys.map((k) => `${k}:${goPrintV(m[k])}`).join(' ')}]`;
    }
    default:
      return String(v);
  }
}

function goJsonString(s: string): string {
  let out = '"';
  for (let ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) ch = '\ufffd';
    else if (ch === '"' || ch === '\\') ch = `\\${ch}`;
    else if (ch === '\n') ch = '\\n';
    else if (ch === '\r') ch = '\\r';
    else if (ch === '\t') ch = '\\t';
    else if (ch === '\b') ch = '\\b';
    else if (ch === '\f') ch = '\\f';
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) ch = `\\u${hex(cp, 4)}`;
    out += ch;
  }
  return `${out}"`;
}

function goJsonNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) return n.toExponential();
  return String(n);
}

/** encoding/json's Marshal of a decoded JSON value: compact, keys sorted, HTML-safe strings. */
export function goJsonMarshal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(goJsonMarshal).join(',')}]`;
  switch (typeof v) {
    case 'string':
      return goJsonString(v);
    case 'number':
      return goJsonNumber(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default: {
      const m = v as Record<string, unknown>;
      const keys = Object.keys(m).sort(compareGoStrings);
      return `{${keys.map((k) => `${goJsonString(k)}:${goJsonMarshal(m[k])}`).join(',')}}`;
    }
  }
}
