// Server-side apply and managedFields tracking, with kube-apiserver's field manager pipeline:
//
//   applyServerSide (application/apply-patch+yaml)        updateManagedFields (every other write)
//   version check: the config's apiVersion/kind            managedFields from the request object
//   last-applied annotation kept in sync for "kubectl"     (or the live one; [] or [{}] resets)
//   client-side-apply fields don't conflict for "kubectl"  untracked objects stay untracked
//   existing fields go to "before-first-apply"             the writer gets the fields it changed,
//   merge config into live, prune what the applier         others lose them
//   dropped, conflicts (409) unless force                  at most 10 Update entries
//
// Objects are JSON as stored; the caller then defaults, validates and stores the result.
import { parse as parseYaml } from 'yaml';

import { compareStrings, pathToString, type Path } from './fieldPath.js';
import { FieldSet } from './fieldSet.js';
import { goZeroObject } from './goZeroValue.js';
import { cloneJson, isJsonMap, jsonEqual, type JsonMap, type JsonValue } from './jsonValue.js';
import {
  cloneManaged,
  decodeManagedFields,
  emptyManaged,
  encodeManagedFields,
  isResetManagedFields,
  managerIdentifier,
  parseManagerIdentifier,
  type Managed,
  type VersionedSet,
} from './managedFields.js';
import { DEDUCED_ATOM, SchemaRegistry, type Atom } from './openapiSchema.js';
import { badRequest, internalError, PatchError, type StatusCause } from './patchError.js';
import { duplicateJsonKeys } from './goJson.js';
import type { FieldValidation } from './jsonPatch.js';
import {
  compare,
  ensureNamedFieldsAreMembers,
  isValidAllowingDuplicates,
  merge,
  MergeError,
  removeItems,
  toFieldSet,
  validate,
  validationErrorsText,
  type Comparison,
} from './typedValue.js';

/** The annotation client-side apply keeps the last applied configuration in. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** Update entries beyond this many are merged into "ancient-changes" buckets. */
export const MAX_UPDATE_MANAGERS = 10;
/** The longest field manager name (FieldManagerMaxLength). */
export const FIELD_MANAGER_MAX_LENGTH = 128;

const CURRENT_OPERATION = 'current-operation';
const BEFORE_FIRST_APPLY = 'before-first-apply';
const ANCIENT_CHANGES = 'ancient-changes';
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** Fields never recorded in managedFields (stripMetaManager). */
const STRIPPED = FieldSet.fromPaths(
  [
    ['apiVersion'],
    ['kind'],
    ['metadata'],
    ['metadata', 'name'],
    ['metadata', 'namespace'],
    ['metadata', 'creationTimestamp'],
    ['metadata', 'selfLink'],
    ['metadata', 'uid'],
    ['metadata', 'clusterName'],
    ['metadata', 'generation'],
    ['metadata', 'managedFields'],
    ['metadata', 'resourceVersion'],
  ].map((p) => p.map((name) => ({ kind: 'field' as const, name }))),
);

export interface FieldManagerOptions {
  /** The endpoint's group version, e.g. 'apps/v1' or 'v1'. */
  apiVersion: string;
  kind: string;
  /** 'status', 'scale', ...; '' or undefined for the main resource. */
  subresource?: string;
  /**
   * The kind's root type. Default: the built-in schema from `registry`; a kind without one
   * (a custom resource without a schema) is handled as deduced (maps merge, lists are atomic).
   */
  schema?: Atom;
  registry?: SchemaRegistry;
  /**
   * The fields this endpoint resets and nobody may own through it (the strategy's
   * GetResetFields), e.g. [['status']] on the main resource of most kinds.
   */
  resetFields?: FieldSet | readonly (readonly string[])[];
  /** Clock for entry times. */
  now?: () => Date;
}

export interface ApplyOptions extends FieldManagerOptions {
  /** The fieldManager query parameter (required for apply; the handler validates it). */
  manager: string;
  /** The force query parameter. */
  force?: boolean;
  /** The fieldValidation query parameter; upstream's default is Warn. */
  fieldValidation?: FieldValidation;
}

