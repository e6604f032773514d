// PersistentVolumeClaims and PersistentVolumes. A claim's spec is immutable after creation
// except the storage request (and volumeAttributesClassName) of a bound claim, and the request
// may not shrink below what the volume already has; a volume's source is immutable.
import { forbidden, invalid, notSupported, required, type FieldError } from './fieldErrors.js';
import { FieldPath } from './fieldPath.js';
import {
  FIELD_IMMUTABLE,
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './objectMeta.js';
import {
  defaultPvcSpecOptions,
  validateAccessModes,
  validatePersistentVolumeClaimSpec,
  validatePositiveQuantity,
  VOLUME_MODES,
  type PvcSpecOptions,
} from './pvcSpec.js';
import { GoValue } from './goFormat.js';
import { goDump } from './goDump.js';
import { tryParseQuantity } from '../../api/quantity.js';
import { validateNodeSelector } from './scheduling.js';
import { GoType, jsonEqual, semanticEqual } from './semantic.js';
import { specDiff } from './specDiff.js';
import type { PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimSpec, PersistentVolumeSpec } from './types.js';
import { persistentVolumeSourceRules } from './volumeSources.js';

const STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];

function pvcOptions(pvc: PersistentVolumeClaim, old: PersistentVolumeClaim | undefined): PvcSpecOptions {
  const opts = { ...defaultPvcSpecOptions };
  if (!old) return opts;
  const spec = old.spec;
  opts.allowInvalidAPIGroupInDataSourceOrRef = Boolean(
    (spec?.dataSource && spec.dataSource.apiGroup !== undefined && spec.dataSource.apiGroup !== null) ||
      (spec?.dataSourceRef && spec.dataSourceRef.apiGroup !== undefined && spec.dataSourceRef.apiGroup !== null),
  );
  if (spec?.volumeAttributesClassName !== undefined && spec.volumeAttributesClassName !== null) opts.enableVolumeAttributesClass = true;
  void pvc;
  return opts;
}

export function validatePersistentVolumeClaim(pvc: PersistentVolumeClaim, opts = pvcOptions(pvc, undefined)): FieldError[] {
  return [
    ...validateObjectMeta(pvc.metadata, true, nameIsDNSSubdomain),
    ...validatePersistentVolumeClaimSpec(pvc.spec, FieldPath.of('spec'), opts),
  ];
}

