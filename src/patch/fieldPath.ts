// Path elements of server-side apply field paths (structured-merge-diff's fieldpath): a field
// name, the key fields of an item in a list map, the value of an item in a set, or the index of
// an item in an atomic list. Their order, their FieldsV1 keys (`f:name`, `k:{"name":"c"}`,
// `v:"x"`, `i:0`) and their text in messages (`.name`, `[name="c"]`, `[="x"]`, `[0]`) are those
// of the upstream library.
import { goNumber } from './goFormat.js';
import { isJsonMap, type JsonValue } from './jsonValue.js';

export type PathElement =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'key'; readonly fields: ReadonlyArray<readonly [string, JsonValue]> }
  | { readonly kind: 'value'; readonly value: JsonValue }
  | { readonly kind: 'index'; readonly index: number };

export type Path = readonly PathElement[];

export const field = (name: string): PathElement => ({ kind: 'field', name });

/** Compares strings by code point (Go's byte order of UTF-8), not by UTF-16 unit. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let ca = a.charCodeAt(i);
    let cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if (ca >= 0xd800 && ca <= 0xdfff) ca += 0x2800;
    else if (ca >= 0xe000) ca -= 0x800;
    if (cb >= 0xd800 && cb <= 0xdfff) cb += 0x2800;
    else if (cb >= 0xe000) cb -= 0x800;
    return ca < cb ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function typeRank(v: JsonValue): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (v !== null) return 4;
  return 5;
}

/** structured-merge-diff's total order of values: numbers < strings < booleans < lists < maps < null. */
export function compareValues(a: JsonValue, b: JsonValue): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 1:
      return compareStrings(a as string, b as string);
    case 2:
      return a === b ? 0 : a ? 1 : -1;
    case 3: {
      const la = a as JsonValue[];
      const lb = b as JsonValue[];
      for (let i = 0; i < la.length && i < lb.length; i++) {
        const c = compareValues(la[i]!, lb[i]!);
        if (c !== 0) return c;
      }
      return la.length === lb.length ? 0 : la.length < lb.length ? -1 : 1;
    }
    case 4: {
      const ma = a as Record<string, JsonValue>;
      const mb = b as Record<string, JsonValue>;
      const ka = Object.keys(ma).sort(compareStrings);
      const kb = Object.keys(mb).sort(compareStrings);
      for (let i = 0; i < ka.length && i < kb.length; i++) {
        const c = compareStrings(ka[i]!, kb[i]!) || compareValues(ma[ka[i]!]!, mb[kb[i]!]!);
        if (c !== 0) return c;
      }
      return ka.length === kb.length ? 0 : ka.length < kb.length ? -1 : 1;
    }
    default:
      return 0;
  }
}

const KIND_RANK = { field: 0, key: 1, value: 2, index: 3 } as const;

export function comparePathElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return KIND_RANK[a.kind] < KIND_RANK[b.kind] ? -1 : 1;
  switch (a.kind) {
    case 'field':
      return compareStrings(a.name, (b as typeof a).name);
    case 'key': {
      const fa = a.fields;
      const fb = (b as typeof a).fields;
      for (let i = 0; i < fa.length && i < fb.length; i++) {
        const c = compareStrings(fa[i]![0], fb[i]![0]) || compareValues(fa[i]![1], fb[i]![1]);
        if (c !== 0) return c;
      }
      return fa.length === fb.length ? 0 : fa.length < fb.length ? -1 : 1;
    }
    case 'value':
      return compareValues(a.value, (b as typeof a).value);
    case 'index': {
      const ib = (b as typeof a).index;
      return a.index < ib ? -1 : a.index > ib ? 1 : 0;
    }
  }
}

export const pathElementsEqual = (a: PathElement, b: PathElement): boolean => comparePathElements(a, b) === 0;

/** JSON text as Go's encoding/json (and json-iterator's compatible mode) writes it: HTML-safe strings. */
export function goJsonText(v: JsonValue): string {
  if (typeof v === 'number') return goJsonNumber(v);
  if (typeof v === 'string') return goJsonString(v);
  if (Array.isArray(v)) return `[${v.map(goJsonText).join(',')}]`;
  if (isJsonMap(v)) {
    return `{${Object.keys(v)
      .sort(compareStrings)
      .map((k) => `${goJsonString(k)}:${goJsonText(v[k]!)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function goJsonNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    // the same text as Go's 'e' format after encoding/json trims 1e-07 to 1e-7
    return n.toExponential();
  }
  return String(n);
}

/** The FieldsV1 key of a path element. */
export function serializePathElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `f:${pe.name}`;
    case 'key':
      return `k:{${pe.fields.map(([k, v]) => `${goJsonString(k)}:${goJsonText(v)}`).join(',')}}`;
    case 'value':
      return `v:${goJsonText(pe.value)}`;
    case 'index':
      return `i:${pe.index}`;
  }
}

export class PathElementError extends Error {}

/**
 * Parses a FieldsV1 key; returns undefined for an unknown prefix (which upstream skips), throws
 * for a malformed known one.
 */
export function deserializePathElement(s: string): PathElement | undefined {
  if (s.length < 2) throw new PathElementError('key must be 2 characters long:');
  if (s[1] !== ':') throw new PathElementError(`missing colon: ${s}`);
  const rest = s.slice(2);
  switch (s[0]) {
    case 'f':
      return { kind: 'field', name: rest };
    case 'v':
      return { kind: 'value', value: parseValue(rest) };
    case 'k': {
      const obj = parseValue(rest);
      if (!isJsonMap(obj)) throw new PathElementError(`expected an object in ${s}`);
      return keyElement(Object.entries(obj));
    }
    case 'i': {
      if (!/^[+-]?\d+$/.test(rest)) throw new PathElementError(`strconv.Atoi: parsing ${JSON.stringify(rest)}: invalid syntax`);
      return { kind: 'index', index: Number(rest) };
    }
    default:
      return undefined;
  }
}

function parseValue(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (e) {
    throw new PathElementError((e as Error).message);
  }
}

/** A key element with its fields sorted by name. */
export function keyElement(fields: Array<[string, JsonValue]>): PathElement {
  fields.sort((a, b) => compareStrings(a[0], b[0]));
  return { kind: 'key', fields };
}

/** Go's %q of a string (close enough: JSON quoting, plus \x7f). */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\x7f/g, '\\x7f');
}

/** structured-merge-diff's value.ToString. */
export function valueToString(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(valueToString).join(',')}]`;
  return Object.keys(v)
    .map((k) => `${k}=${valueToString(v[k]!)}`)
    .join('');
}

export function pathElementToString(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.fields.map(([k, v]) => `${k}=${valueToString(v)}`).join(',')}]`;
    case 'value':
      return `[=${valueToString(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

export function pathToString(path: Path): string {
  return path.map(pathElementToString).join('');
}
