// metadata.managedFields in and out: entries decoded into one owned field set per manager
// identity (manager, operation, apiVersion for updaters, subresource), and encoded back in
// upstream's order: Apply entries before Update entries, then by time, manager, apiVersion,
// subresource. Times are metav1.Time text (RFC 3339, whole seconds, UTC).
import { formatRfc3339, parseRfc3339 } from '../api/index.js';
import { FieldSet } from './fieldSet.js';
import { isJsonMap, type JsonMap } from './jsonValue.js';
import { Recent } from './recent.js';

/** A metav1.ManagedFieldsEntry, keys in Go's order. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: JsonMap;
  subresource?: string;
}

/** The fields one manager owns, at the API version it used, and whether it applied them. */
export interface VersionedSet {
  set: FieldSet;
  apiVersion: string;
  applied: boolean;
}

/** Decoded managedFields: owned sets and times per manager identifier. */
export interface Managed {
  fields: Map<string, VersionedSet>;
  times: Map<string, string | undefined>;
}

export const emptyManaged = (): Managed => ({ fields: new Map(), times: new Map() });

export class ManagedFieldsError extends Error {}

function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The identity of a manager (BuildManagerIdentifier): the JSON of the entry without time and
 * fields, and without apiVersion for appliers (an applier is the same whatever version it used).
 */
export function managerIdentifier(entry: {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  subresource?: string;
}): string {
  const key = `${entry.manager ?? ''}\u0000${entry.operation ?? ''}\u0000${entry.apiVersion ?? ''}\u0000${entry.subresource ?? ''}`;
  // the four parts separated by the three NULs, unless a part has one itself
  return countNuls(key) === 3 ? identifiers.get(key) : buildIdentifier(entry);
}

function countNuls(s: string): number {
  let n = 0;
  for (let at = s.indexOf('\u0000'); at >= 0; at = s.indexOf('\u0000', at + 1)) n++;
  return n;
}

const identifiers = new Recent<string>((key) => {
  const [manager, operation, apiVersion, subresource] = key.split('\u0000');
  return buildIdentifier({ manager, operation, apiVersion, subresource });
});

function buildIdentifier(entry: { manager?: string; operation?: string; apiVersion?: string; subresource?: string }): string {
  const parts: string[] = [];
  if (entry.manager) parts.push(`"manager":${goJsonString(entry.manager)}`);
  if (entry.operation) parts.push(`"operation":${goJsonString(entry.operation)}`);
  if (entry.apiVersion && entry.operation !== 'Apply') parts.push(`"apiVersion":${goJsonString(entry.apiVersion)}`);
  if (entry.subresource) parts.push(`"subresource":${goJsonString(entry.subresource)}`);
  return `{${parts.join(',')}}`;
}

const parsedIdentifiers = new Recent<Readonly<ManagedFieldsEntry> | undefined>((id) => {
  try {
    const v = JSON.parse(id) as unknown;
    return isJsonMap(v) ? Object.freeze(v as ManagedFieldsEntry) : undefined;
  } catch {
    return undefined;
  }
});

/** The entry fields an identifier carries. */
export function parseManagerIdentifier(id: string): Readonly<ManagedFieldsEntry> | undefined {
  return parsedIdentifiers.get(id);
}

const normalizedTimes = new Recent<string | undefined>((t) => {
  try {
    return formatRfc3339(parseRfc3339(t).seconds);
  } catch {
    return undefined;
  }
});

/** metav1.Time normalization: RFC 3339 UTC, whole seconds. */
function normalizeTime(t: unknown): string | undefined {
  if (typeof t !== 'string' || t === '') return undefined;
  return normalizedTimes.get(t);
}

const timeSecondsOf = new Recent<number>((t) => parseRfc3339(t).seconds);

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** DecodeManagedFields: throws ManagedFieldsError with upstream's text for an invalid entry. */
export function decodeManagedFields(entries: unknown): Managed {
  const managed = emptyManaged();
  if (entries === undefined || entries === null) return managed;
  if (!Array.isArray(entries)) throw new ManagedFieldsError('managedFields must be a list');
  entries.forEach((raw: unknown, i: number) => {
    const e = isJsonMap(raw) ? raw : {};
    const operation = str(e['operation']);
    if (operation !== 'Apply' && operation !== 'Update') throw new ManagedFieldsError('operation must be `Apply` or `Update`');
    const apiVersion = str(e['apiVersion']);
    if (apiVersion === '') throw new ManagedFieldsError('apiVersion must not be empty');
    const fieldsType = str(e['fieldsType']);
    if (fieldsType === '') throw new ManagedFieldsError(`missing fieldsType in managed fields entry ${i}`);
    if (fieldsType !== 'FieldsV1') {
      throw new ManagedFieldsError(`invalid fieldsType ${JSON.stringify(fieldsType)} in managed fields entry ${i}`);
    }
    const id = managerIdentifier({ manager: str(e['manager']), operation, apiVersion, subresource: str(e['subresource']) });
    let set: FieldSet;
    try {
      set = e['fieldsV1'] === undefined || e['fieldsV1'] === null ? new FieldSet() : FieldSet.fromFieldsV1(e['fieldsV1']);
    } catch (err) {
      throw new ManagedFieldsError(`error decoding versioned set from entry ${i}: error decoding set: ${(err as Error).message}`);
    }
    managed.fields.set(id, { set, apiVersion, applied: operation === 'Apply' });
    managed.times.set(id, normalizeTime(e['time']));
  });
  return managed;
}

/** Whether the request asks to reset managedFields: `[]` or `[{}]` (isResetManagedFields). */
export function isResetManagedFields(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  return entries.length === 1 && isJsonMap(entries[0]) && Object.keys(entries[0]).length === 0;
}

const timeSeconds = (t: string | undefined): number => (t === undefined ? 0 : timeSecondsOf.get(t));

/** The managedFields list for the object, or undefined when no manager owns anything. */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  if (managed.fields.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [id, vs] of managed.fields) {
    const fromId = parseManagerIdentifier(id) ?? {};
    const operation = vs.applied ? 'Apply' : (fromId.operation ?? 'Update');
    const entry: ManagedFieldsEntry = {};
    if (fromId.manager) entry.manager = fromId.manager;
    entry.operation = operation;
    if (vs.apiVersion) entry.apiVersion = vs.apiVersion;
    const time = managed.times.get(id);
    if (time !== undefined) entry.time = time;
    entry.fieldsType = 'FieldsV1';
    entry.fieldsV1 = vs.set.toFieldsV1();
    if (fromId.subresource) entry.subresource = fromId.subresource;
    entries.push(entry);
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  entries.sort(
    (p, q) =>
      cmp(p.operation!, q.operation!) ||
      timeSeconds(p.time) - timeSeconds(q.time) ||
      cmp(p.manager ?? '', q.manager ?? '') ||
      cmp(p.apiVersion ?? '', q.apiVersion ?? '') ||
      cmp(p.subresource ?? '', q.subresource ?? ''),
  );
  return entries;
}

/** Copies the decoded state (sets are immutable values and are shared). */
export function cloneManaged(m: Managed): Managed {
  return { fields: new Map(m.fields), times: new Map(m.times) };
}