export interface ApplyResult {
  /** The object to store (managedFields included). */
  object: JsonMap;
  /** Whether the object's content (not counting managedFields) changed. */
  changed: boolean;
  /** Strict-decoding findings reported as warnings (fieldValidation=Warn). */
  warnings: string[];
}

interface Context {
  gv: string;
  kind: string;
  subresource: string;
  root: Atom;
  reset: FieldSet | undefined;
  now: () => Date;
  zero: () => JsonMap;
}

/** The sets of the few lists of reset fields endpoints have, by their paths' text. */
const resetFieldSets = new Map<string, FieldSet>();

function resetFieldSet(paths: readonly (readonly string[])[]): FieldSet {
  const key = JSON.stringify(paths);
  let set = resetFieldSets.get(key);
  if (set === undefined) {
    set = FieldSet.fromPaths(paths.map((p) => p.map((name) => ({ kind: 'field' as const, name }))));
    resetFieldSets.set(key, set);
  }
  return set;
}

function context(opts: FieldManagerOptions): Context {
  const root = opts.schema ?? (opts.registry ?? SchemaRegistry.builtin()).kind(opts.apiVersion, opts.kind)?.root ?? DEDUCED_ATOM;
  let reset: FieldSet | undefined;
  if (opts.resetFields instanceof FieldSet) reset = opts.resetFields;
  else if (opts.resetFields !== undefined && opts.resetFields.length > 0) reset = resetFieldSet(opts.resetFields);
  return {
    gv: opts.apiVersion,
    kind: opts.kind,
    subresource: opts.subresource ?? '',
    root,
    reset,
    now: opts.now ?? (() => new Date()),
    zero: () => cloneJson(goZeroObject(opts.apiVersion, opts.kind) ?? {}),
  };
}

/** metav1.Time of the clock: RFC 3339, whole seconds, UTC. */
function timeText(d: Date): string {
  const seconds = Math.floor(d.getTime() / 1000);
  if (seconds !== lastTime.seconds) lastTime = { seconds, text: new Date(seconds * 1000).toISOString().replace('.000Z', 'Z') };
  return lastTime.text;
}

/** The last time written: the writes of one second share it. */
let lastTime = { seconds: NaN, text: '' };

const metadataOf = (obj: JsonMap): JsonMap | undefined => (isJsonMap(obj['metadata']) ? obj['metadata'] : undefined);

function withoutManagedFields(obj: JsonMap): JsonMap {
  const meta = metadataOf(obj);
  if (meta === undefined || !('managedFields' in meta)) return obj;
  const { managedFields: _dropped, ...rest } = meta;
  return { ...obj, metadata: rest };
}

function setManagedFields(obj: JsonMap, managed: Managed): JsonMap {
  const entries = encodeManagedFields(managed);
  const out = withoutManagedFields(obj);
  if (entries === undefined) return out;
  const meta = metadataOf(out) ?? {};
  return { ...out, metadata: { ...meta, managedFields: entries as unknown as JsonValue } };
}

// --- the structured merge core -----------------------------------------------------------------

class Conflicts extends Error {
  constructor(readonly conflicts: Array<{ manager: string; path: Path }>) {
    super('conflicts');
  }
}

function filterReset(ctx: Context, s: FieldSet): FieldSet {
  return ctx.reset ? s.recursiveDifference(ctx.reset) : s;
}

/** Fails with the validation errors of a live or new object (list map items may repeat). */
function checkTyped(ctx: Context, obj: JsonValue, what: (text: string) => string): void {
  if (isValidAllowingDuplicates(obj, ctx.root)) return;
  const errors = validate(obj, ctx.root, true);
  if (errors.length > 0) throw internalError(what(validationErrorsText(errors)));
}

