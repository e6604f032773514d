// How upstream's messages print values: Go's %q for strings (strconv.Quote) and %#v for
// maps, slices and structs (`map[string]string{"app":"web"}`, `[]string{"a", "b"}`,
// `v1.LabelSelector{MatchLabels:..., MatchExpressions:...}`). Values whose Go form is not the
// plain JSON one are pre-rendered as a GoValue and printed verbatim.

/** A value already in the text form upstream's message shows for it. */
export class GoValue {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const simpleEscapes: Record<string, string> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** strconv.Quote: a double-quoted Go string literal, printable characters kept as they are. */
export function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const escaped = simpleEscapes[ch];
    if (escaped !== undefined) {
      out += escaped;
      continue;
    }
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += '\uFFFD';
    } else if (printable.test(ch)) {
      out += ch;
    } else if (code < 0x80) {
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    } else if (code <= 0xffff) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else {
      out += `\\U${code.toString(16).padStart(8, '0')}`;
    }
  }
  return out + '"';
}

/** %v of a Go number: integers as digits, floats the way Go's %v prints a float64. */
export function goNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    const [mantissa, exp] = value.toExponential().split('e');
    const expNum = Number(exp);
    const sign = expNum < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(expNum)).padStart(2, '0')}`;
  }
  return String(value);
}

/** %#v of a []T of strings (`[]string{"a", "b"}`); nil prints as `[]string(nil)`. */
export function goStringSlice(values: readonly string[] | undefined | null, elemType = 'string'): GoValue {
  if (values === undefined || values === null) return new GoValue(`[]${elemType}(nil)`);
  return new GoValue(`[]${elemType}{${values.map(goQuote).join(', ')}}`);
}

/** %#v of a []int32 and friends. */
export function goNumberSlice(values: readonly number[] | undefined | null, elemType = 'int32'): GoValue {
  if (values === undefined || values === null) return new GoValue(`[]${elemType}(nil)`);
  return new GoValue(`[]${elemType}{${values.map(goNumber).join(', ')}}`);
}

/** %#v of a map[string]string: keys sorted, as Go's fmt prints maps. */
export function goStringMap(
  map: Readonly<Record<string, string>> | undefined | null,
  type = 'map[string]string',
): GoValue {
  return new GoValue(goStringMapText(map, type));
}

function goStringMapText(map: Readonly<Record<string, string>> | undefined | null, type: string): string {
  if (map === undefined || map === null) return `${type}(nil)`;
  const keys = Object.keys(map).sort(compareGoStrings);
  return `${type}{${keys.map((k) => `${goQuote(k)}:${goQuote(String(map[k]))}`).join(', ')}}`;
}

/** Go compares strings bytewise (UTF-8); for the common ASCII keys that is code-unit order. */
export function compareGoStrings(a: string, b: string): number {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return Buffer.compare(ab, bb);
}

interface LabelSelectorLike {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: Array<{ key?: string; operator?: string; values?: string[] | null }> | null;
}

/** %#v of a metav1.LabelSelector (the value behind the pointer, as field errors print it). */
export function goLabelSelector(selector: LabelSelectorLike | undefined | null): GoValue {
  if (selector === undefined || selector === null) return new GoValue('<nil>');
  const exprs = selector.matchExpressions;
  const exprText =
    exprs === undefined || exprs === null
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${exprs
          .map(
            (e) =>
              `v1.LabelSelectorRequirement{Key:${goQuote(e.key ?? '')}, Operator:${goQuote(e.operator ?? '')}, ` +
              `Values:${goStringSlice(e.values ?? null).text}}`,
          )
          .join(', ')}}`;
  return new GoValue(
    `v1.LabelSelector{MatchLabels:${goStringMapText(selector.matchLabels, 'map[string]string')}, MatchExpressions:${exprText}}`,
  );
}

/** %#v of an intstr.IntOrString. */
export function goIntOrString(value: number | string | undefined | null): GoValue {
  if (typeof value === 'string') return new GoValue(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(value)}}`);
  const n = typeof value === 'number' ? value : 0;
  return new GoValue(`intstr.IntOrString{Type:0, IntVal:${goNumber(n)}, StrVal:""}`);
}

/** A Go struct literal from already-rendered field values: `T{A:1, B:"x"}`. */
export function goStruct(type: string, fields: Array<[string, string | GoValue]>): GoValue {
  return new GoValue(`${type}{${fields.map(([k, v]) => `${k}:${String(v)}`).join(', ')}}`);
}

/** %#v of a pointer field inside a struct: `(*T)(nil)` or an address (not reproducible). */
export function goPointer(type: string, present: boolean): string {
  return present ? `(*${type})(0xc000100000)` : `(*${type})(nil)`;
}

/**
 * The value part of a field error: what upstream's field.Error prints after "Invalid value: ".
 * Strings are quoted, numbers and booleans printed plain, nil as `null`, string lists as
 * `[]string{...}`, string maps as `map[string]string{...}`, GoValues verbatim.
 */
export function renderBadValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (value instanceof GoValue) return value.text;
  switch (typeof value) {
    case 'string':
      return goQuote(value);
    case 'number':
      return goNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    default:
      break;
  }
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return goStringSlice(value as string[]).text;
    if (value.every((v) => typeof v === 'number')) return goNumberSlice(value as number[]).text;
    return `[]interface {}{${value.map(renderBadValue).join(', ')}}`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.every(([, v]) => typeof v === 'string')) {
      return goStringMapText(value as Record<string, string>, 'map[string]string');
    }
    return `map[string]interface {}{${entries
      .sort(([a], [b]) => compareGoStrings(a, b))
      .map(([k, v]) => `${goQuote(k)}:${renderBadValue(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}
