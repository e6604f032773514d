// PersistentVolumeClaimSpec validation, shared by PersistentVolumeClaims, StatefulSet
// volumeClaimTemplates and ephemeral volumes: access modes, the storage request, storage class,
// volume mode, data sources and the label selector.
import { forbidden, invalid, notSupported, required, type FieldError } from './fieldErrors.js';
import type { FieldPath } from './fieldPath.js';
import { isDNS1123Subdomain } from './formats.js';
import { GoValue } from './goFormat.js';
import { validateLabelSelector } from './labelSelector.js';
import { nameIsDNSLabel, nameIsDNSSubdomain, validateTemplateObjectMeta, type ObjectMeta } from './objectMeta.js';
import { tryParseQuantity, type Quantity } from '../../api/quantity.js';
import type { PersistentVolumeClaimSpec } from './types.js';

export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const VOLUME_MODES = ['Block', 'Filesystem'];

export interface PvcSpecOptions {
  allowInvalidLabelValueInSelector: boolean;
  allowInvalidAPIGroupInDataSourceOrRef: boolean;
  enableVolumeAttributesClass: boolean;
}

export const defaultPvcSpecOptions: PvcSpecOptions = {
  allowInvalidLabelValueInSelector: false,
  allowInvalidAPIGroupInDataSourceOrRef: false,
  enableVolumeAttributesClass: false,
};

export function validateAccessModes(modes: string[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let rwop = false;
  let other = false;
  for (const mode of modes ?? []) {
    if (!ACCESS_MODES.includes(mode)) errs.push(notSupported(path, mode, ACCESS_MODES));
    if (mode === 'ReadWriteOncePod') rwop = true;
    else if (ACCESS_MODES.includes(mode)) other = true;
  }
  if (rwop && other) errs.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

export const NOT_POSITIVE = 'must be greater than zero';
export const NOT_NEGATIVE = 'must be greater than or equal to 0';

/** ValidatePositiveQuantityValue. */
export function validatePositiveQuantity(q: Quantity, path: FieldPath): FieldError[] {
  return q.sign() <= 0 ? [invalid(path, q.toString(), NOT_POSITIVE)] : [];
}

/** ValidateNonnegativeQuantity. */
export function validateNonnegativeQuantity(q: Quantity, path: FieldPath): FieldError[] {
  return q.sign() < 0 ? [invalid(path, q.toString(), NOT_NEGATIVE)] : [];
}

interface TypedRef {
  apiGroup?: string | null;
  kind?: string;
  name?: string;
  namespace?: string | null;
}

function validateDataSourceRef(ref: TypedRef, path: FieldPath, allowInvalidAPIGroup: boolean, withNamespace: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!ref.name) errs.push(required(path.child('name')));
  if (!ref.kind) errs.push(required(path.child('kind')));
  const apiGroup = ref.apiGroup ?? '';
  if (apiGroup.length === 0 && ref.kind !== 'PersistentVolumeClaim') {
    errs.push(invalid(path, ref.kind ?? '', "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  }
  if (apiGroup.length > 0 && !allowInvalidAPIGroup) {
    for (const msg of isDNS1123Subdomain(apiGroup)) errs.push(invalid(path.child('apiGroup'), apiGroup, msg));
  }
  if (withNamespace && ref.namespace) {
    for (const msg of nameIsDNSLabel(ref.namespace, false)) errs.push(invalid(path.child('namespace'), ref.namespace, msg));
  }
  return errs;
}

// upstream passes a *field.Path as the value; it prints as the dereferenced struct
const dataSourcePathValue = new GoValue('field.Path{name:"dataSource", index:"", parent:(*field.Path)(0xc000100000)}');

export function validatePersistentVolumeClaimSpec(spec: PersistentVolumeClaimSpec | undefined, path: FieldPath, opts: PvcSpecOptions): FieldError[] {
  const s = spec ?? {};
  const errs: FieldError[] = [];
  if (!s.accessModes || s.accessModes.length === 0) errs.push(required(path.child('accessModes'), 'at least 1 access mode is required'));
  if (s.selector) {
    errs.push(...validateLabelSelector(s.selector, { allowInvalidLabelValueInSelector: opts.allowInvalidLabelValueInSelector }, path.child('selector')));
  }
  errs.push(...validateAccessModes(s.accessModes, path.child('accessModes')));
  const storagePath = path.child('resources').key('storage');
  const requests = (s.resources?.requests ?? {}) as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(requests, 'storage')) {
    errs.push(required(storagePath));
  } else {
    const q = tryParseQuantity(requests['storage']);
    if (q) {
      const positive = validatePositiveQuantity(q, storagePath);
      if (positive.length > 0) errs.push(...positive);
      else errs.push(...validateNonnegativeQuantity(q, storagePath));
    }
  }
  if (s.storageClassName) {
    for (const msg of nameIsDNSSubdomain(s.storageClassName, false)) errs.push(invalid(path.child('storageClassName'), s.storageClassName, msg));
  }
  if (s.volumeMode !== undefined && s.volumeMode !== null && !VOLUME_MODES.includes(s.volumeMode)) {
    errs.push(notSupported(path.child('volumeMode'), s.volumeMode, VOLUME_MODES));
  }
  if (s.dataSource) errs.push(...validateDataSourceRef(s.dataSource, path.child('dataSource'), opts.allowInvalidAPIGroupInDataSourceOrRef, false));
  if (s.dataSourceRef) {
    errs.push(...validateDataSourceRef(s.dataSourceRef, path.child('dataSourceRef'), opts.allowInvalidAPIGroupInDataSourceOrRef, true));
  }
  if (s.dataSourceRef?.namespace) {
    if (s.dataSource) errs.push(invalid(path, dataSourcePathValue, 'may not be specified when dataSourceRef.namespace is specified'));
  } else if (s.dataSource && s.dataSourceRef) {
    const a = s.dataSource;
    const b = s.dataSourceRef;
    if ((a.apiGroup ?? null) !== (b.apiGroup ?? null) || a.kind !== b.kind || a.name !== b.name) {
      errs.push(invalid(path, dataSourcePathValue, 'must match dataSourceRef'));
    }
  }
  if (s.volumeAttributesClassName && opts.enableVolumeAttributesClass) {
    for (const msg of nameIsDNSSubdomain(s.volumeAttributesClassName, false)) {
      errs.push(invalid(path.child('volumeAttributesClassName'), s.volumeAttributesClassName, msg));
    }
  }
  return errs;
}

/** ValidatePersistentVolumeClaimTemplate (ephemeral volumes, StatefulSet claim templates). */
export function validatePersistentVolumeClaimTemplate(
  template: { metadata?: ObjectMeta; spec?: PersistentVolumeClaimSpec },
  path: FieldPath,
  opts: PvcSpecOptions,
): FieldError[] {
  return [
    ...validateTemplateObjectMeta(template.metadata, path.child('metadata')),
    ...validatePersistentVolumeClaimSpec(template.spec, path.child('spec'), opts),
  ];
}
