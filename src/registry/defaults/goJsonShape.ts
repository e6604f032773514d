// The JSON a kube-apiserver writes for an object is its Go struct encoded by encoding/json: fields
// in declaration order, fields without `omitempty` always present (zero values, `null` for nil
// pointers, slices and maps), struct fields always present (`resources: {}`, template
// `metadata: {creationTimestamp: null}`), unknown fields gone, quantities in their canonical form
// (every ResourceList rounded up to milli precision, as defaulting does) and times in RFC 3339.
// This reshapes a decoded JSON object the same way, from the Go field facts of src/api.
import { goSchema, type GoField, type GoMessage } from '../../api/index.js';
import { Quantity } from '../../api/quantity.js';

type Json = unknown;

function zeroScalar(goType: string): Json {
  const base = goType.replace(/^\*/, '');
  if (base === 'bool') return false;
  if (/^(u?int(8|16|32|64)?|float(32|64)|byte|rune)$/.test(base)) return 0;
  return '';
}

function isZeroScalar(value: Json): boolean {
  return value === '' || value === 0 || value === false;
}

/** Recent times' text forms: an object's times repeat across writes (and objects written in the
 * same second share them), and parsing and formatting each anew was a good part of shaping. */
const formattedTimes = [new Map<string, string>(), new Map<string, string>()];
const MAX_FORMATTED_TIMES = 4096;

/** metav1.Time's text form: RFC 3339 at second precision, UTC. */
function formatTime(value: Json, micro: boolean): Json {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') return value;
  const known = formattedTimes[micro ? 1 : 0];
  let text = known.get(value);
  if (text === undefined) {
    text = formatTimeText(value, micro);
    if (known.size >= MAX_FORMATTED_TIMES) known.clear();
    known.set(value, text);
  }
  return text;
}

function formatTimeText(value: string, micro: boolean): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  const iso = new Date(ms).toISOString();
  if (!micro) return `${iso.slice(0, 19)}Z`;
  const frac = (/\.(\d+)/.exec(value)?.[1] ?? '').padEnd(6, '0').slice(0, 6);
  return `${iso.slice(0, 19)}.${frac}Z`;
}

function shapeSpecial(value: Json, special: string, resourceList: boolean): Json {
  switch (special) {
    case 'Quantity': {
      if (value === undefined || value === null) return '0';
      let q = Quantity.fromJSON(value);
      if (resourceList) q = q.roundUp(-3);
      return q.toJSON();
    }
    case 'IntOrString':
      return value === undefined || value === null ? 0 : value;
    case 'Time':
      return formatTime(value, false);
    case 'MicroTime':
      return formatTime(value, true);
    default:
      return value === undefined ? null : value;
  }
}

function shapeMessage(value: Json, type: GoMessage, resourceList = false): Json {
  const schema = goSchema();
  const facts = schema.facts(type);
  if (facts.special) return shapeSpecial(value, facts.special, resourceList);
  if (facts.sliceOf !== undefined) return value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, Json> = {};
  collect(value as Record<string, Json>, type, out);
  return out;
}

function collect(obj: Record<string, Json>, type: GoMessage, out: Record<string, Json>): void {
  for (const field of goSchema().plan(type).fields) {
    const go = field.go;
    if (go.inline) {
      if (field.type) collect(obj, field.type, out);
      else if (go.go === 'TypeMeta') {
        for (const k of ['kind', 'apiVersion']) if (typeof obj[k] === 'string' && obj[k] !== '') out[k] = obj[k];
      }
      continue;
    }
    if (!go.json) continue;
    const shaped = shapeField(obj[go.json], go, field.type);
    if (shaped !== OMIT) out[go.json] = shaped;
  }
}

const OMIT = Symbol('omit');

function shapeField(raw: Json, go: GoField, type: GoMessage | undefined): Json | typeof OMIT {
  const missing = raw === undefined || raw === null;
  const resourceList = go.goType === 'ResourceList' || go.goType === '*ResourceList';
  switch (go.kind) {
    case 'slice': {
      if (missing) return go.omitempty ? OMIT : null;
      if (!Array.isArray(raw)) return raw;
      if (raw.length === 0 && go.omitempty) return OMIT;
      return type ? raw.map((v) => shapeMessage(v, type)) : raw;
    }
    case 'map': {
      if (missing) return go.omitempty ? OMIT : null;
      if (typeof raw !== 'object' || Array.isArray(raw)) return raw;
      const entries = Object.entries(raw as Record<string, Json>);
      if (entries.length === 0 && go.omitempty) return OMIT;
      const out: Record<string, Json> = {};
      for (const [k, v] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        out[k] = type !== undefined ? shapeMessage(v, type, resourceList) : v;
      }
      return out;
    }
    case 'bytes':
      if (missing) return go.omitempty ? OMIT : null;
      return raw;
    case 'struct': {
      if (go.pointer) {
        if (missing) return go.omitempty ? OMIT : null;
        return type ? shapeMessage(raw, type, resourceList) : raw;
      }
      if (!type) return missing ? {} : raw;
      const facts = goSchema().facts(type);
      // encoding/json never omits a struct: a zero Quantity is "0", a zero Time null
      if (facts.special) return shapeSpecial(raw, facts.special, resourceList);
      return shapeMessage(missing ? {} : raw, type);
    }
    default: {
      if (go.pointer) {
        if (missing) return go.omitempty ? OMIT : null;
        return raw;
      }
      if (missing) return go.omitempty ? OMIT : zeroScalar(go.goType);
      if (go.omitempty && isZeroScalar(raw)) return OMIT;
      return raw;
    }
  }
}

/**
 * The object as upstream would encode it, or the object unchanged when the kind is not a
 * built-in one. Throws QuantityParseError for an unparseable quantity (upstream rejects such a
 * body when decoding it).
 */
export function goJsonShape<T>(apiVersion: string, kind: string, object: T): T {
  const type = goSchema().kindType(apiVersion, kind);
  if (!type) return object;
  return shapeMessage(object, type) as T;
}

/** Reshapes an object in place (keeps the caller's reference). */
export function goJsonShapeInPlace(apiVersion: string, kind: string, object: Record<string, unknown>): void {
  const shaped = goJsonShape(apiVersion, kind, object) as Record<string, unknown>;
  if (shaped === object) return;
  for (const k of Object.keys(object)) delete object[k];
  Object.assign(object, shaped);
}
