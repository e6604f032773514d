// application/strategic-merge-patch+json as kube-apiserver applies it
// (strategicpatch.StrategicMergeMapPatch, server side): a JSON merge patch whose lists merge by
// the merge key the schema declares (x-kubernetes-patch-strategy: merge), plus the directives
//   $patch: replace | delete (| merge for maps is refused)   on a map or a list item
//   $retainKeys: [..]                 keep only these keys of the map
//   $setElementOrder/<list>: [..]     the order of the merged list
//   $deleteFromPrimitiveList/<list>   values to drop from a primitive list
// and null deleting a key. Lists without a merge strategy are replaced. Item order follows the
// upstream rules ($setElementOrder, then the patch's order, then the live order), computed with
// Go's stable sort so that ties come out the same.
import { badArgTypeText, goTypeName, goV } from './goFormat.js';
import { goStableSort } from './goStableSort.js';
import { bodyText, cannotUnmarshal, GoJsonError, parseGoJson } from './goJson.js';
import { cloneJson, isJsonMap, type JsonMap, type JsonValue } from './jsonValue.js';
import type { Atom } from './openapiSchema.js';
import { badRequest, genericUnprocessable, internalError, PatchError } from './patchError.js';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';

// The mergepatch errors the handler answers with 400 / 422; any other error is a plain 500.
const badPrimitiveList = (): PatchError => badRequest('invalid patch format of primitive list');
const badRetainKeys = (): PatchError => badRequest('invalid patch format of retainKeys');
const badSetElementOrder = (): PatchError => badRequest('invalid patch format of setElementOrder list');
const noListOfLists = (): PatchError => withCause(genericUnprocessable(), 'lists of lists are not supported');
const noMergeKey = (m: unknown, key: string): PatchError =>
  internalError(`map: ${goV(m)} does not contain declared merge key: ${key}`);
const badArgType = (expected: string, actual: unknown): PatchError => internalError(badArgTypeText(expected, actual));
const badPatchType = (t: unknown, m: unknown): PatchError => internalError(`unknown patch type: ${goV(t)} in map: ${goV(m)}`);

function withCause(err: PatchError, cause: string): PatchError {
  (err as PatchError & { cause?: string }).cause = cause;
  return err;
}

const LIST = '[]interface {}';
const MAP = 'map[string]interface {}';

/** The patch metadata of a field: its type and strategic-merge facts (none when unknown). */
interface PatchMeta {
  type: Atom | undefined;
  strategy: string;
  mergeKey: string;
}

function strategyOf(strategies: readonly string[]): string {
  // retainKeys only shapes client-side patches; the other strategy is what merging uses
  switch (strategies.length) {
    case 0:
      return '';
    case 1:
      return strategies[0] === 'retainKeys' ? '' : strategies[0]!;
    case 2:
      if (strategies[0] === 'retainKeys') return strategies[1]!;
      if (strategies[1] === 'retainKeys') return strategies[0]!;
  }
  throw internalError(`unexpected patch strategy: [${strategies.join(' ')}]`);
}

function lookupField(schema: Atom | undefined, key: string): PatchMeta {
  const map = schema?.map;
  const field = map?.fields.get(key);
  if (field !== undefined) {
    return { type: field.type, strategy: strategyOf(field.patchStrategies), mergeKey: field.patchMergeKey };
  }
  return { type: map?.element, strategy: '', mergeKey: '' };
}

function lookupSlice(schema: Atom | undefined, key: string): PatchMeta {
  const meta = lookupField(schema, key);
  return { ...meta, type: meta.type?.list?.element };
}

/** Go's `==` on decoded JSON scalars (maps and lists never compare equal here). */
function scalarEqual(a: unknown, b: unknown): boolean {
  return a === b && (typeof a !== 'object' || a === null);
}

/** Go's `==` on two interface values that may be nil (missing). */
function ifaceEqual(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  return scalarEqual(a, b);
}