export function validatePersistentVolumeClaimUpdate(pvc: PersistentVolumeClaim, old: PersistentVolumeClaim): FieldError[] {
  const opts = pvcOptions(pvc, old);
  // upstream's strategy validates the claim, then ValidatePersistentVolumeClaimUpdate does it again
  const errs = [
    ...validatePersistentVolumeClaim(pvc, opts),
    ...validateObjectMetaUpdate(pvc.metadata, old.metadata),
    ...validatePersistentVolumeClaim(pvc, opts),
  ];
  const newSpec: PersistentVolumeClaimSpec = structuredClone(pvc.spec ?? {});
  const oldSpec: PersistentVolumeClaimSpec = structuredClone(old.spec ?? {});
  if (!oldSpec.volumeName) {
    if (newSpec.volumeName === undefined) delete oldSpec.volumeName;
    else oldSpec.volumeName = newSpec.volumeName;
  }
  const oldAnnotations = old.metadata?.annotations ?? {};
  const newAnnotations = pvc.metadata?.annotations ?? {};
  const oldHasAnnotation = Object.prototype.hasOwnProperty.call(oldAnnotations, STORAGE_CLASS_ANNOTATION);
  const newHasAnnotation = Object.prototype.hasOwnProperty.call(newAnnotations, STORAGE_CLASS_ANNOTATION);
  const oldSc = old.spec?.storageClassName;
  const newSc = pvc.spec?.storageClassName;
  const upgradeFromAnnotation =
    oldHasAnnotation &&
    (oldSc === undefined || oldSc === null) &&
    newSc !== undefined &&
    newSc !== null &&
    newSc === oldAnnotations[STORAGE_CLASS_ANNOTATION] &&
    (!newHasAnnotation || newAnnotations[STORAGE_CLASS_ANNOTATION] === oldAnnotations[STORAGE_CLASS_ANNOTATION]);
  if (upgradeFromAnnotation) {
    delete newSpec.storageClassName;
  } else {
    const a = newAnnotations[STORAGE_CLASS_ANNOTATION] ?? '';
    const b = oldAnnotations[STORAGE_CLASS_ANNOTATION] ?? '';
    if (a !== b) errs.push(invalid(FieldPath.of('metadata').child('annotations', STORAGE_CLASS_ANNOTATION), a, FIELD_IMMUTABLE));
    const upgradeFromNil =
      newSc !== undefined && newSc !== null && (oldSc === undefined || oldSc === null) && (!oldHasAnnotation || newSc === oldAnnotations[STORAGE_CLASS_ANNOTATION]);
    if (upgradeFromNil) delete newSpec.storageClassName;
  }
  const bound = pvc.status?.phase === 'Bound';
  if (bound && newSpec.resources?.requests) {
    const requests = newSpec.resources.requests as Record<string, unknown>;
    const oldStorage = (old.spec?.resources?.requests as Record<string, unknown> | undefined)?.['storage'];
    if (oldStorage === undefined) delete requests['storage'];
    else requests['storage'] = oldStorage;
  }
  if (bound && newSpec.volumeAttributesClassName !== undefined && newSpec.volumeAttributesClassName !== null) {
    newSpec.volumeAttributesClassName = oldSpec.volumeAttributesClassName;
  }
  if (!semanticEqual(newSpec, oldSpec, GoType.PersistentVolumeClaimSpec)) {
    errs.push(
      forbidden(
        FieldPath.of('spec'),
        `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${specDiff(oldSpec, newSpec, GoType.PersistentVolumeClaimSpec)}`,
      ),
    );
  }
  const quantityOf = (v: unknown) => (v === undefined ? undefined : tryParseQuantity(v));
  const oldSize = quantityOf((old.spec?.resources?.requests as Record<string, unknown> | undefined)?.['storage']);
  const newSize = quantityOf((pvc.spec?.resources?.requests as Record<string, unknown> | undefined)?.['storage']);
  const statusSize = quantityOf((old.status?.capacity as Record<string, unknown> | undefined)?.['storage']);
  const zero = tryParseQuantity('0')!;
  if ((newSize ?? zero).cmp(oldSize ?? zero) < 0 && (newSize ?? zero).cmp(statusSize ?? zero) <= 0) {
    // RecoverVolumeExpansionFailure is on in v1.33: shrinking is allowed down to above status.capacity
    errs.push(forbidden(FieldPath.of('spec', 'resources', 'requests', 'storage'), 'field can not be less than status.capacity'));
  }
  if ((pvc.spec?.volumeMode ?? null) !== (old.spec?.volumeMode ?? null)) {
    errs.push(invalid(FieldPath.of('volumeMode'), pvc.spec?.volumeMode ?? null, FIELD_IMMUTABLE));
  }
  if ((pvc.spec?.volumeAttributesClassName ?? null) !== (old.spec?.volumeAttributesClassName ?? null)) {
    errs.push(forbidden(FieldPath.of('spec', 'volumeAttributesClassName'), 'update is forbidden when the VolumeAttributesClass feature gate is disabled'));
    if (opts.enableVolumeAttributesClass && old.spec?.volumeAttributesClassName !== undefined && old.spec.volumeAttributesClassName !== null) {
      if (pvc.spec?.volumeAttributesClassName === undefined || pvc.spec.volumeAttributesClassName === null) {
        errs.push(forbidden(FieldPath.of('spec', 'volumeAttributesClassName'), 'update from non-nil value to nil is forbidden'));
      } else if (pvc.spec.volumeAttributesClassName === '') {
        errs.push(forbidden(FieldPath.of('spec', 'volumeAttributesClassName'), 'update from non-nil value to an empty string is forbidden'));
      }
    }
  }
  return errs;
}

const PV_SOURCE_FIELDS = persistentVolumeSourceRules().map((r) => r.json);

