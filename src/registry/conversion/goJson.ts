// A small model of Go's encoding/json over the few structs the conversions touch: each struct is
// described by its fields in declaration order (JSON name, Go type, `omitempty`), and from that
// description come the three things the conversions need:
//   shape   - a JS value laid out as encoding/json writes the struct (field order, zero values of
//             non-omitempty fields, `null` for nil pointers, slices and maps, unknown fields gone);
//   encode  - the JSON text encoding/json writes (what goes into an annotation value);
//   decode  - what encoding/json reads from JSON text into the struct: keys matched exactly or
//             case-insensitively, unknown keys ignored, `null` leaving a value alone (or making a
//             pointer, slice or map nil), and any type mismatch an error for the whole text.
// Quantities are carried as the strings they arrive as (checked for syntax on decode, not made
// canonical); decoded times are written back in UTC at whole seconds, as metav1.Time is.

export type GoType =
  | { readonly k: 'string' | 'int32' | 'int64' | 'quantity' | 'time' | 'raw' }
  | { readonly k: 'ptr' | 'slice' | 'map'; readonly elem: GoType }
  | GoStruct;

export interface GoStruct {
  readonly k: 'struct';
  readonly fields: readonly GoField[];
}

export interface GoField {
  readonly name: string;
  readonly type: GoType;
  readonly omitempty: boolean;
}

export const STRING: GoType = { k: 'string' };
export const INT32: GoType = { k: 'int32' };
export const INT64: GoType = { k: 'int64' };
/** resource.Quantity (by value): a zero one is "0". */
export const QUANTITY: GoType = { k: 'quantity' };
/** metav1.Time or metav1.MicroTime (by value): a zero one is `null`. */
export const TIME: GoType = { k: 'time' };
/** A value the conversions pass through untouched (ObjectMeta). */
export const RAW: GoType = { k: 'raw' };

export const ptr = (elem: GoType): GoType => ({ k: 'ptr', elem });
export const slice = (elem: GoType): GoType => ({ k: 'slice', elem });
export const map = (elem: GoType): GoType => ({ k: 'map', elem });

/** A struct from `[jsonName, type]` or `[jsonName, type, 'omitempty']` entries, in Go order. */
export function struct(...fields: ReadonlyArray<readonly [string, GoType] | readonly [string, GoType, 'omitempty']>): GoStruct {
  return { k: 'struct', fields: fields.map(([name, type, omit]) => ({ name, type, omitempty: omit === 'omitempty' })) };
}

import type { JsonObject } from './types.js';

export type { JsonObject };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const missing = (value: unknown): value is null | undefined => value === undefined || value === null;

/** encoding/json's `omitempty` test (a struct, Quantity or Time is never empty). */
function isEmpty(value: unknown, type: GoType): boolean {
  switch (type.k) {
    case 'string':
      return missing(value) || value === '';
    case 'int32':
    case 'int64':
      return missing(value) || value === 0;
    case 'ptr':
    case 'raw':
      return missing(value);
    case 'slice':
      return missing(value) || (Array.isArray(value) && value.length === 0);
    case 'map':
      return missing(value) || (isObject(value) && Object.keys(value).length === 0);
    default:
      return false;
  }
}

function sortedKeys(value: JsonObject): string[] {
  return Object.keys(value).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

// ---- shape ----------------------------------------------------------------------------------

/** `value` laid out as encoding/json writes a Go value of `type` (a new value; input untouched). */
export function shape(value: unknown, type: GoType): unknown {
  switch (type.k) {
    case 'string':
      return missing(value) ? '' : value;
    case 'int32':
    case 'int64':
      return missing(value) ? 0 : value;
    case 'quantity':
      return missing(value) ? '0' : typeof value === 'number' ? String(value) : value;
    case 'time':
      return missing(value) || value === '' ? null : value;
    case 'raw':
      return missing(value) ? null : structuredClone(value);
    case 'ptr':
      return missing(value) ? null : shape(value, type.elem);
    case 'slice':
      if (missing(value)) return null;
      return Array.isArray(value) ? value.map((v) => shape(v, type.elem)) : structuredClone(value);
    case 'map': {
      if (missing(value)) return null;
      if (!isObject(value)) return structuredClone(value);
      const out: JsonObject = {};
      for (const key of sortedKeys(value)) out[key] = shape(value[key], type.elem);
      return out;
    }
    case 'struct': {
      const src = isObject(value) ? value : {};
      const out: JsonObject = {};
      for (const f of type.fields) {
        if (f.omitempty && isEmpty(src[f.name], f.type)) continue;
        out[f.name] = shape(src[f.name], f.type);
      }
      return out;
    }
  }
}

// ---- encode ---------------------------------------------------------------------------------

const htmlEscapes: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** A JSON string literal as encoding/json writes it (HTML-safe escapes included). */
export function goQuote(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => htmlEscapes[c]!);
}