/** Updater.update: ownership after `oldObj` became `newObj`; the writer (`workflow`) is left alone. */
function updateOwnership(
  ctx: Context,
  oldObj: JsonValue,
  newObj: JsonValue,
  managers: Map<string, VersionedSet>,
  workflow: string,
  force: boolean,
): Comparison {
  const raw = compare(oldObj, newObj, ctx.root);
  const cmp: Comparison = {
    added: filterReset(ctx, raw.added),
    modified: filterReset(ctx, raw.modified),
    removed: filterReset(ctx, raw.removed),
  };
  const changed = cmp.modified.union(cmp.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [manager, vs] of managers) {
    if (manager === workflow) continue;
    const c = vs.set.intersection(changed);
    if (!c.empty()) conflicts.set(manager, c);
  }
  if (!force && conflicts.size > 0) {
    const list: Array<{ manager: string; path: Path }> = [];
    for (const manager of [...conflicts.keys()].sort(compareStrings)) {
      for (const path of conflicts.get(manager)!.paths()) list.push({ manager, path });
    }
    throw new Conflicts(list);
  }
  for (const [manager, vs] of [...managers]) {
    if (manager === workflow) continue;
    let set = vs.set;
    const c = conflicts.get(manager);
    if (c !== undefined) set = set.difference(c);
    if (!cmp.removed.empty()) set = set.difference(cmp.removed);
    if (set.empty()) managers.delete(manager);
    else if (set !== vs.set) managers.set(manager, { ...vs, set });
  }
  return cmp;
}

/** structuredMergeManager.Update + stripMeta: what `workflow` changed. */
function structuredUpdate(ctx: Context, live: JsonMap, next: JsonMap, managers: Map<string, VersionedSet>, workflow: string): void {
  checkTyped(ctx, next, (e) => `failed to convert new object (${describe(next, ctx)}) to smd typed: ${e}`);
  checkTyped(ctx, live, (e) => `failed to convert live object (${describe(live, ctx)}) to smd typed: ${e}`);
  const cmp = updateOwnership(ctx, live, next, managers, workflow, true);
  const previous = managers.get(workflow)?.set ?? new FieldSet();
  const set = filterReset(ctx, previous.difference(cmp.removed).union(cmp.modified).union(cmp.added)).difference(STRIPPED);
  if (set.empty()) managers.delete(workflow);
  else managers.set(workflow, { set, apiVersion: ctx.gv, applied: false });
}

/** The Update pipeline below skipNonApplied: manager identity, timestamps, cap. */
function updatePipeline(ctx: Context, live: JsonMap, next: JsonMap, managed: Managed, manager: string): Managed {
  const id = managerIdentifier({ manager: manager || 'unknown', operation: 'Update', apiVersion: ctx.gv, subresource: ctx.subresource });
  const out = cloneManaged(managed);
  structuredUpdate(ctx, withoutManagedFields(live), withoutManagedFields(next), out.fields, CURRENT_OPERATION);
  const current = out.fields.get(CURRENT_OPERATION);
  if (current !== undefined) {
    out.fields.delete(CURRENT_OPERATION);
    const previous = out.fields.get(id);
    out.fields.set(id, { ...current, set: previous ? previous.set.union(current.set) : current.set });
    out.times.set(id, timeText(ctx.now()));
  }
  capUpdateManagers(out);
  return out;
}

function capUpdateManagers(managed: Managed): void {
  const updaters = [...managed.fields].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= MAX_UPDATE_MANAGERS) return;
  const seconds = (id: string): number => {
    const t = managed.times.get(id);
    return t === undefined ? 0 : Math.floor(Date.parse(t) / 1000);
  };
  updaters.sort((a, b) => seconds(a) - seconds(b) || compareStrings(a, b));
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > MAX_UPDATE_MANAGERS; i++) {
    const id = updaters[i]!;
    const vs = managed.fields.get(id)!;
    const time = managed.times.get(id);
    const bucket = managerIdentifier({ manager: ANCIENT_CHANGES, operation: 'Update', apiVersion: vs.apiVersion });
    const first = firstOfVersion.get(vs.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(vs.apiVersion, id);
      continue;
    }
    if (!managed.fields.has(bucket)) {
      managed.fields.set(bucket, managed.fields.get(first)!);
      managed.fields.delete(first);
    }
    managed.fields.set(bucket, { ...vs, set: vs.set.union(managed.fields.get(bucket)!.set) });
    managed.fields.delete(id);
    length--;
    managed.times.set(bucket, time);
  }
}

