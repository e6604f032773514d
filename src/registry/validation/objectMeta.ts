// ObjectMeta validation for every kind (apimachinery's ValidateObjectMeta plus core's finalizer
// rule): name or generateName by the kind's name rule, namespace presence, labels, annotations
// (keys and the 256 KiB total), ownerReferences, finalizers, managedFields; and the update rules
// (immutable name, namespace, uid, creationTimestamp, deletion fields; resourceVersion required;
// generation never decremented; no new finalizers once deleting).
import {
  forbidden,
  invalid,
  required,
  tooLong,
  type FieldError,
} from './fieldErrors.js';
import { FieldPath } from './fieldPath.js';
import {
  byteLength,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
} from './formats.js';
import { GoValue, goQuote, goStringSlice, goStruct, goPointer } from './goFormat.js';
import { validateLabelName, validateLabels } from './labelSelector.js';

/** A name rule: the problems of a name (or of a generateName prefix when `prefix`). */
export type NameRule = (name: string, prefix: boolean) => string[];

/** generateName prefixes end with '-': the last two characters are masked before the check. */
function maskTrailingDash(name: string): string {
  if (name.length > 1 && name.endsWith('-')) return name.slice(0, name.length - 2) + 'a';
  return name;
}

export const nameIsDNSSubdomain: NameRule = (name, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
export const nameIsDNSLabel: NameRule = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name);
export const nameIsDNS1035Label: NameRule = (name, prefix) => isDNS1035Label(prefix ? maskTrailingDash(name) : name);

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
export const FIELD_IMMUTABLE = 'field is immutable';
export const IS_NEGATIVE = 'must be greater than or equal to 0';

export interface OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean | null;
  blockOwnerDeletion?: boolean | null;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  fieldsType?: string;
  subresource?: string;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  deletionGracePeriodSeconds?: number | null;
  labels?: Record<string, string> | null;
  annotations?: Record<string, string> | null;
  ownerReferences?: OwnerReference[] | null;
  finalizers?: string[] | null;
  managedFields?: ManagedFieldsEntry[] | null;
}

export function validateNonnegativeField(value: number, path: FieldPath): FieldError[] {
  return value < 0 ? [invalid(path, value, IS_NEGATIVE)] : [];
}

export function validateAnnotations(annotations: Record<string, unknown> | null | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, msg));
    total += byteLength(k) + byteLength(typeof v === 'string' ? v : String(v));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

function goOwnerReference(ref: OwnerReference): GoValue {
  return goStruct('v1.OwnerReference', [
    ['APIVersion', goQuote(ref.apiVersion ?? '')],
    ['Kind', goQuote(ref.kind ?? '')],
    ['Name', goQuote(ref.name ?? '')],
    ['UID', goQuote(ref.uid ?? '')],
    ['Controller', goPointer('bool', ref.controller !== undefined && ref.controller !== null)],
    ['BlockOwnerDeletion', goPointer('bool', ref.blockOwnerDeletion !== undefined && ref.blockOwnerDeletion !== null)],
  ]);
}

/** schema.ParseGroupVersion: '' and 'v1' are fine; more than one '/' is an error (no version). */
function versionOf(apiVersion: string): { group: string; version: string } {
  if (apiVersion === '') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: parts[0]! };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return { group: '', version: '' };
}

