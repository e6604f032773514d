// application/json-patch+json (RFC 6902) with the semantics kube-apiserver has: it applies
// patches with evanphx/json-patch v4, whose behaviour differs from the RFC in a few places that
// clients can observe, and those are kept here:
// - `replace` of a missing object key adds it (only list indexes must exist);
// - negative list indexes count from the end (`-1` is the last element; `add` at `-1` appends);
// - `replace` of the whole document ("") with a scalar is silently ignored;
// - `copy` from a missing object key copies null;
// - `test` against a missing key passes when the value is null.
// A patch that does not apply is answered 422 Invalid with a generic message (upstream drops
// the underlying text); a body that is not a JSON patch is 400 BadRequest.
import { badRequest, genericUnprocessable, invalidPatchedObject, PatchError, requestEntityTooLarge } from './patchError.js';
import { bodyText, cannotUnmarshal, goJsonKind, GoJsonError, parseGoJson } from './goJson.js';
import { cloneJson, isJsonMap, jsonEqual, type JsonMap, type JsonValue } from './jsonValue.js';

/** The query parameter fieldValidation; upstream treats an absent one as Warn. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** The most operations one JSON patch may hold. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** Thrown inside the applier; its text is what evanphx/json-patch reports (kept for logs). */
class OpError extends Error {}

type Container = JsonMap | JsonValue[];

const missing = (what: string): OpError => new OpError(`${what}: missing value`);
const invalidIndex = (idx: number): OpError => new OpError(`Unable to access invalid index: ${idx}: invalid index referenced`);

/** Go's strconv.Atoi. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new OpError(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new OpError(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return n === 0 ? 0 : n; // no -0
}

function decodeKey(s: string): string {
  return s.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

/** evanphx's container.get: undefined stands for Go's nil node (missing key or null value). */
function get(con: Container, key: string): JsonValue | undefined {
  if (!Array.isArray(con)) {
    const v = Object.prototype.hasOwnProperty.call(con, key) ? con[key] : undefined;
    return v === null ? undefined : v;
  }
  let idx = atoi(key);
  if (idx < 0) {
    if (idx < -con.length) throw invalidIndex(idx);
    idx += con.length;
  }
  if (idx >= con.length) throw invalidIndex(idx);
  const v = con[idx];
  return v === null ? undefined : v;
}

function add(con: Container, key: string, val: JsonValue): Container {
  if (!Array.isArray(con)) {
    con[key] = val;
    return con;
  }
  if (key === '-') {
    con.push(val);
    return con;
  }
  let idx: number;
  try {
    idx = atoi(key);
  } catch (e) {
    throw new OpError(`value was not a proper array index: '${key}': ${(e as Error).message}`);
  }
  const size = con.length + 1;
  if (idx >= size) throw invalidIndex(idx);
  if (idx < 0) {
    if (idx < -size) throw invalidIndex(idx);
    idx += size;
  }
  con.splice(idx, 0, val);
  return con;
}

function remove(con: Container, key: string): void {
  if (!Array.isArray(con)) {
    if (!Object.prototype.hasOwnProperty.call(con, key)) throw missing(`Unable to remove nonexistent key: ${key}`);
    delete con[key];
    return;
  }
  let idx = atoi(key);
  if (idx >= con.length) throw invalidIndex(idx);
  if (idx < 0) {
    if (idx < -con.length) throw invalidIndex(idx);
    idx += con.length;
  }
  con.splice(idx, 1);
}

function set(con: Container, key: string, val: JsonValue): void {
  if (!Array.isArray(con)) {
    con[key] = val;
    return;
  }
  let idx = atoi(key);
  if (idx < 0) {
    if (idx < -con.length) throw invalidIndex(idx);
    idx += con.length;
  }
  con[idx] = val;
}

/** evanphx's findObject: the container of the path's last segment, and that segment. */
function findObject(doc: Container, path: string): [Container, string] | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let con: Container = doc;
  for (const part of split.slice(1, -1)) {
    let next: JsonValue | undefined;
    try {
      next = get(con, decodeKey(part));
    } catch {
      return undefined;
    }
    if (next === undefined || next === null || typeof next !== 'object') return undefined;
    con = next;
  }
  return [con, decodeKey(split[split.length - 1]!)];
}