function describe(obj: JsonValue, ctx: Context): string {
  const meta = isJsonMap(obj) && isJsonMap(obj['metadata']) ? obj['metadata'] : {};
  const s = (v: unknown): string => (typeof v === 'string' ? v : '');
  return `${s(meta['namespace'])}/${s(meta['name'])}; ${gvkString(ctx.gv, ctx.kind)}`;
}

/** schema.GroupVersionKind's String(): "apps/v1, Kind=Deployment", "/v1, Kind=Pod". */
function gvkString(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  return `${group}/${version}, Kind=${kind}`;
}

// --- Update ---------------------------------------------------------------------------------------

/**
 * Records field ownership for a create, update or non-apply patch (the field manager's Update):
 * `manager` gets the fields it changed or added, other managers lose them, everyone loses the
 * fields that were removed. `oldObject` is the stored object (undefined on create); `newObject`
 * is the object about to be stored, whose metadata.managedFields (if the client sent any) win
 * over the stored ones, `[]` resetting them. Returns `newObject` with metadata.managedFields set
 * (or removed when nothing is tracked); the inputs are not modified. Errors never fail the
 * request: as upstream, the object is then stored without managedFields.
 */
export function updateManagedFields(
  oldObject: JsonMap | undefined,
  newObject: JsonMap,
  manager: string,
  options: FieldManagerOptions,
): JsonMap {
  const ctx = context(options);
  const live = oldObject ?? ctx.zero();
  const decodeOrEmpty = (entries: unknown): Managed => {
    try {
      return decodeManagedFields(entries);
    } catch {
      return emptyManaged();
    }
  };
  const liveEntries = metadataOf(live)?.['managedFields'];
  const newEntries = metadataOf(newObject)?.['managedFields'];
  let managed: Managed;
  if (ctx.subresource !== '') managed = decodeOrEmpty(liveEntries);
  else if (isResetManagedFields(newEntries)) managed = emptyManaged();
  else {
    const fromNew = decodeOrEmpty(newEntries);
    managed = fromNew.fields.size > 0 ? fromNew : decodeOrEmpty(liveEntries);
  }
  const next = withoutManagedFields(newObject);
  // objects that are not tracked yet stay untracked, except when they are being created
  const uid = metadataOf(live)?.['uid'];
  if (managed.fields.size === 0 && typeof uid === 'string' && uid !== '') return next;
  try {
    return setManagedFields(next, updatePipeline(ctx, live, next, managed, manager));
  } catch {
    return next;
  }
}

// --- Apply ----------------------------------------------------------------------------------------

/** Parses an apply-patch+yaml body into the applied object, as the PATCH handler does. */
function decodeApplyBody(body: string | Uint8Array | JsonMap, validation: FieldValidation): { config: JsonMap; strictError?: string } {
  if (isJsonMap(body)) return { config: body };
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  let value: unknown;
  let duplicates: string[] = [];
  let isJson = true;
  try {
    // kubectl sends JSON, which is YAML; JSON.parse reads it the same, much faster
    value = JSON.parse(text);
  } catch {
    isJson = false;
  }
  if (isJson) {
    if (validation !== 'Ignore') {
      duplicates = duplicateJsonKeys(text).map(({ key, line }) => `line ${line}: key ${JSON.stringify(key)} already set in map`);
    }
  } else {
    try {
      value = parseYaml(text, { version: '1.1', uniqueKeys: false, merge: true, intAsBigInt: false });
    } catch (e) {
      const first = ((e as Error).message ?? '').split('\n')[0];
      throw badRequest(`error decoding YAML: error converting YAML to JSON: yaml: ${first}`);
    }
    if (validation !== 'Ignore') {
      try {
        parseYaml(text, { version: '1.1', uniqueKeys: true, merge: true });
      } catch (e) {
        duplicates = [((e as Error).message ?? '').split('\n')[0]!];
      }
    }
  }
  if (value === undefined || value === null) return { config: {} };
  if (!isJsonMap(value)) {
    const kind = Array.isArray(value) ? 'array' : typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'bool';
    throw badRequest(
      `error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`,
    );
  }
  if (duplicates.length === 0) return { config: value };
  return { config: value, strictError: `error converting YAML to JSON: yaml: unmarshal errors:\n  ${duplicates.join('\n  ')}` };
}

