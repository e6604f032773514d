// Structured label selectors (`matchLabels` and `matchExpressions`) as controllers hold them in
// their specs: matching a set of labels, and the query-string form for listing.
import type { V1LabelSelector } from '@kubernetes/client-node';

export type Labels = Record<string, string> | undefined;

/**
 * Whether `labels` satisfy `selector`. As upstream's LabelSelectorAsSelector: a missing selector
 * matches nothing, an empty one (no labels, no expressions) matches everything.
 */
export function selectorMatches(selector: V1LabelSelector | undefined, labels: Labels): boolean {
  if (!selector) return false;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (have[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const present = Object.prototype.hasOwnProperty.call(have, key);
    switch (operator) {
      case 'In': if (!present || !values.includes(have[key])) return false; break;
      case 'NotIn': if (present && values.includes(have[key])) return false; break;
      case 'Exists': if (!present) return false; break;
      case 'DoesNotExist': if (present) return false; break;
      default: return false;
    }
  }
  return true;
}

/** Whether the selector selects everything (no requirements at all). */
export function selectorIsEmpty(selector: V1LabelSelector | undefined): boolean {
  return !!selector && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/** The `labelSelector` query parameter form (`a=b,c in (d,e),!f`). */
export function selectorToString(selector: V1LabelSelector): string {
  const terms = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const list = [...values].sort().join(',');
    if (operator === 'In') terms.push(`${key} in (${list})`);
    else if (operator === 'NotIn') terms.push(`${key} notin (${list})`);
    else if (operator === 'Exists') terms.push(key);
    else if (operator === 'DoesNotExist') terms.push(`!${key}`);
  }
  return terms.join(',');
}
