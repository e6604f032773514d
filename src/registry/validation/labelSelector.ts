// Label selectors: validation of a metav1.LabelSelector (matchLabels, matchExpressions) with
// upstream's messages, and its meaning as a selector (LabelSelectorAsSelector): nil selects
// nothing, an empty one everything, otherwise every requirement must hold.
import { forbidden, invalid, required, type FieldError } from './fieldErrors.js';
import type { FieldPath } from './fieldPath.js';
import { isQualifiedName, isValidLabelValue } from './formats.js';

export interface LabelSelectorRequirement {
  key?: string;
  operator?: string;
  values?: string[] | null;
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

export interface LabelSelectorOptions {
  allowInvalidLabelValueInSelector?: boolean;
}

/** ValidateLabelName: a label key is a qualified name. */
export function validateLabelName(name: string, path: FieldPath): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(path, name, msg));
}

/** ValidateLabels: every key a qualified name, every value a label value (errors at the map's path). */
export function validateLabels(labels: Record<string, unknown> | null | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...validateLabelName(k, path));
    const value = typeof v === 'string' ? v : String(v);
    for (const msg of isValidLabelValue(value)) errs.push(invalid(path, value, msg));
  }
  return errs;
}

export function validateLabelSelector(
  selector: LabelSelector | null | undefined,
  options: LabelSelectorOptions,
  path: FieldPath,
): FieldError[] {
  if (!selector) return [];
  const errs = validateLabels(selector.matchLabels, path.child('matchLabels'));
  (selector.matchExpressions ?? []).forEach((expr, i) => {
    errs.push(...validateLabelSelectorRequirement(expr, options, path.child('matchExpressions').at(i)));
  });
  return errs;
}

export function validateLabelSelectorRequirement(
  req: LabelSelectorRequirement,
  options: LabelSelectorOptions,
  path: FieldPath,
): FieldError[] {
  return validateSelectorRequirement(req, options.allowInvalidLabelValueInSelector ?? false, path);
}

/**
 * What a label selector requirement and a node selector requirement are checked alike for: the
 * values each operator wants (In and NotIn some, Exists and DoesNotExist none), the key as a
 * label name and, unless allowed, each value as a label value. `otherOperator` checks the
 * values of operators only the caller knows (node affinity's Gt and Lt); undefined for an
 * operator it does not know either.
 */
export function validateSelectorRequirement(
  req: LabelSelectorRequirement,
  allowInvalidLabelValue: boolean,
  path: FieldPath,
  otherOperator: (operator: string | undefined, values: readonly string[]) => FieldError[] | undefined = () => undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(path.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        errs.push(forbidden(path.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
      break;
    default:
      errs.push(
        ...(otherOperator(req.operator, values) ?? [
          invalid(path.child('operator'), req.operator ?? '', 'not a valid selector operator'),
        ]),
      );
  }
  errs.push(...validateLabelName(req.key ?? '', path.child('key')));
  if (!allowInvalidLabelValue) {
    values.forEach((value, i) => {
      for (const msg of isValidLabelValue(value)) errs.push(invalid(path.child('values').at(i), value, msg));
    });
  }
  return errs;
}

/** A selector as LabelSelectorAsSelector makes it. */
export interface Selector {
  /** Empty(): selects everything (no requirements). A nil LabelSelector is not empty. */
  empty: boolean;
  matches(labels: Record<string, string> | null | undefined): boolean;
}

const nothing: Selector = { empty: false, matches: () => false };
const everything: Selector = { empty: true, matches: () => true };

/** LabelSelectorAsSelector; undefined where upstream returns an error (invalid keys, values or operators). */
export function labelSelectorAsSelector(selector: LabelSelector | null | undefined): Selector | undefined {
  if (!selector) return nothing;
  const matchLabels = Object.entries(selector.matchLabels ?? {});
  const exprs = selector.matchExpressions ?? [];
  if (matchLabels.length + exprs.length === 0) return everything;
  const checks: Array<(labels: Record<string, string>) => boolean> = [];
  for (const [k, v] of matchLabels) {
    if (isQualifiedName(k).length > 0 || isValidLabelValue(String(v)).length > 0) return undefined;
    checks.push((labels) => Object.prototype.hasOwnProperty.call(labels, k) && labels[k] === v);
  }
  for (const expr of exprs) {
    const key = expr.key ?? '';
    const values = expr.values ?? [];
    if (isQualifiedName(key).length > 0 || values.some((v) => isValidLabelValue(v).length > 0)) return undefined;
    const has = (labels: Record<string, string>): boolean => Object.prototype.hasOwnProperty.call(labels, key);
    switch (expr.operator) {
      case 'In':
        if (values.length === 0) return undefined;
        checks.push((labels) => has(labels) && values.includes(labels[key]!));
        break;
      case 'NotIn':
        if (values.length === 0) return undefined;
        checks.push((labels) => !has(labels) || !values.includes(labels[key]!));
        break;
      case 'Exists':
        if (values.length > 0) return undefined;
        checks.push(has);
        break;
      case 'DoesNotExist':
        if (values.length > 0) return undefined;
        checks.push((labels) => !has(labels));
        break;
      default:
        return undefined;
    }
  }
  return { empty: false, matches: (labels) => checks.every((c) => c(labels ?? {})) };
}

/** A map selector (Service, ReplicationController): labels.Set(map).AsSelector(). */
export function mapSelector(selector: Record<string, string> | null | undefined): Selector {
  const entries = Object.entries(selector ?? {});
  if (entries.length === 0) return everything;
  return {
    empty: false,
    matches: (labels) => entries.every(([k, v]) => (labels ?? {})[k] === v && Object.prototype.hasOwnProperty.call(labels ?? {}, k)),
  };
}