function printManager(id: string): string {
  const e = parseManagerIdentifier(id);
  if (e === undefined) return JSON.stringify(id);
  let s = JSON.stringify(e.manager ?? '');
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') s += ` using ${e.apiVersion ?? ''}`;
  return s;
}

/** The 409 an apply with conflicts gets (NewConflictError). */
export function applyConflictError(conflicts: ReadonlyArray<{ manager: string; path: Path }>): PatchError {
  const causes: StatusCause[] = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.manager)}`,
    field: pathToString(c.path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0]!.manager)}: ${pathToString(conflicts[0]!.path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const list = byManager.get(c.manager) ?? [];
      list.push(pathToString(c.path));
      byManager.set(c.manager, list);
    }
    const lines: string[] = [];
    for (const manager of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${printManager(manager)}:`);
      for (const p of byManager.get(manager)!) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new PatchError(409, 'Conflict', message, { causes });
}

/** Updater.Apply + prune: the merged object (undefined when unchanged) and the new ownership. */
function structuredApply(
  ctx: Context,
  live: JsonMap,
  config: JsonMap,
  managers: Map<string, VersionedSet>,
  id: string,
  force: boolean,
): JsonMap | undefined {
  let merged: JsonValue | undefined;
  try {
    merged = merge(live, config, ctx.root);
  } catch (e) {
    if (e instanceof MergeError) throw internalError(`failed to merge config: ${e.message}`);
    throw e;
  }
  const last = managers.get(id);
  const set = filterReset(ctx, toFieldSet(config, ctx.root));
  managers.set(id, { set, apiVersion: ctx.gv, applied: true });
  const newObject = prune(ctx, merged ?? null, managers, last);
  updateOwnership(ctx, live, newObject, managers, id, force);
  const stripped = managers.get(id);
  if (stripped !== undefined) {
    const s = stripped.set.difference(STRIPPED);
    if (s.empty()) managers.delete(id);
    else managers.set(id, { ...stripped, set: s });
  }
  if (jsonEqual(live, newObject)) return undefined;
  return isJsonMap(newObject) ? newObject : {};
}

/** Removes what the applier applied last time and no longer does, unless someone else owns it. */
function prune(ctx: Context, merged: JsonValue, managers: Map<string, VersionedSet>, last: VersionedSet | undefined): JsonValue {
  if (last === undefined || last.set.empty()) return merged;
  const E = (s: FieldSet): FieldSet => ensureNamedFieldsAreMembers(s, ctx.root);
  let pruned = removeItems(merged, E(last.set), ctx.root);
  // add back what someone (the applier's new config included) owns
  let owned = new FieldSet();
  for (const vs of managers.values()) owned = owned.union(vs.set);
  const mergedSet = E(toFieldSet(merged, ctx.root));
  pruned = removeItems(merged, mergedSet.difference(E(toFieldSet(pruned, ctx.root)).union(E(owned))), ctx.root);
  // and what the applier did not own last time (dangling fields)
  const prunedSet = E(toFieldSet(pruned, ctx.root));
  return removeItems(merged, mergedSet.difference(prunedSet).intersection(E(last.set)), ctx.root);
}