function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf('/');
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST) throw badPrimitiveList();
    throw badSetElementOrder();
  }
  return s.slice(slash + 1);
}

/** Drops maps carrying `$patch`, anywhere in the value; returns undefined when `v` itself is one. */
function removeDirectives(v: JsonValue): JsonValue | undefined {
  if (Array.isArray(v)) {
    const out: JsonValue[] = [];
    for (const item of v) {
      const kept = removeDirectives(item);
      if (kept !== undefined) out.push(kept);
    }
    return out;
  }
  if (isJsonMap(v)) {
    if (Object.prototype.hasOwnProperty.call(v, DIRECTIVE)) return undefined;
    for (const k of Object.keys(v)) {
      const kept = removeDirectives(v[k]!);
      if (kept === undefined) delete v[k];
      else v[k] = kept;
    }
  }
  return v;
}

function discardNulls(v: JsonValue): void {
  if (Array.isArray(v)) {
    for (const item of v) discardNulls(item);
  } else if (isJsonMap(v)) {
    for (const k of Object.keys(v)) {
      const item = v[k]!;
      if (item === null) delete v[k];
      else discardNulls(item);
    }
  }
}

function setPatched(original: JsonMap, key: string, patchV: JsonValue): void {
  discardNulls(patchV);
  const kept = removeDirectives(patchV);
  if (kept === undefined) delete original[key];
  else original[key] = kept;
}

function mergeMap(original: JsonMap | null, patch: JsonMap, schema: Atom | undefined): JsonMap {
  if (Object.prototype.hasOwnProperty.call(patch, DIRECTIVE)) {
    const directive = patch[DIRECTIVE];
    if (directive === 'replace') {
      delete patch[DIRECTIVE];
      return patch;
    }
    if (directive === 'delete') return {};
    throw badPatchType(directive, patch);
  }
  const target: JsonMap = original ?? {};
  applyRetainKeys(target, patch);
  mergeSetElementOrder(target, patch, schema);

  for (let key of Object.keys(patch)) {
    const patchV = patch[key]!;
    let isDeleteList = false;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      key = extractKey(key, DELETE_FROM_PRIMITIVE_LIST);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete target[key];
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(target, key)) {
      if (!isDeleteList) setPatched(target, key, patchV);
      continue;
    }
    const origV = target[key]!;
    if (goTypeName(origV) !== goTypeName(patchV)) {
      if (!isDeleteList) setPatched(target, key, patchV);
      continue;
    }
    if (isJsonMap(origV)) {
      const meta = lookupField(schema, key);
      target[key] = meta.strategy !== 'replace' ? mergeMap(origV, patchV as JsonMap, meta.type) : patchV;
    } else if (Array.isArray(origV)) {
      const meta = lookupSlice(schema, key);
      target[key] = mergeSliceHandler(origV, patchV as JsonValue[], meta, isDeleteList);
    } else {
      const kept = removeDirectives(patchV);
      if (kept === undefined) delete target[key];
      else target[key] = kept;
    }
  }
  return target;
}

function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!Object.prototype.hasOwnProperty.call(patch, RETAIN_KEYS)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(retain)) throw badRetainKeys();
  const keep = new Set<unknown>(retain);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!keep.has(k)) throw badRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/** Processes the $setElementOrder/<list> directives and the lists they order. */
