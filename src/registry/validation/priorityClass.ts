// PriorityClasses: names starting `system-` only for the built-in system classes (with their
// value and no globalDefault), user values up to 1,000,000,000, preemptionPolicy one of
// PreemptLowerPriority and Never; value and preemptionPolicy never change.
import { HIGHEST_USER_DEFINABLE_PRIORITY, SYSTEM_PRIORITY_CLASS_PREFIX, SYSTEM_PRIORITY_CLASSES } from '../../api/systemPriorityClasses.js';
import { forbidden, invalid, notSupported, required, type FieldError } from './fieldErrors.js';
import { FieldPath } from './fieldPath.js';
import { FIELD_IMMUTABLE, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate, type ObjectMeta } from './objectMeta.js';

export interface PriorityClass {
  metadata?: ObjectMeta;
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string | null;
}

/** Why `name` with this value and globalDefault is not one of the system classes, if it is not. */
function systemClassMismatch(name: string, value: number, globalDefault: boolean): string | undefined {
  const known = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === name);
  if (!known) return `${name} is not a known system priority class`;
  if (known.value !== value) return `value of ${name} PriorityClass must be ${known.value}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

export function validatePriorityClass(pc: PriorityClass): FieldError[] {
  const errs = validateObjectMeta(pc.metadata, false, nameIsDNSSubdomain, FieldPath.of('metadata'));
  const name = pc.metadata?.name ?? '';
  const value = pc.value ?? 0;
  if (name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX)) {
    const mismatch = systemClassMismatch(name, value, pc.globalDefault === true);
    if (mismatch) {
      errs.push(forbidden(FieldPath.of('metadata', 'name'), `priority class names with '${SYSTEM_PRIORITY_CLASS_PREFIX}' prefix are reserved for system use only. error: ${mismatch}`));
    }
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(forbidden(FieldPath.of('value'), `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (pc.preemptionPolicy !== undefined && pc.preemptionPolicy !== null) {
    const path = FieldPath.of('preemptionPolicy');
    if (pc.preemptionPolicy === '') errs.push(required(path));
    else if (pc.preemptionPolicy !== 'PreemptLowerPriority' && pc.preemptionPolicy !== 'Never') {
      errs.push(notSupported(path, pc.preemptionPolicy, ['PreemptLowerPriority', 'Never']));
    }
  }
  return errs;
}

export function validatePriorityClassUpdate(pc: PriorityClass, old: PriorityClass): FieldError[] {
  const errs = [...validatePriorityClass(pc), ...validateObjectMetaUpdate(pc.metadata, old.metadata, FieldPath.of('metadata'))];
  if ((pc.value ?? 0) !== (old.value ?? 0)) errs.push(forbidden(FieldPath.of('value'), 'may not be changed in an update.'));
  if ((pc.preemptionPolicy ?? null) !== (old.preemptionPolicy ?? null)) errs.push(invalid(FieldPath.of('preemptionPolicy'), pc.preemptionPolicy ?? null, FIELD_IMMUTABLE));
  return errs;
}