type Operation = Record<string, unknown> | null;

function opString(op: Operation, field: string, missingText: string): string {
  const v = op?.[field];
  if (v === undefined || v === null) throw missing(missingText);
  if (typeof v !== 'string') throw cannotUnmarshal(v, 'string');
  return v;
}

const opPath = (op: Operation): string => opString(op, 'path', 'operation missing path field');
const opFrom = (op: Operation): string => opString(op, 'from', 'operation, missing from field');

/** The operation's value: undefined when absent, null for an explicit null. */
function opValue(op: Operation): JsonValue | undefined {
  if (op === null || !Object.prototype.hasOwnProperty.call(op, 'value')) return undefined;
  return op['value'] as JsonValue;
}

function wrap<T>(fn: () => T, prefix: string): T {
  try {
    return fn();
  } catch (e) {
    throw new OpError(`${prefix}: ${(e as Error).message}`);
  }
}

function applyOp(doc: Container, op: Operation): Container {
  const kind = typeof op?.['op'] === 'string' ? (op['op'] as string) : 'unknown';
  switch (kind) {
    case 'add': {
      const path = wrap(() => opPath(op), 'add operation failed to decode path');
      const found = findObject(doc, path);
      if (!found) throw missing(`add operation does not apply: doc is missing path: "${path}"`);
      const val = opValue(op) ?? null;
      wrap(() => add(found[0], found[1], cloneJson(val)), `error in add for path: '${path}'`);
      return doc;
    }
    case 'remove': {
      const path = wrap(() => opPath(op), 'remove operation failed to decode path');
      const found = findObject(doc, path);
      if (!found) throw missing(`remove operation does not apply: doc is missing path: "${path}"`);
      wrap(() => remove(found[0], found[1]), `error in remove for path: '${path}'`);
      return doc;
    }
    case 'replace': {
      const path = wrap(() => opPath(op), 'replace operation failed to decode path');
      const val = opValue(op);
      if (path === '') {
        // the whole document: only an object or a list replaces it; anything else is a no-op
        if (typeof val === 'object' && val !== null) return cloneJson(val);
        return doc;
      }
      const found = findObject(doc, path);
      if (!found) throw missing(`replace operation does not apply: doc is missing path: ${path}`);
      try {
        get(found[0], found[1]);
      } catch {
        throw missing(`replace operation does not apply: doc is missing key: ${path}`);
      }
      set(found[0], found[1], cloneJson(val ?? null));
      return doc;
    }
    case 'move': {
      const from = wrap(() => opFrom(op), 'move operation failed to decode from');
      const src = findObject(doc, from);
      if (!src) throw missing(`move operation does not apply: doc is missing from path: ${from}`);
      const val = wrap(() => get(src[0], src[1]), `error in move for path: '${src[1]}'`);
      wrap(() => remove(src[0], src[1]), `error in move for path: '${src[1]}'`);
      const path = wrap(() => opPath(op), 'move operation failed to decode path');
      const dst = findObject(doc, path);
      if (!dst) throw missing(`move operation does not apply: doc is missing destination path: ${path}`);
      wrap(() => add(dst[0], dst[1], val ?? null), `error in move for path: '${path}'`);
      return doc;
    }
    case 'test': {
      const path = wrap(() => opPath(op), 'test operation failed to decode path');
      const failed = new OpError(`testing value ${path} failed: test failed`);
      const want = opValue(op);
      if (path === '') {
        if (want !== undefined && jsonEqual(doc, want)) return doc;
        throw failed;
      }
      const found = findObject(doc, path);
      if (!found) throw missing(`test operation does not apply: is missing path: ${path}`);
      const val = wrap(() => get(found[0], found[1]), `error in test for path: '${path}'`);
      if (val === undefined) {
        if (want === null) return doc;
        throw failed;
      }
      if (want === undefined || !jsonEqual(val, want)) throw failed;
      return doc;
    }
    case 'copy': {
      const from = wrap(() => opFrom(op), 'copy operation failed to decode from');
      const src = findObject(doc, from);
      if (!src) throw missing(`copy operation does not apply: doc is missing from path: ${from}`);
      const val = wrap(() => get(src[0], src[1]), `error in copy for from: '${from}'`);
      const path = wrap(() => opPath(op), 'copy operation failed to decode path');
      const dst = findObject(doc, path);
      if (!dst) throw missing(`copy operation does not apply: doc is missing destination path: ${path}`);
      wrap(() => add(dst[0], dst[1], cloneJson(val ?? null)), 'error while adding value during copy');
      return doc;
    }
    default:
      throw new OpError(`Unexpected kind: ${kind}`);
  }
}