function mergeSetElementOrder(original: JsonMap, patch: JsonMap, schema: Atom | undefined): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER) || !Object.prototype.hasOwnProperty.call(patch, key)) continue;
    const order = patch[key]!;
    delete patch[key];
    if (!Array.isArray(order)) throw badArgType(LIST, order);
    const listKey = extractKey(key, SET_ELEMENT_ORDER);
    const foundOriginal = Object.prototype.hasOwnProperty.call(original, listKey);
    const foundPatch = Object.prototype.hasOwnProperty.call(patch, listKey);
    let originalList: JsonValue[] = [];
    let patchList: JsonValue[] = [];
    if (foundOriginal) {
      const v = original[listKey]!;
      if (!Array.isArray(v)) throw badArgType(LIST, v);
      originalList = v;
    }
    if (foundPatch) {
      const v = patch[listKey]!;
      if (!Array.isArray(v)) throw badArgType(LIST, v);
      patchList = v;
    }
    const meta = lookupSlice(schema, listKey);
    validatePatchWithSetOrderList(patchList, order, meta.mergeKey);

    let merged: JsonValue[];
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchList) as JsonValue[];
    else if (foundOriginal && foundPatch) merged = mergeSliceHandler(originalList, patchList, meta, false);
    else continue;

    const [patchItems, serverOnly] =
      meta.mergeKey === '' ? partitionPrimitives(merged, order) : partitionMaps(merged, order, meta.mergeKey);
    const isMap = sliceElementType(originalList, patchList) === MAP;
    original[listKey] = normalizeElementOrder(patchItems, serverOnly, order, originalList, meta.mergeKey, isMap);
    delete patch[listKey];
  }
}

function validatePatchWithSetOrderList(patchList: JsonValue[], order: JsonValue[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey !== '' ? extractToDeleteItems(patchList)[0] : patchList;
  let pi = 0;
  let si = 0;
  while (pi < nonDelete.length && si < order.length) {
    const item = nonDelete[pi]!;
    if (isJsonMap(item) && Object.prototype.hasOwnProperty.call(item, DIRECTIVE)) {
      pi++;
      continue;
    }
    if (mergeKeyValueEqual(item, order[si]!, mergeKey)) pi++;
    si++;
  }
  if (pi < nonDelete.length && si >= order.length) {
    throw internalError(
      `The order in patch list:\n${goV(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goV(order)}\n`,
    );
  }
}

function mergeKeyValueEqual(left: JsonValue, right: JsonValue, mergeKey: string): boolean {
  if (mergeKey === '') return scalarEqual(left, right);
  if (!isJsonMap(left)) throw badArgType(MAP, left);
  if (!isJsonMap(right)) throw badArgType(MAP, right);
  if (!Object.prototype.hasOwnProperty.call(left, mergeKey)) throw noMergeKey(left, mergeKey);
  if (!Object.prototype.hasOwnProperty.call(right, mergeKey)) throw noMergeKey(right, mergeKey);
  return scalarEqual(left[mergeKey], right[mergeKey]);
}

function extractToDeleteItems(list: JsonValue[]): [JsonValue[], JsonValue[]] {
  const keep: JsonValue[] = [];
  const toDelete: JsonValue[] = [];
  for (const v of list) {
    if (!isJsonMap(v)) throw badArgType(MAP, v);
    if (v[DIRECTIVE] === 'delete') toDelete.push(v);
    else keep.push(v);
  }
  return [keep, toDelete];
}

function mergeSliceHandler(original: JsonValue[], patch: JsonValue[], meta: PatchMeta, isDeleteList: boolean): JsonValue[] {
  // deletion lists apply whatever the field's strategy; otherwise only `merge` merges
  if (meta.strategy === 'merge' || isDeleteList) return mergeSlice(original, patch, meta, isDeleteList);
  return patch;
}

/** The Go type name shared by every element of the lists; the lists must not all be empty. */
function sliceElementType(...lists: JsonValue[][]): string {
  let prev: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const t = goTypeName(v);
      if (prev === undefined) {
        prev = t;
        if (t === LIST) throw noListOfLists();
      } else if (prev !== t) {
        throw internalError(`list element types are not identical: [${lists.map(goV).join(' ')}]`);
      }
    }
  }
  if (prev === undefined) throw internalError('no elements in any of the given slices');
  return prev;
}