/** skipNonApplied + manager identity + timestamps around structuredApply. */
function applyPipeline(ctx: Context, live: JsonMap, config: JsonMap, managed: Managed, manager: string, force: boolean): { object: JsonMap | undefined; managed: Managed } {
  let m = cloneManaged(managed);
  if (m.fields.size === 0) {
    // everything already there belongs to "before-first-apply"
    try {
      m = updatePipeline(ctx, ctx.zero(), live, m, BEFORE_FIRST_APPLY);
    } catch (e) {
      throw internalError(`failed to create manager for existing fields: ${(e as Error).message}`);
    }
  }
  const id = managerIdentifier({ manager, operation: 'Apply', subresource: ctx.subresource });
  const metaConfig = metadataOf(config);
  if (metaConfig !== undefined && metaConfig['managedFields'] !== undefined && metaConfig['managedFields'] !== null) {
    throw badRequest('metadata.managedFields must be nil');
  }
  const errors = validate(config, ctx.root, false);
  if (errors.length > 0) {
    throw internalError(`failed to create typed patch object (${describe(config, ctx)}): ${validationErrorsText(errors)}`);
  }
  checkTyped(ctx, live, (e) => `failed to create typed live object (${describe(live, ctx)}): ${e}`);
  const object = structuredApply(ctx, live, config, m.fields, id, force);
  if (object !== undefined) m.times.set(id, timeText(ctx.now()));
  return { object, managed: m };
}

/** The fields of the last client-side apply that still hold in the live object. */
function allowedByLastApplied(ctx: Context, live: JsonMap): FieldSet | undefined {
  const annotations = metadataOf(live)?.['annotations'];
  const text = isJsonMap(annotations) ? annotations[LAST_APPLIED_ANNOTATION] : undefined;
  if (typeof text !== 'string' || text === '') return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isJsonMap(lastApplied) || lastApplied['apiVersion'] !== ctx.gv) return undefined;
  if (validate(lastApplied, ctx.root, false).length > 0) return undefined;
  const cmp = compare(lastApplied, live, ctx.root);
  return toFieldSet(lastApplied, ctx.root).difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
}

function lastAppliedText(config: JsonMap): string {
  const copy = cloneJson(config);
  const meta = metadataOf(copy);
  if (meta !== undefined && isJsonMap(meta['annotations'])) delete meta['annotations'][LAST_APPLIED_ANNOTATION];
  return `${goJsonEncode(copy)}\n`;
}

function goJsonEncode(v: JsonValue): string {
  if (isJsonMap(v)) {
    return `{${Object.keys(v)
      .sort(compareStrings)
      .map((k) => `${htmlSafe(JSON.stringify(k))}:${goJsonEncode(v[k]!)}`)
      .join(',')}}`;
  }
  if (Array.isArray(v)) return `[${v.map(goJsonEncode).join(',')}]`;
  return htmlSafe(JSON.stringify(v));
}

const htmlSafe = (s: string): string =>
  s.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** lastAppliedUpdater: keeps an existing client-side apply annotation in step with kubectl's server-side applies. */
function syncLastApplied(object: JsonMap, config: JsonMap): JsonMap {
  const annotations = metadataOf(object)?.['annotations'];
  if (!isJsonMap(annotations)) return object;
  const current = annotations[LAST_APPLIED_ANNOTATION];
  if (typeof current !== 'string' || current === '') return object;
  const next: JsonMap = { ...annotations, [LAST_APPLIED_ANNOTATION]: lastAppliedText(config) };
  let size = 0;
  for (const [k, v] of Object.entries(next)) size += Buffer.byteLength(k) + Buffer.byteLength(typeof v === 'string' ? v : '');
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) delete next[LAST_APPLIED_ANNOTATION];
  return { ...object, metadata: { ...metadataOf(object), annotations: next } };
}

/**
 * Drops the nulls the applied configuration brought in (a null field decodes to Go's zero value,
 * which the stored object omits); nulls the live object already had (Go's non-omitempty zero
 * values such as a template's `creationTimestamp: null`) stay.
 */
