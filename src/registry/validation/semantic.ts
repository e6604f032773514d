// Upstream compares objects as Go values (apiequality.Semantic.DeepEqual): a non-pointer field
// left out of the JSON equals its zero value, nil and empty lists or maps are equal, quantities
// compare by value ("1000m" equals "1"). This normalises a JSON object through the Go field
// facts of its type (src/api's protobuf schema) so that plain JSON equality means the same.
import { goSchema, type GoMessage } from '../../api/index.js';
import { tryParseQuantity } from '../../api/quantity.js';

/** Fully-qualified protobuf message names of the types validation compares. */
export const GoType = {
  PodSpec: 'k8s.io.api.core.v1.PodSpec',
  PodTemplateSpec: 'k8s.io.api.core.v1.PodTemplateSpec',
  PersistentVolumeClaimSpec: 'k8s.io.api.core.v1.PersistentVolumeClaimSpec',
  PersistentVolumeSpec: 'k8s.io.api.core.v1.PersistentVolumeSpec',
  Toleration: 'k8s.io.api.core.v1.Toleration',
  NodeAffinity: 'k8s.io.api.core.v1.NodeAffinity',
  LabelSelector: 'k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector',
  StatefulSetSpec: 'k8s.io.api.apps.v1.StatefulSetSpec',
  PodFailurePolicy: 'k8s.io.api.batch.v1.PodFailurePolicy',
  SuccessPolicy: 'k8s.io.api.batch.v1.SuccessPolicy',
} as const;

function lookup(typeName: string): GoMessage {
  return goSchema().lookupType(typeName);
}

const EMPTY = Symbol('empty');

/** The value with every zero-valued non-pointer field dropped and quantities canonicalised. */
export function semanticNormalize(value: unknown, typeName: string): unknown {
  const out = normalizeMessage(value, lookup(typeName), true);
  return out === EMPTY ? undefined : out;
}

/** Semantic.DeepEqual of two JSON values of a Go type. */
export function semanticEqual(a: unknown, b: unknown, typeName: string): boolean {
  return jsonEqual(semanticNormalize(a, typeName), semanticNormalize(b, typeName));
}

/** Plain JSON deep equality (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return (a ?? undefined) === (b ?? undefined);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!jsonEqual(ao[k], bo[k])) return false;
  return true;
}

function normalizeMessage(value: unknown, type: GoMessage, pointer: boolean): unknown {
  const schema = goSchema();
  const facts = schema.facts(type);
  if (facts.special) return normalizeSpecial(value, facts.special, pointer);
  if (value === undefined || value === null) return pointer ? undefined : EMPTY;
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  collectFields(obj, type, out);
  // JSON keys the type does not know stay (they are compared as they are)
  const known = knownJsonNames(type);
  for (const [k, v] of Object.entries(obj)) if (!known.has(k) && v !== undefined) out[k] = v;
  if (Object.keys(out).length === 0 && !pointer) return EMPTY;
  return out;
}

const knownNames = new Map<GoMessage, Set<string>>();

function knownJsonNames(type: GoMessage): Set<string> {
  let names = knownNames.get(type);
  if (names) return names;
  names = new Set();
  for (const field of goSchema().plan(type).fields) {
    if (field.go.inline && field.type) for (const n of knownJsonNames(field.type)) names.add(n);
    else if (field.go.json) names.add(field.go.json);
  }
  knownNames.set(type, names);
  return names;
}

function collectFields(obj: Record<string, unknown>, type: GoMessage, out: Record<string, unknown>): void {
  for (const field of goSchema().plan(type).fields) {
    const go = field.go;
    if (go.inline) {
      if (field.type) collectFields(obj, field.type, out);
      continue;
    }
    if (!go.json) continue;
    const raw = obj[go.json];
    const normalized = normalizeField(raw, field.type, go.pointer, go.kind);
    if (normalized !== EMPTY && normalized !== undefined) out[go.json] = normalized;
  }
}

function normalizeField(
  raw: unknown,
  type: GoMessage | undefined,
  pointer: boolean,
  kind: string,
): unknown {
  if (kind === 'slice') {
    if (raw === undefined || raw === null) return EMPTY;
    if (!Array.isArray(raw)) return raw;
    if (raw.length === 0) return EMPTY;
    return raw.map((v) => {
      if (type) {
        const n = normalizeMessage(v, type, false);
        return n === EMPTY ? {} : n;
      }
      return v;
    });
  }
  if (kind === 'map') {
    if (raw === undefined || raw === null) return EMPTY;
    if (typeof raw !== 'object' || Array.isArray(raw)) return raw;
    const entries = Object.entries(raw as Record<string, unknown>);
    if (entries.length === 0) return EMPTY;
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      if (type !== undefined) {
        const n = normalizeMessage(v, type, false);
        out[k] = n === EMPTY ? {} : n;
      } else {
        out[k] = v;
      }
    }
    return out;
  }
  if (type) return normalizeMessage(raw, type, pointer);
  if (raw === undefined || raw === null) return pointer ? undefined : EMPTY;
  if (!pointer && (raw === '' || raw === 0 || raw === false)) return EMPTY;
  return raw;
}

function normalizeSpecial(value: unknown, special: string, pointer: boolean): unknown {
  if (value === undefined || value === null) return pointer ? undefined : EMPTY;
  switch (special) {
    case 'Quantity': {
      const q = tryParseQuantity(value);
      if (!q) return value;
      if (q.isZero() && !pointer) return EMPTY;
      return `q:${q.scaledValue(-9)}`;
    }
    case 'IntOrString':
      if (!pointer && (value === 0 || value === '')) return EMPTY;
      return typeof value === 'number' ? { int: value } : { str: value };
    case 'Time':
    case 'MicroTime': {
      if (value === '' && !pointer) return EMPTY;
      const ms = typeof value === 'string' ? Date.parse(value) : NaN;
      return Number.isNaN(ms) ? value : `t:${ms}`;
    }
    default:
      return value;
  }
}
