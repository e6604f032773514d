// Label maps and label selectors as kubectl prints them: `a=b,c=d` sorted, `<none>` when empty;
// selectors in their canonical string form (`app=web,tier in (a,b),!legacy`) with the same
// key/value validation apimachinery applies before it will print one (validation's formats).
import { isQualifiedName, isValidLabelValue } from '../validation/formats.js';

export type LabelMap = Record<string, string> | undefined | null;

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** Byte-wise string order, as Go's sort.Strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** labels.Set.String: `key=value` pairs sorted as whole strings, comma separated. */
export function labelsString(labels: LabelMap): string {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .sort(compareStrings)
    .join(',');
}

/** labels.FormatLabels: the sorted pairs, or `<none>` for no labels. */
export function formatLabels(labels: LabelMap): string {
  return labelsString(labels) || '<none>';
}

class SelectorError extends Error {}

interface Requirement {
  key: string;
  text: string;
}

function requirement(key: string, operator: string, values: readonly string[]): Requirement {
  if (isQualifiedName(key).length > 0) throw new SelectorError(`invalid label key ${JSON.stringify(key)}`);
  for (const v of values) {
    if (isValidLabelValue(v).length > 0) throw new SelectorError(`invalid label value ${JSON.stringify(v)}`);
  }
  // One value prints as is; several print sorted, without touching the selector itself.
  const list = values.length === 1 ? values[0]! : [...values].sort(compareStrings).join(',');
  switch (operator) {
    case 'Equals':
      if (values.length !== 1) throw new SelectorError('exact match needs one value');
      return { key, text: `${key}=${list}` };
    case 'In':
    case 'NotIn':
      if (values.length === 0) throw new SelectorError(`${operator} needs values`);
      return { key, text: `${key} ${operator === 'In' ? 'in' : 'notin'} (${list})` };
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) throw new SelectorError(`${operator} takes no values`);
      return { key, text: operator === 'Exists' ? key : `!${key}` };
    default:
      throw new SelectorError(`${JSON.stringify(operator)} is not a valid label selector operator`);
  }
}

/**
 * metav1.LabelSelectorAsSelector(selector).String(): `''` for a missing or empty selector.
 * Throws for a selector apimachinery would reject (bad operator, key or value).
 */
export function labelSelectorString(selector: LabelSelector | undefined | null): string {
  if (!selector) return '';
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) reqs.push(requirement(k, 'Equals', [v]));
  for (const e of selector.matchExpressions ?? []) reqs.push(requirement(e.key, e.operator, e.values ?? []));
  reqs.sort((a, b) => compareStrings(a.key, b.key));
  return reqs.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: the selector string, `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(selector: LabelSelector | undefined | null): string {
  try {
    return labelSelectorString(selector) || '<none>';
  } catch (err) {
    if (err instanceof SelectorError) return '<error>';
    throw err;
  }
}

/** A deployment's SELECTOR cell: the string as is (`''` when empty), `<invalid>` when invalid. */
export function deploymentSelectorString(selector: LabelSelector | undefined | null): string {
  try {
    return labelSelectorString(selector);
  } catch (err) {
    if (err instanceof SelectorError) return '<invalid>';
    throw err;
  }
}

/**
 * The Go debug form of a LabelSelector (its generated protobuf String method), which the
 * admission policy binding printers show for a parameter selector:
 * `&LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}`.
 */
export function goLabelSelectorDebugString(selector: LabelSelector): string {
  const expressions = (selector.matchExpressions ?? [])
    .map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`)
    .join('');
  const labels = Object.keys(selector.matchLabels ?? {})
    .sort(compareStrings)
    .map((k) => `${k}: ${selector.matchLabels![k]},`)
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${expressions}},}`;
}