const OP_FIELDS: Record<string, 'string' | 'any'> = { op: 'string', path: 'string', from: 'string', value: 'any' };

/**
 * What the handler's strict decoding into its jsonPatchOp struct reports before the patch is
 * applied (fieldValidation Strict or Warn): a type error rejects the request (400); unknown
 * fields are returned as warnings.
 */
function strictCheck(ops: unknown): string[] {
  if (ops === null) return [];
  if (!Array.isArray(ops)) throw badRequest(`error decoding patch: ${cannotUnmarshal(ops, '[]handlers.jsonPatchOp').message}`);
  const warnings: string[] = [];
  for (const op of ops) {
    if (op === null) continue;
    if (!isJsonMap(op)) {
      throw badRequest(`error decoding patch: ${cannotUnmarshal(op, 'handlers.jsonPatchOp').message}`);
    }
    for (const [k, v] of Object.entries(op)) {
      const type = OP_FIELDS[k];
      if (type === undefined) warnings.push(`json patch unknown field ${JSON.stringify(k)}`);
      else if (type === 'string' && v !== null && typeof v !== 'string') {
        throw badRequest(
          `error decoding patch: json: cannot unmarshal ${goJsonKind(v)} into Go struct field jsonPatchOp.${k} of type string`,
        );
      }
    }
  }
  return warnings;
}

export interface JsonPatchResult {
  object: JsonMap;
  /** Strict-decoding findings (unknown operation fields) the handler reports as warnings. */
  warnings: string[];
}

/**
 * Applies an RFC 6902 patch body to `original` (not modified) and returns the patched object.
 * Throws a PatchError: 400 when the body is not a JSON patch, 413 past 10000 operations, 422 when
 * an operation does not apply (a failed `test`, a missing path, a bad index).
 */
export function applyJsonPatch(
  original: JsonMap,
  body: string | Uint8Array,
  options: { fieldValidation?: FieldValidation } = {},
): JsonPatchResult {
  const validation = options.fieldValidation ?? 'Warn';
  let ops: unknown;
  try {
    ops = parseGoJson(bodyText(body));
  } catch (e) {
    if (!(e instanceof GoJsonError)) throw e;
    throw badRequest(validation === 'Ignore' ? e.message : `error decoding patch: ${e.message}`);
  }
  const warnings = validation === 'Ignore' ? [] : strictCheck(ops);
  if (ops === null) return { object: cloneJson(original), warnings };
  if (!Array.isArray(ops)) throw badRequest(cannotUnmarshal(ops, 'jsonpatch.Patch').message);
  for (const op of ops) {
    if (op !== null && !isJsonMap(op)) throw badRequest(cannotUnmarshal(op, 'jsonpatch.Operation').message);
  }
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw requestEntityTooLarge(
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`,
    );
  }
  let doc: Container = cloneJson(original);
  try {
    for (const op of ops as Operation[]) doc = applyOp(doc, op);
  } catch (e) {
    if (e instanceof OpError || e instanceof GoJsonError) throw withCause(genericUnprocessable(), e.message);
    throw e;
  }
  if (!isJsonMap(doc)) {
    // the whole document was replaced by a list: the object no longer decodes
    throw invalidPatchedObject(JSON.stringify(doc), 'json: cannot unmarshal array into Go value of type map[string]interface {}');
  }
  return { object: doc, warnings };
}

/** Keeps the underlying text on the error (not part of the Status, as upstream) for logs. */
function withCause(err: PatchError, cause: string): PatchError {
  (err as PatchError & { cause?: string }).cause = cause;
  return err;
}