export function validateOwnerReferences(refs: OwnerReference[] | null | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    const { group, version } = versionOf(ref.apiVersion ?? '');
    if (version === '') errs.push(invalid(path.child('apiVersion'), ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) errs.push(invalid(path.child('kind'), ref.kind ?? '', 'kind must not be empty'));
    if (!ref.name) errs.push(invalid(path.child('name'), ref.name ?? '', 'name must not be empty'));
    if (!ref.uid) errs.push(invalid(path.child('uid'), ref.uid ?? '', 'uid must not be empty'));
    if (group === '' && version === 'v1' && ref.kind === 'Event') {
      errs.push(invalid(path, goOwnerReference(ref), '/v1, Kind=Event is disallowed from being an owner'));
    }
    if (ref.controller === true) {
      const current = `${ref.kind ?? ''}/${ref.name ?? ''}`;
      if (firstController !== '') {
        const all = new GoValue(`[]v1.OwnerReference{${(refs ?? []).map((r) => goOwnerReference(r).text).join(', ')}}`);
        errs.push(
          invalid(
            path,
            all,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}

const standardFinalizers = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** Core's rule: a finalizer without '/' must be one of the standard ones. */
export function validateKubeFinalizerName(name: string, path: FieldPath): FieldError[] {
  if (name.split('/').length === 1 && !standardFinalizers.has(name)) {
    return [invalid(path, name, 'name is neither a standard finalizer name nor is it fully qualified')];
  }
  return [];
}

export function validateFinalizerName(name: string, path: FieldPath): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(path, name, msg));
}

export function validateFinalizers(finalizers: string[] | null | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const list = finalizers ?? [];
  for (const f of list) errs.push(...validateFinalizerName(f, path));
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errs.push(invalid(path, goStringSlice(list), 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

function isPrintable(ch: string): boolean {
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch);
}

export function validateFieldManager(manager: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (byteLength(manager) > 128) errs.push(tooLong(path, 128));
  let position = 0;
  for (const ch of manager) {
    if (!isPrintable(ch)) {
      const code = ch.codePointAt(0)!;
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      errs.push(invalid(path, manager, `invalid character U+${hex} (at position ${position})`));
    }
    position += byteLength(ch);
  }
  return errs;
}

export function validateManagedFields(entries: ManagedFieldsEntry[] | null | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (entries ?? []).forEach((entry, i) => {
    const p = path.at(i);
    if (entry.operation !== 'Apply' && entry.operation !== 'Update') {
      errs.push(invalid(p.child('operation'), entry.operation ?? '', 'must be `Apply` or `Update`'));
    }
    if (entry.fieldsType && entry.fieldsType !== 'FieldsV1') {
      errs.push(invalid(p.child('fieldsType'), entry.fieldsType, 'must be `FieldsV1`'));
    }
    errs.push(...validateFieldManager(entry.manager ?? '', p.child('manager')));
    if (byteLength(entry.subresource ?? '') > 256) errs.push(tooLong(p.child('subresource'), 256));
  });
  return errs;
}

/**
 * ValidateObjectMeta (core flavour): `requiresNamespace` for namespaced kinds; `nameRule` is the
 * kind's name rule.
 */
export function validateObjectMeta(
  meta: ObjectMeta | null | undefined,
  requiresNamespace: boolean,
  nameRule: NameRule,
  path: FieldPath = FieldPath.of('metadata'),
  kubeFinalizers = true,
): FieldError[] {
  const m = meta ?? {};
  const errs: FieldError[] = [];
  if (m.generateName) {
    for (const msg of nameRule(m.generateName, true)) errs.push(invalid(path.child('generateName'), m.generateName, msg));
  }
  if (!m.name) {
    errs.push(required(path.child('name'), 'name or generateName is required'));
  } else {
    for (const msg of nameRule(m.name, false)) errs.push(invalid(path.child('name'), m.name, msg));
  }
  if (requiresNamespace) {
    if (!m.namespace) errs.push(required(path.child('namespace')));
    else for (const msg of nameIsDNSLabel(m.namespace, false)) errs.push(invalid(path.child('namespace'), m.namespace, msg));
  } else if (m.namespace) {
    errs.push(forbidden(path.child('namespace'), 'not allowed on this type'));
  }
  errs.push(...validateNonnegativeField(m.generation ?? 0, path.child('generation')));
  errs.push(...validateLabels(m.labels, path.child('labels')));
  errs.push(...validateAnnotations(m.annotations, path.child('annotations')));
  errs.push(...validateOwnerReferences(m.ownerReferences, path.child('ownerReferences')));
  errs.push(...validateFinalizers(m.finalizers, path.child('finalizers')));
  errs.push(...validateManagedFields(m.managedFields, path.child('managedFields')));
  if (kubeFinalizers) (m.finalizers ?? []).forEach((f, i) => errs.push(...validateKubeFinalizerName(f, path.child('finalizers').at(i))));
  return errs;
}

/** Go's time.Time String() of an RFC 3339 timestamp (how a metav1.Time prints in messages). */
export function goTimeString(value: string | null | undefined): string {
  if (!value) return '0001-01-01 00:00:00 +0000 UTC';
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  const d = new Date(ms);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const frac = /\.(\d+)/.exec(value)?.[1]?.replace(/0+$/, '');
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${frac ? `.${frac}` : ''} +0000 UTC`
  );
}

function sameTime(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return !a === !b;
  const x = Date.parse(a);
  const y = Date.parse(b);
  return Number.isNaN(x) || Number.isNaN(y) ? a === b : x === y;
}

/** ValidateObjectMetaUpdate (core flavour). */
export function validateObjectMetaUpdate(
  meta: ObjectMeta | null | undefined,
  oldMeta: ObjectMeta | null | undefined,
  path: FieldPath = FieldPath.of('metadata'),
  kubeFinalizers = true,
): FieldError[] {
  const m = meta ?? {};
  const o = oldMeta ?? {};
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    const old = new Set(o.finalizers ?? []);
    const extra = [...new Set((m.finalizers ?? []).filter((f) => !old.has(f)))].sort();
    if (extra.length > 0) {
      errs.push(
        forbidden(
          path.child('finalizers'),
          `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(extra).text}`,
        ),
      );
    }
  }
  if (!m.resourceVersion) errs.push(invalid(path.child('resourceVersion'), m.resourceVersion ?? '', 'must be specified for an update'));
  if ((m.generation ?? 0) < (o.generation ?? 0)) errs.push(invalid(path.child('generation'), m.generation ?? 0, 'must not be decremented'));
  if ((m.name ?? '') !== (o.name ?? '')) errs.push(invalid(path.child('name'), m.name ?? '', FIELD_IMMUTABLE));
  if ((m.namespace ?? '') !== (o.namespace ?? '')) errs.push(invalid(path.child('namespace'), m.namespace ?? '', FIELD_IMMUTABLE));
  if ((m.uid ?? '') !== (o.uid ?? '')) errs.push(invalid(path.child('uid'), m.uid ?? '', FIELD_IMMUTABLE));
  if (!sameTime(m.creationTimestamp, o.creationTimestamp)) {
    errs.push(invalid(path.child('creationTimestamp'), new GoValue(goTimeString(m.creationTimestamp)), FIELD_IMMUTABLE));
  }
  if (!sameTime(m.deletionTimestamp, o.deletionTimestamp)) {
    const value = m.deletionTimestamp ? new GoValue(goTimeString(m.deletionTimestamp)) : null;
    errs.push(invalid(path.child('deletionTimestamp'), value, FIELD_IMMUTABLE));
  }
  if ((m.deletionGracePeriodSeconds ?? null) !== (o.deletionGracePeriodSeconds ?? null)) {
    errs.push(invalid(path.child('deletionGracePeriodSeconds'), m.deletionGracePeriodSeconds ?? null, FIELD_IMMUTABLE));
  }
  errs.push(...validateLabels(m.labels, path.child('labels')));
  errs.push(...validateAnnotations(m.annotations, path.child('annotations')));
  errs.push(...validateOwnerReferences(m.ownerReferences, path.child('ownerReferences')));
  errs.push(...validateManagedFields(m.managedFields, path.child('managedFields')));
  if (kubeFinalizers) (m.finalizers ?? []).forEach((f, i) => errs.push(...validateKubeFinalizerName(f, path.child('finalizers').at(i))));
  return errs;
}

/** path.ValidatePathSegmentName: the generic store's name check for every resource. */
export const nameIsPathSegment: NameRule = (name, prefix) => {
  if (!prefix && (name === '.' || name === '..')) return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
};

const templateMetaFieldOrder = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'ownerReferences', 'finalizers', 'managedFields',
] as const;

/** ValidateTemplateObjectMeta (PVC templates): annotations and labels only. */
export function validateTemplateObjectMeta(meta: ObjectMeta | null | undefined, path: FieldPath): FieldError[] {
  const m = (meta ?? {}) as ObjectMeta & Record<string, unknown>;
  const errs = validateAnnotations(m.annotations, path.child('annotations'));
  errs.push(...validateLabels(m.labels, path.child('labels')));
  for (const k of templateMetaFieldOrder) {
    const v = m[k];
    if (v === undefined || v === null || v === '' || v === 0 || (Array.isArray(v) && v.length === 0)) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    // upstream names the field by its Go name with a lower-cased first letter
    errs.push(forbidden(path.child(k === 'uid' ? 'uID' : k), 'cannot be set'));
  }
  return errs;
}

export { validateLabelName, validateLabels };