function validatePersistentVolumeSpec(spec: PersistentVolumeSpec | undefined, pvName: string, path: FieldPath): FieldError[] {
  const s = spec ?? ({} as PersistentVolumeSpec);
  const errs: FieldError[] = [];
  if ((s.accessModes ?? []).length === 0) errs.push(required(path.child('accessModes')));
  errs.push(...validateAccessModes(s.accessModes, path.child('accessModes')));
  const capacity = (s.capacity ?? {}) as Record<string, unknown>;
  const capKeys = Object.keys(capacity);
  if (capKeys.length === 0) errs.push(required(path.child('capacity')));
  if (!capKeys.includes('storage') || capKeys.length > 1) {
    errs.push(notSupported(path.child('capacity'), capacityValue(capacity), ['storage']));
  }
  for (const [r, raw] of Object.entries(capacity)) {
    const q = tryParseQuantity(raw);
    if (!q) continue;
    const p = path.child('capacity').key(r);
    if (q.value() < 0n) errs.push(invalid(p, Number(q.value()), 'must be a valid resource quantity'));
    errs.push(...validatePositiveQuantity(q, p));
  }
  const reclaim = s.persistentVolumeReclaimPolicy ?? '';
  if (reclaim && !RECLAIM_POLICIES.includes(reclaim)) errs.push(notSupported(path.child('persistentVolumeReclaimPolicy'), reclaim, RECLAIM_POLICIES));
  let nodeAffinitySpecified = false;
  if (s.nodeAffinity) {
    nodeAffinitySpecified = true;
    const na = path.child('nodeAffinity');
    if (s.nodeAffinity.required) errs.push(...validateNodeSelector(s.nodeAffinity.required, false, na.child('required')));
    else errs.push(required(na.child('required'), 'must specify required node constraints'));
  }
  let count = 0;
  const raw = s as unknown as Record<string, Record<string, unknown> | undefined>;
  for (const rule of persistentVolumeSourceRules()) {
    const source = raw[rule.json];
    if (!source) continue;
    if (count > 0) {
      errs.push(forbidden(path.child(rule.json), 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    errs.push(...rule.validate(source, path.child(rule.errorsAs)));
    if (rule.json === 'local' && !nodeAffinitySpecified) errs.push(required(path.child('nodeAffinity'), 'Local volume requires node affinity'));
    if (rule.json === 'iscsi' && source['initiatorName'] !== undefined && `${pvName}:${String(source['targetPortal'] ?? '')}`.length > 64) {
      errs.push(
        invalid(
          path.child('iscsi').child('targetportal'),
          String(source['targetPortal'] ?? ''),
          'Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.',
        ),
      );
    }
  }
  if (count === 0) errs.push(required(path, 'must specify a volume type'));
  const hostPath = s.hostPath?.path;
  if (hostPath !== undefined && cleanPath(hostPath) === '/' && reclaim === 'Recycle') {
    errs.push(forbidden(path.child('persistentVolumeReclaimPolicy'), "may not be 'recycle' for a hostPath mount of '/'"));
  }
  if (s.storageClassName) {
    errs.push(...nameIsDNSSubdomain(s.storageClassName, false).map((m) => invalid(path.child('storageClassName'), s.storageClassName, m)));
  }
  if (s.volumeMode !== undefined && s.volumeMode !== null && !VOLUME_MODES.includes(s.volumeMode)) {
    errs.push(notSupported(path.child('volumeMode'), s.volumeMode, VOLUME_MODES));
  }
  return errs;
}

function capacityValue(capacity: Record<string, unknown>): GoValue {
  const rendered = Object.entries(capacity)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `"${k}":${tryParseQuantity(v)?.goString() ?? 'resource.Quantity{}'}`);
  return new GoValue(`core.ResourceList{${rendered.join(', ')}}`);
}

/** path.Clean for the '/' check. */
function cleanPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return p.startsWith('/') ? `/${parts.join('/')}` : parts.join('/') || '.';
}

export function validatePersistentVolume(pv: PersistentVolume): FieldError[] {
  return [
    ...validateObjectMeta(pv.metadata, false, nameIsDNSSubdomain),
    ...validatePersistentVolumeSpec(pv.spec, pv.metadata?.name ?? '', FieldPath.of('spec')),
  ];
}

export function validatePersistentVolumeUpdate(pv: PersistentVolume, old: PersistentVolume): FieldError[] {
  // upstream's strategy validates the new object, then ValidatePersistentVolumeUpdate does it again
  const errs = [...validatePersistentVolume(pv), ...validatePersistentVolume(pv)];
  const pick = (spec: PersistentVolumeSpec | undefined): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const f of PV_SOURCE_FIELDS) {
      const v = (spec as Record<string, unknown> | undefined)?.[f];
      if (v !== undefined && v !== null) out[f] = v;
    }
    return out;
  };
  const next = pick(pv.spec);
  const prev = pick(old.spec);
  const oldCsi = prev['csi'] as Record<string, unknown> | undefined;
  const newCsi = next['csi'] as Record<string, unknown> | undefined;
  if (oldCsi && !oldCsi['controllerExpandSecretRef'] && newCsi && newCsi['controllerExpandSecretRef']) {
    next['csi'] = { ...newCsi };
    delete (next['csi'] as Record<string, unknown>)['controllerExpandSecretRef'];
  }
  if (!semanticEqual(next, prev, GoType.PersistentVolumeSpec)) {
    errs.push(
      forbidden(
        FieldPath.of('spec', 'persistentvolumesource'),
        `spec.persistentvolumesource is immutable after creation\n${specDiff(prev, next, GoType.PersistentVolumeSpec)}`,
      ),
    );
  }
  if ((pv.spec?.volumeMode ?? null) !== (old.spec?.volumeMode ?? null)) {
    errs.push(invalid(FieldPath.of('volumeMode'), pv.spec?.volumeMode ?? null, FIELD_IMMUTABLE));
  }
  if (old.spec?.nodeAffinity && !jsonEqual(pv.spec?.nodeAffinity ?? null, old.spec.nodeAffinity)) {
    const value = pv.spec?.nodeAffinity ? goDump(pv.spec.nodeAffinity, 'k8s.io.api.core.v1.VolumeNodeAffinity') : null;
    errs.push(invalid(FieldPath.of('nodeAffinity'), value, `${FIELD_IMMUTABLE}, except for updating from beta label to GA`));
  }
  if ((pv.spec?.volumeAttributesClassName ?? null) !== (old.spec?.volumeAttributesClassName ?? null)) {
    errs.push(forbidden(FieldPath.of('spec', 'volumeAttributesClassName'), 'update is forbidden when the VolumeAttributesClass feature gate is disabled'));
  }
  return errs;
}
