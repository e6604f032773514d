// Structured label selectors (`matchLabels` and `matchExpressions`) as controllers hold them in
// their specs: matching a set of labels (src/api/selectors.ts's, under the name controllers use:
// a missing selector matches nothing, an empty one everything), whether one selects everything,
// and the query-string form for listing.
import type { V1LabelSelector } from '@kubernetes/client-node';

export { labelSelectorMatches as selectorMatches } from '../../api/selectors.js';

export type Labels = Record<string, string> | undefined;

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
