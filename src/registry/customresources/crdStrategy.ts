// CustomResourceDefinitions themselves: accepted at once (NamesAccepted and Established),
// the storage version recorded, and a cleanup finalizer so that deleting a definition first
// deletes its objects.
import type { ResourceInfo } from '../catalog.js';
import { rfc3339, type KubeObject } from '../object.js';
import { StatusError } from '../statusError.js';
import { BaseStrategy } from '../strategy.js';
import { acceptedNames, spec, type CrdVersion } from './definitions.js';
import { ruleCompilationCauses } from './schema/index.js';

export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

type Condition = { type: string; status: string; lastTransitionTime: string; reason: string; message: string };

function condition(type: string, reason: string, message: string): Condition {
  return { type, status: 'True', lastTransitionTime: rfc3339(), reason, message };
}

export class CrdStrategy extends BaseStrategy {
  constructor(info: ResourceInfo) {
    super(info);
  }

  /** The finalizer is the server's own, added after validation (which only admits
   * qualified names from clients). */
  override beginCreate(object: KubeObject): void {
    const finalizers = object.metadata.finalizers ?? [];
    if (!finalizers.includes(CLEANUP_FINALIZER)) object.metadata.finalizers = [...finalizers, CLEANUP_FINALIZER];
  }

  override prepareForCreate(object: KubeObject): void {
    const s = spec(object);
    object.status = {
      acceptedNames: acceptedNames(s.names),
      conditions: [
        condition('NamesAccepted', 'NoConflicts', 'no conflicts found'),
        condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
      ],
      storedVersions: (s.versions ?? []).filter((v) => v.storage).map((v) => v.name),
    };
  }

  override prepareForUpdate(object: KubeObject, old: KubeObject): void {
    const status = (old.status ?? {}) as { storedVersions?: string[] };
    const storage = (spec(object).versions ?? []).find((v) => v.storage)?.name;
    const stored = status.storedVersions ?? [];
    object.status = {
      ...status,
      acceptedNames: acceptedNames(spec(object).names),
      storedVersions: storage && !stored.includes(storage) ? [...stored, storage] : stored,
    };
  }

  override prepareForDeletion(object: KubeObject): void {
    const status = (object.status ?? {}) as { conditions?: Condition[] };
    status.conditions = [
      ...(status.conditions ?? []).filter((c) => c.type !== 'Terminating'),
      condition('Terminating', 'InstanceDeletionInProgress', 'CustomResource deletion is in progress'),
    ];
    object.status = status;
  }

  override validateCreate(object: KubeObject): StatusError | undefined {
    return this.checkDefinition(object) ?? super.validateCreate(object);
  }

  /** The cleanup finalizer is the server's own: it is left out of the metadata checks. */
  override validateUpdate(object: KubeObject, old: KubeObject): StatusError | undefined {
    const withoutCleanup = (o: KubeObject): KubeObject => ({
      ...o, metadata: { ...o.metadata, finalizers: o.metadata.finalizers?.filter((f) => f !== CLEANUP_FINALIZER) },
    });
    return this.checkDefinition(object, storedVersionErrors(object)) ?? super.validateUpdate(withoutCleanup(object), withoutCleanup(old));
  }

  /** Through the status subresource: status.storedVersions still names versions there are. */
  validateStatusUpdate(object: KubeObject): StatusError | undefined {
    return this.invalidDefinition(object, storedVersionErrors(object));
  }

