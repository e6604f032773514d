// The JSON of a kind's Go zero value (what `runtime.New(kind)` encodes to): kube-apiserver's
// field manager compares a created object against it, so which struct nodes exist in the zero
// value decides whether managedFields show them with `.` (added) or not. Non-pointer structs are
// always there (`"spec":{}`, `"metadata":{"creationTimestamp":null}`), fields without omitempty
// carry their zero (`"containers":null`). Built from the Go struct facts in src/api, cached.
import { goSchema, type GoMessage } from '../api/index.js';
import type { JsonMap, JsonValue } from './jsonValue.js';

const cache = new Map<string, JsonMap | null>();

const SPECIAL_ZERO: Record<string, JsonValue> = {
  Time: null,
  MicroTime: null,
  Duration: '0s',
  Quantity: '0',
  IntOrString: 0,
  RawExtension: null,
  FieldsV1: null,
  Unknown: null,
  GroupVersion: '',
};

function scalarZero(protoType: string | undefined, goType: string): JsonValue {
  const t = protoType ?? goType.replace(/^\*/, '');
  if (t === 'string') return '';
  if (t === 'bool') return false;
  if (/^(u?int(8|16|32|64)?|s?fixed(32|64)|sint(32|64)|float(32|64)?|double)$/.test(t)) return 0;
  return '';
}

function zeroOf(type: GoMessage, depth: number): JsonValue {
  const schema = goSchema();
  const facts = schema.facts(type);
  if (facts.special !== undefined) return SPECIAL_ZERO[facts.special] ?? null;
  if (facts.sliceOf !== undefined) return null;
  const out: JsonMap = {};
  if (depth > 32) return out;
  for (const { go, proto, type: nested } of schema.plan(type).fields) {
    if (go.inline) {
      if (nested !== undefined) {
        const inner = zeroOf(nested, depth + 1);
        if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) Object.assign(out, inner);
      }
      continue;
    }
    if (go.pointer || go.kind === 'slice' || go.kind === 'map' || go.kind === 'bytes') {
      if (!go.omitempty) out[go.json] = null;
      continue;
    }
    if (go.kind === 'struct') {
      out[go.json] = nested !== undefined ? zeroOf(nested, depth + 1) : {};
      continue;
    }
    if (!go.omitempty) out[go.json] = scalarZero(proto?.type, go.goType);
  }
  return out;
}

/**
 * The Go zero value of a built-in kind as JSON (without apiVersion/kind, which are empty in it),
 * or undefined when the kind is not a built-in one. The result is shared: copy before changing.
 */
export function goZeroObject(apiVersion: string, kind: string): JsonMap | undefined {
  const key = `${apiVersion}/${kind}`;
  let zero = cache.get(key);
  if (zero === undefined) {
    const type = goSchema().kindType(apiVersion, kind);
    zero = type === undefined ? null : (zeroOf(type, 0) as JsonMap);
    cache.set(key, zero);
  }
  return zero ?? undefined;
}