function mergeSlice(original: JsonValue[], patch: JsonValue[], meta: PatchMeta, isDeleteList: boolean): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original;
  const isMap = sliceElementType(original, patch) === MAP;
  const mergeKey = meta.mergeKey;
  let merged: JsonValue[];
  if (!isMap) {
    if (isDeleteList) return original.filter((v) => !patch.some((d) => scalarEqual(v, d)));
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === '') throw internalError('cannot merge lists without merge key for struct');
    [original, patch] = mergeSpecialElements(original, patch, mergeKey);
    merged = mergeItems(original, patch, mergeKey, meta.type);
  }
  const [patchItems, serverOnly] =
    mergeKey === '' ? partitionPrimitives(merged, patch) : partitionMaps(merged, patch, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey, isMap);
}

/** Applies `$patch: delete|replace` list items; returns the new original and the plain patch items. */
function mergeSpecialElements(original: JsonValue[], patch: JsonValue[], mergeKey: string): [JsonValue[], JsonValue[]] {
  const plain: JsonValue[] = [];
  let replace = false;
  for (const v of patch) {
    const item = v as JsonMap;
    if (!Object.prototype.hasOwnProperty.call(item, DIRECTIVE)) {
      plain.push(v);
      continue;
    }
    switch (item[DIRECTIVE]) {
      case 'delete':
        if (!Object.prototype.hasOwnProperty.call(item, mergeKey)) throw noMergeKey(item, mergeKey);
        original = deleteMatching(original, mergeKey, item[mergeKey]);
        break;
      case 'replace':
        replace = true;
        break;
      case 'merge':
        throw internalError('merging lists cannot yet be specified in the patch');
      default:
        throw badPatchType(item[DIRECTIVE], item);
    }
  }
  return replace ? [plain, []] : [original, plain];
}

function deleteMatching(list: JsonValue[], mergeKey: string, value: unknown): JsonValue[] {
  const out: JsonValue[] = [];
  list.forEach((v, i) => {
    if (!isJsonMap(v)) throw internalError(`value for key ${i} is not a map`);
    if (!(Object.prototype.hasOwnProperty.call(v, mergeKey) && scalarEqual(v[mergeKey], value))) out.push(v);
  });
  return out;
}

function findByKey(list: JsonValue[], mergeKey: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const v = list[i]!;
    if (!isJsonMap(v)) throw internalError(`value for key ${i} is not a map`);
    if (Object.prototype.hasOwnProperty.call(v, mergeKey) && scalarEqual(v[mergeKey], value)) return i;
  }
  return -1;
}

function mergeItems(original: JsonValue[], patch: JsonValue[], mergeKey: string, itemType: Atom | undefined): JsonValue[] {
  // a new list: the caller still orders by the original items (Go's append leaves its slice alone)
  original = original.slice();
  for (const v of patch) {
    const item = v as JsonMap;
    if (!Object.prototype.hasOwnProperty.call(item, mergeKey)) throw noMergeKey(item, mergeKey);
    const at = findByKey(original, mergeKey, item[mergeKey]);
    if (at >= 0) original[at] = mergeMap(original[at] as JsonMap, item, itemType);
    else original.push(v);
  }
  return original;
}