  /** The rules a definition must follow to be served (then `more` errors, if any). */
  private checkDefinition(object: KubeObject, more: DefinitionError[] = []): StatusError | undefined {
    const s = spec(object);
    const errors: DefinitionError[] = [];
    const name = object.metadata.name ?? '';
    if (!s.group) errors.push({ field: 'spec.group', reason: 'FieldValueRequired', message: 'Required value' });
    if (!s.names?.plural) errors.push({ field: 'spec.names.plural', reason: 'FieldValueRequired', message: 'Required value' });
    if (!s.names?.kind) errors.push({ field: 'spec.names.kind', reason: 'FieldValueRequired', message: 'Required value' });
    if (s.group && s.names?.plural && name !== `${s.names.plural}.${s.group}`) {
      errors.push({ field: 'metadata.name', reason: 'FieldValueInvalid', message: `Invalid value: "${name}": must be spec.names.plural+"."+spec.group` });
    }
    if (s.scope !== 'Namespaced' && s.scope !== 'Cluster') {
      errors.push({ field: 'spec.scope', reason: 'FieldValueNotSupported', message: `Unsupported value: "${s.scope ?? ''}": supported values: "Cluster", "Namespaced"` });
    }
    const versions = s.versions ?? [];
    if (versions.length === 0) errors.push({ field: 'spec.versions', reason: 'FieldValueInvalid', message: 'Invalid value: "null": must have exactly one version marked as storage version' });
    else if (versions.filter((v) => v.storage).length !== 1) {
      errors.push({ field: 'spec.versions', reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(versions.map((v) => v.name))}: must have exactly one version marked as storage version` });
    }
    versions.forEach((v, i) => errors.push(
      ...deprecationWarningErrors(v, `spec.versions[${i}].deprecationWarning`),
      ...scalePathErrors(v.subresources?.scale, `spec.versions[${i}].subresources.scale`),
    ));
    errors.push(...ruleCompilationCauses(s));
    return this.invalidDefinition(object, [...errors, ...more]);
  }

  private invalidDefinition(object: KubeObject, errors: DefinitionError[]): StatusError | undefined {
    const name = object.metadata.name ?? '';
    if (errors.length === 0) return undefined;
    const listed = errors.map((e) => `${e.field}: ${e.message}`);
    const message = `CustomResourceDefinition.apiextensions.k8s.io "${name}" is invalid: ${listed.length === 1 ? listed[0] : `[${listed.join(', ')}]`}`;
    return StatusError.invalid('CustomResourceDefinition', 'apiextensions.k8s.io', name, errors.map(({ field, message: m, reason }) => ({ field, message: m, reason })), message);
  }
}

type DefinitionError = { field: string; message: string; reason: string };

/** Every version status.storedVersions names must still be one of spec.versions (a version
 * leaves storedVersions, through the status subresource, before it leaves the definition). */
function storedVersionErrors(object: KubeObject): DefinitionError[] {
  const stored = (object.status as { storedVersions?: string[] } | undefined)?.storedVersions ?? [];
  if (stored.length === 0) return [{ field: 'status.storedVersions', reason: 'FieldValueInvalid', message: 'Invalid value: []string{}: must have at least one stored version' }];
  const names = new Set((spec(object).versions ?? []).map((v) => v.name));
  return stored.flatMap((v, i) => names.has(v) ? [] : [{ field: `status.storedVersions[${i}]`, reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(v)}: must appear in spec.versions` }]);
}

/** A version's own deprecation warning: only on a deprecated version, 1 to 256 printable
 * characters. */
function deprecationWarningErrors(v: CrdVersion, field: string): DefinitionError[] {
  const warning = v.deprecationWarning;
  if (warning === undefined || warning === null) return [];
  const invalid = (detail: string) => ({ field, reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(warning)}: ${detail}` });
  if (!v.deprecated) return [invalid('can only be set for deprecated versions')];
  const errors: DefinitionError[] = [];
  if (Buffer.byteLength(warning) > 256) errors.push(invalid('must be <= 256 characters long'));
  if (warning.length === 0) errors.push(invalid('must not be an empty string'));
  const unprintable = [...warning].findIndex((c) => !/^(?:[\p{L}\p{M}\p{N}\p{P}\p{S}]| )$/u.test(c));
  if (unprintable >= 0) {
    const at = Buffer.byteLength([...warning].slice(0, unprintable).join(''));
    errors.push(invalid(`must only contain printable UTF-8 characters; non-printable character found at index ${at}`));
  }
  return errors;
}

/** A scale path must be a simple JSON path (`.a.b`) under the part of the object it names. */
function simplePathError(path: string, field: string, under: string[]): DefinitionError | undefined {
  const invalid = (detail: string) => ({ field, reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(path)}: ${detail}` });
  if (!path.startsWith('.')) return invalid('must be a simple json path starting with .');
  if (!under.some((part) => path.startsWith(`.${part}.`))) {
    return invalid(`should be a json path under ${under.length === 1 ? `.${under[0]}` : `either ${under.map((p) => `.${p}`).join(' or ')}`}`);
  }
  return undefined;
}

/** The checks of a version's scale subresource: where its replicas and selector are. */
function scalePathErrors(scale: NonNullable<CrdVersion['subresources']>['scale'], at: string): DefinitionError[] {
  if (!scale) return [];
  const errors: Array<DefinitionError | undefined> = [];
  for (const [name, part] of [['specReplicasPath', 'spec'], ['statusReplicasPath', 'status']] as const) {
    const path = scale[name];
    errors.push(path ? simplePathError(path, `${at}.${name}`, [part]) : { field: `${at}.${name}`, reason: 'FieldValueRequired', message: 'Required value' });
  }
  if (scale.labelSelectorPath) errors.push(simplePathError(scale.labelSelectorPath, `${at}.labelSelectorPath`, ['spec', 'status']));
  return errors.filter((e): e is DefinitionError => e !== undefined);
}