function encodeAny(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(encodeAny).join(',')}]`;
  if (isObject(value)) {
    const entries = Object.keys(value).filter((k) => value[k] !== undefined);
    return `{${entries.map((k) => `${goQuote(k)}:${encodeAny(value[k])}`).join(',')}}`;
  }
  if (typeof value === 'string') return goQuote(value);
  return value === undefined ? 'null' : JSON.stringify(value);
}

/** The JSON text encoding/json writes for a Go value of `type` holding `value`. */
export function encode(value: unknown, type: GoType): string {
  switch (type.k) {
    case 'string':
      return goQuote(typeof value === 'string' ? value : '');
    case 'int32':
    case 'int64':
      return typeof value === 'number' ? String(value) : '0';
    case 'quantity':
      return goQuote(missing(value) ? '0' : String(value));
    case 'time':
      return missing(value) || value === '' ? 'null' : goQuote(String(value));
    case 'raw':
      return encodeAny(value);
    case 'ptr':
      return missing(value) ? 'null' : encode(value, type.elem);
    case 'slice':
      return Array.isArray(value) ? `[${value.map((v) => encode(v, type.elem)).join(',')}]` : 'null';
    case 'map':
      if (!isObject(value)) return 'null';
      return `{${sortedKeys(value).map((k) => `${goQuote(k)}:${encode(value[k], type.elem)}`).join(',')}}`;
    case 'struct': {
      const src = isObject(value) ? value : {};
      const parts: string[] = [];
      for (const f of type.fields) {
        if (f.omitempty && isEmpty(src[f.name], f.type)) continue;
        parts.push(`${goQuote(f.name)}:${encode(src[f.name], f.type)}`);
      }
      return `{${parts.join(',')}}`;
    }
  }
}

// ---- decode ---------------------------------------------------------------------------------

export class GoDecodeError extends Error {}

// resource.ParseQuantity's grammar: sign, digits with an optional fraction, then a binary SI
// suffix, a decimal exponent or a decimal SI suffix.
const QUANTITY_SYNTAX = /^[+-]?[0-9]*(\.[0-9]*)?([eE][+-]?[0-9]+|[KMGTPE]i|[numkMGTPE])?$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;

/** Milliseconds since the epoch of an RFC 3339 time Go's time.Parse accepts, else undefined. */
function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function zeroOf(type: GoType): unknown {
  switch (type.k) {
    case 'string':
      return '';
    case 'int32':
    case 'int64':
      return 0;
    case 'quantity':
      return '0';
    case 'struct':
      return {};
    default:
      return null;
  }
}

function fail(what: string, value: unknown): never {
  throw new GoDecodeError(`cannot unmarshal ${JSON.stringify(value) ?? 'value'} into ${what}`);
}

/**
 * What encoding/json reads into a Go value of `type` from the parsed JSON `value`: `undefined`
 * for `null` (the Go value is left alone, or nil). Throws GoDecodeError where encoding/json
 * returns an error.
 */
export function decode(value: unknown, type: GoType): unknown {
  if (value === null) return undefined;
  switch (type.k) {
    case 'string':
      return typeof value === 'string' ? value : fail('string', value);
    case 'int32':
    case 'int64': {
      const limit = type.k === 'int32' ? 2 ** 31 : 2 ** 63;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < -limit || value >= limit) fail(type.k, value);
      return value;
    }
    case 'quantity': {
      if (typeof value !== 'string' && typeof value !== 'number') fail('Quantity', value);
      const text = String(value).trim();
      if (text === '' || !QUANTITY_SYNTAX.test(text)) fail('Quantity', value);
      return text;
    }
    case 'time': {
      // metav1.Time: time.Parse(time.RFC3339), then written back in UTC at whole seconds
      const ms = typeof value === 'string' ? parseRfc3339(value) : undefined;
      if (ms === undefined) fail('Time', value);
      return `${new Date(ms).toISOString().slice(0, 19)}Z`;
    }
    case 'raw':
      return structuredClone(value);
    case 'ptr':
      return decode(value, type.elem);
    case 'slice':
      if (!Array.isArray(value)) fail('slice', value);
      return value.map((v) => decode(v, type.elem) ?? zeroOf(type.elem));
    case 'map': {
      if (!isObject(value)) fail('map', value);
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value)) out[k] = decode(v, type.elem) ?? zeroOf(type.elem);
      return out;
    }
    case 'struct': {
      if (!isObject(value)) fail('struct', value);
      const out: JsonObject = {};
      for (const [key, raw] of Object.entries(value)) {
        const lower = key.toLowerCase();
        const f = type.fields.find((x) => x.name === key) ?? type.fields.find((x) => x.name.toLowerCase() === lower);
        if (!f) continue;
        const decoded = decode(raw, f.type);
        if (decoded !== undefined) out[f.name] = decoded;
        else if (f.type.k === 'ptr' || f.type.k === 'slice' || f.type.k === 'map') delete out[f.name];
      }
      return out;
    }
  }
}

/** JSON text decoded into `type` as encoding/json would, or undefined where it returns an error. */
export function decodeText(text: string, type: GoType): { value: unknown } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  try {
    return { value: decode(parsed, type) };
  } catch (error) {
    if (error instanceof GoDecodeError) return undefined;
    throw error;
  }
}