/** strategicpatch's in-place deduplication (it moves the last element into each hole). */
function deduplicateScalars(s: JsonValue[]): JsonValue[] {
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (scalarEqual(s[i], s[j])) {
        s[j] = s[length]!;
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

function partitionPrimitives(list: JsonValue[], by: JsonValue[]): [JsonValue[], JsonValue[]] {
  const inPatch: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  for (const v of list) (by.some((b) => scalarEqual(b, v)) ? inPatch : serverOnly).push(v);
  return [inPatch, serverOnly];
}

function partitionMaps(list: JsonValue[], by: JsonValue[], mergeKey: string): [JsonValue[], JsonValue[]] {
  const inPatch: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  for (const v of list) {
    if (!isJsonMap(v)) throw badArgType(MAP, v);
    if (!Object.prototype.hasOwnProperty.call(v, mergeKey)) throw noMergeKey(v, mergeKey);
    (findByKey(by, mergeKey, v[mergeKey]) >= 0 ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}

function itemValue(item: JsonValue, mergeKey: string, isMap: boolean): unknown {
  if (!isMap) return item;
  return isJsonMap(item) ? item[mergeKey] : undefined;
}

/** strategicpatch's index(): position of `v` in `list` by merge key value (or by value), -1 if absent. */
function indexIn(list: JsonValue[], v: JsonValue, mergeKey: string, isMap: boolean): number {
  const want = itemValue(v, mergeKey, isMap);
  for (let i = 0; i < list.length; i++) if (ifaceEqual(want, itemValue(list[i]!, mergeKey, isMap))) return i;
  return -1;
}

function normalizeSliceOrder(toSort: JsonValue[], order: JsonValue[], mergeKey: string, isMap: boolean): JsonValue[] {
  let toDelete: JsonValue[] = [];
  if (isMap) {
    for (const list of [toSort, order]) {
      for (const item of list) {
        if (!isJsonMap(item)) throw badArgType(MAP, item);
        if (!Object.prototype.hasOwnProperty.call(item, mergeKey)) throw noMergeKey(item, mergeKey);
      }
    }
    [toSort, toDelete] = extractToDeleteItems(toSort);
  }
  goStableSort(toSort, (a, b) => {
    const ia = indexIn(order, a, mergeKey, isMap);
    if (ia >= 0) {
      const ib = indexIn(order, b, mergeKey, isMap);
      if (ib >= 0) return ia < ib;
    }
    return true;
  });
  return [...toSort, ...toDelete];
}

/** Interleaves the server-only items into the patch items, keeping each side's order. */
function mergeSorted(left: JsonValue[], right: JsonValue[], serverOrder: JsonValue[], mergeKey: string, isMap: boolean): JsonValue[] {
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]!);
    else if (j >= right.length) out.push(left[i++]!);
    else {
      const li = indexIn(serverOrder, left[i]!, mergeKey, isMap);
      const ri = indexIn(serverOrder, right[j]!, mergeKey, isMap);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]!);
      else out.push(right[j++]!);
    }
  }
  return out;
}

function normalizeElementOrder(
  patch: JsonValue[],
  serverOnly: JsonValue[],
  patchOrder: JsonValue[],
  serverOrder: JsonValue[],
  mergeKey: string,
  isMap: boolean,
): JsonValue[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, isMap);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, isMap);
  return mergeSorted(s, p, serverOrder, mergeKey, isMap);
}

/**
 * Decodes a strategic merge patch body as the handler does: a JSON object (null is an empty
 * patch). Throws 400 BadRequest with Go's decoding error text otherwise.
 */
export function decodeStrategicMergePatch(body: string | Uint8Array): JsonMap {
  let patch: unknown;
  try {
    patch = parseGoJson(bodyText(body));
  } catch (e) {
    if (e instanceof GoJsonError) throw badRequest(e.message);
    throw e;
  }
  if (patch === null) return {};
  if (!isJsonMap(patch)) throw badRequest(cannotUnmarshal(patch, 'map[string]interface {}').message);
  return patch;
}

/**
 * Applies a strategic merge patch to `original` (not modified) using the kind's schema (from
 * SchemaRegistry.kind(...).root). `patch` is the request body, or an already decoded object
 * (which is consumed). Throws a PatchError with upstream's code: 400 for malformed directives,
 * 422 for lists of lists, 500 (no reason) for the errors upstream does not classify, such as a
 * list item missing its merge key.
 */
export function applyStrategicMergePatch(original: JsonMap, patch: string | Uint8Array | JsonMap, schema: Atom): JsonMap {
  const patchMap = typeof patch === 'string' || patch instanceof Uint8Array ? decodeStrategicMergePatch(patch) : patch;
  return mergeMap(cloneJson(original), patchMap, schema);
}
