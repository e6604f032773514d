// The CEL values a custom object's JSON becomes, guided by its structural schema as upstream
// converts unstructured data: integers are CEL ints (bigint), numbers doubles, strings of
// format date-time timestamps, of format duration durations, of format byte bytes; declared
// properties go by their escaped CEL names; the root of a resource (and an embedded resource)
// shows apiVersion, kind and metadata.name/generateName. Lists and maps are built afresh here
// (Array.from, not map()), so the CEL library sees this realm's Array even when the object was
// decoded in another one.
import { Environment } from '@marcbachmann/cel-js';
import { additionalSchema, isObject, type JSONSchemaProps, type JsonObject } from '../types.js';
import { escapePropertyName } from './escaping.js';

const converters = new Environment().registerVariable('s', 'string');
const toDuration = converters.parse('duration(s)');
const toTimestamp = converters.parse('timestamp(s)');

/** A JSON number in an untyped place: an int when it is whole, else a double. */
function untypedNumber(value: number): bigint | number {
  return Number.isSafeInteger(value) ? BigInt(value) : value;
}

function untyped(value: unknown): unknown {
  if (typeof value === 'number') return untypedNumber(value);
  if (Array.isArray(value)) return Array.from(value, untyped);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, untyped(v)]));
  return value;
}

function formatted(schema: JSONSchemaProps, value: string): unknown {
  try {
    switch (schema.format) {
      case 'date-time': return toTimestamp({ s: value });
      case 'duration': return toDuration({ s: value });
      case 'byte': return new Uint8Array(Buffer.from(value, 'base64'));
      default: return value;
    }
  } catch {
    return value;
  }
}

const TYPE_META = ['apiVersion', 'kind'];

function object(value: JsonObject, schema: JSONSchemaProps, resourceRoot: boolean): JsonObject {
  const out: JsonObject = {};
  const additional = additionalSchema(schema);
  if (additional) {
    for (const [key, item] of Object.entries(value)) out[key] = toCelValue(item, additional);
    return out;
  }
  if (schema['x-kubernetes-preserve-unknown-fields'] && !schema.properties) return untyped(value) as JsonObject;
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const name = escapePropertyName(key);
    if (name === undefined || !(key in value)) continue;
    out[name] = toCelValue(value[key], property, property['x-kubernetes-embedded-resource'] === true);
  }
  if (resourceRoot) {
    for (const key of TYPE_META) if (typeof value[key] === 'string') out[key] = value[key];
    const metadata = value.metadata;
    if (isObject(metadata)) {
      const meta: JsonObject = {};
      for (const key of ['name', 'generateName']) if (typeof metadata[key] === 'string') meta[key] = metadata[key];
      out.metadata = meta;
    }
  }
  return out;
}

/** The CEL value of a JSON value at a schema node. */
export function toCelValue(value: unknown, schema: JSONSchemaProps, resourceRoot = false): unknown {
  if (value === null || value === undefined) return null;
  if (schema['x-kubernetes-int-or-string']) return typeof value === 'number' ? untypedNumber(value) : value;
  if (Array.isArray(value)) {
    const items = schema.items;
    return items ? Array.from(value, (item) => toCelValue(item, items, items['x-kubernetes-embedded-resource'] === true)) : untyped(value);
  }
  if (isObject(value)) return object(value, schema, resourceRoot);
  if (typeof value === 'number') return schema.type === 'integer' && Number.isInteger(value) ? BigInt(value) : schema.type === 'number' ? value : untypedNumber(value);
  if (typeof value === 'string' && schema.type === 'string') return formatted(schema, value);
  return value;
}

/** CEL equality of two converted values (lists in order, maps by keys, timestamps by instant). */
export function celEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'bigint' && typeof b === 'number') return Number(a) === b;
  if (typeof a === 'number' && typeof b === 'bigint') return a === Number(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => celEqual(x, b[i]));
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && celEqual(a[k], b[k]));
  }
  return false;
}
