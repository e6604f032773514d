// application/merge-patch+json (RFC 7386) as kube-apiserver applies it (evanphx/json-patch v4
// MergePatch): objects merge key by key, null deletes a key, anything else (lists included)
// replaces. Nulls inside a value that lands where nothing was before are pruned, also inside
// objects held in lists; a value replacing an object is kept as sent.
import { badRequest, invalidPatchedObject } from './patchError.js';
import { bodyText, cannotUnmarshal, GoJsonError, parseGoJson } from './goJson.js';
import { cloneJson, isJsonMap, type JsonMap, type JsonValue } from './jsonValue.js';
import type { FieldValidation } from './jsonPatch.js';

function pruneNulls(v: JsonValue): JsonValue {
  if (Array.isArray(v)) {
    for (const item of v) if (item !== null) pruneNulls(item);
  } else if (isJsonMap(v)) {
    for (const k of Object.keys(v)) {
      const item = v[k]!;
      if (item === null) delete v[k];
      else pruneNulls(item);
    }
  }
  return v;
}

function mergeValue(cur: JsonValue, patch: JsonValue): JsonValue {
  if (!isJsonMap(cur)) return pruneNulls(patch);
  if (!isJsonMap(patch)) return patch;
  mergeMaps(cur, patch);
  return cur;
}

function mergeMaps(doc: JsonMap, patch: JsonMap): void {
  for (const k of Object.keys(patch)) {
    const v = patch[k]!;
    if (v === null) {
      delete doc[k];
      continue;
    }
    const cur = Object.prototype.hasOwnProperty.call(doc, k) ? doc[k]! : null;
    doc[k] = cur === null ? pruneNulls(v) : mergeValue(cur, v);
  }
}

/**
 * Applies a JSON merge patch body to `original` (not modified). Throws a PatchError 400 for a
 * body that is not a JSON object ("Invalid JSON Patch", or the decoding error under
 * fieldValidation Warn/Strict, the default being Warn). A list body (accepted upstream only with
 * fieldValidation=Ignore) replaces the document, which then fails to decode: 422 Invalid.
 */
export function applyMergePatch(
  original: JsonMap,
  body: string | Uint8Array,
  options: { fieldValidation?: FieldValidation } = {},
): JsonMap {
  const validation = options.fieldValidation ?? 'Warn';
  let patch: unknown;
  try {
    patch = parseGoJson(bodyText(body));
  } catch (e) {
    if (!(e instanceof GoJsonError)) throw e;
    throw badRequest(validation === 'Ignore' ? 'Invalid JSON Patch' : `error decoding patch: ${e.message}`);
  }
  if (validation !== 'Ignore' && patch !== null && !isJsonMap(patch)) {
    throw badRequest(`error decoding patch: ${cannotUnmarshal(patch, 'map[string]interface {}').message}`);
  }
  if (patch === null) throw badRequest('Invalid JSON Patch');
  if (Array.isArray(patch)) {
    const replaced = JSON.stringify(pruneNulls(patch as JsonValue));
    throw invalidPatchedObject(replaced, 'json: cannot unmarshal array into Go value of type map[string]interface {}');
  }
  if (!isJsonMap(patch)) throw badRequest('Invalid JSON Patch');
  const doc = cloneJson(original);
  mergeMaps(doc, patch);
  return doc;
}