function dropNewNulls(v: JsonValue, live: JsonValue | undefined): JsonValue {
  if (Array.isArray(v)) return v.map((item, i) => dropNewNulls(item, Array.isArray(live) ? live[i] : undefined));
  if (isJsonMap(v)) {
    const liveMap = isJsonMap(live) ? live : undefined;
    const out: JsonMap = {};
    for (const [k, val] of Object.entries(v)) {
      const before = liveMap !== undefined && Object.prototype.hasOwnProperty.call(liveMap, k) ? liveMap[k] : undefined;
      if (val === null && before !== null) continue;
      out[k] = dropNewNulls(val, before);
    }
    return out;
  }
  return v;
}

/**
 * Server-side apply (application/apply-patch+yaml): merges the applied configuration into the
 * live object (undefined: the object is created from the configuration), makes `manager` own
 * exactly the fields it applied, removes fields it applied before and no longer does (unless
 * another manager owns them), and fails with 409 Conflict when another manager owns a field the
 * configuration sets to a different value, unless `force` (which takes the fields over).
 * `body` is the request body (YAML or JSON) or the decoded configuration. Throws PatchError:
 * 400 for a body that is not an object or of another kind/version, 409 for conflicts, 500 (no
 * reason) for a configuration that does not fit the schema, as upstream.
 */
export function applyServerSide(live: JsonMap | undefined, body: string | Uint8Array | JsonMap, options: ApplyOptions): ApplyResult {
  const ctx = context(options);
  const validation = options.fieldValidation ?? 'Warn';
  const { config, strictError } = decodeApplyBody(body, validation);
  const liveObject = live ?? ctx.zero();
  let managed: Managed;
  try {
    managed = decodeManagedFields(metadataOf(liveObject)?.['managedFields']);
  } catch (e) {
    throw internalError(`failed to decode managed fields: ${(e as Error).message}`);
  }
  const apiVersion = typeof config['apiVersion'] === 'string' ? config['apiVersion'] : '';
  const kind = typeof config['kind'] === 'string' ? config['kind'] : '';
  if (apiVersion !== ctx.gv || kind !== ctx.kind) {
    const gv = apiVersion.includes('/') ? apiVersion : `/${apiVersion}`;
    throw badRequest(`invalid object type: ${gv}, Kind=${kind}`);
  }
  const liveContent = withoutManagedFields(liveObject);
  const force = options.force ?? false;
  let result: { object: JsonMap | undefined; managed: Managed };
  try {
    result = applyPipeline(ctx, liveContent, config, managed, options.manager, force);
  } catch (e) {
    if (!(e instanceof Conflicts)) throw e;
    // kubectl moving from client-side to server-side apply: fields its last client-side apply
    // set (and that still hold) do not conflict
    const allowed = options.manager === 'kubectl' ? allowedByLastApplied(ctx, liveContent) : undefined;
    if (allowed === undefined) throw applyConflictError(e.conflicts);
    const remaining = e.conflicts.filter((c) => !allowed.has(c.path));
    if (remaining.length > 0) throw applyConflictError(remaining);
    result = applyPipeline(ctx, liveContent, config, managed, options.manager, true);
  }
  let object = result.object ?? liveContent;
  if (options.manager === 'kubectl') object = syncLastApplied(object, config);
  object = dropNewNulls(object, liveContent) as JsonMap;
  const changed = !jsonEqual(object, liveContent);
  // strict decoding is checked once the apply succeeded, as upstream
  if (strictError !== undefined && validation === 'Strict') throw badRequest(`error strict decoding YAML: ${strictError}`);
  const warnings = strictError !== undefined ? [strictError] : [];
  return { object: setManagedFields(object, result.managed), changed, warnings };
}

/**
 * The manager name of a request: the fieldManager query parameter, or else the user agent's
 * program name (the part before the first "/", printable characters only, at most 128 bytes).
 */
export function fieldManagerName(fieldManager: string | undefined, userAgent: string): string {
  if (fieldManager) return fieldManager;
  let out = '';
  let bytes = 0;
  for (const ch of userAgent.split('/')[0]!) {
    if (!/[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(ch)) continue;
    const n = Buffer.byteLength(ch);
    if (bytes + n > FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
    bytes += n;
  }
  return out;
}
