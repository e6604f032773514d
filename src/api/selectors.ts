// Selector matching as upstream's API helpers do it, shared by the scheduler and the
// controllers: label selectors (matchLabels, matchExpressions) of workloads, disruption budgets,
// pod affinity and topology spread, and node selectors (In, NotIn, Exists, DoesNotExist, Gt, Lt;
// matchFields on metadata.name) of node affinity, DaemonSets and PersistentVolume node affinity.
import type { V1LabelSelector, V1NodeSelector, V1NodeSelectorRequirement, V1NodeSelectorTerm } from '@kubernetes/client-node';

export type Labels = Record<string, string>;
const EMPTY: Labels = {};
const has = (labels: Labels, key: string) => Object.prototype.hasOwnProperty.call(labels, key);

/** A missing selector matches nothing; an empty one matches everything. */
export function labelSelectorMatches(selector: V1LabelSelector | undefined, labels: Labels | undefined): boolean {
  if (!selector) return false;
  const have = labels ?? EMPTY;
  for (const key in selector.matchLabels ?? EMPTY) if (have[key] !== selector.matchLabels![key]) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const present = has(have, key);
    switch (operator) {
      case 'In': if (!present || !values.includes(have[key]!)) return false; break;
      case 'NotIn': if (present && values.includes(have[key]!)) return false; break;
      case 'Exists': if (!present) return false; break;
      case 'DoesNotExist': if (present) return false; break;
      default: return false;
    }
  }
  return true;
}

function requirementMatches(requirement: V1NodeSelectorRequirement, value: string | undefined): boolean {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In': return value !== undefined && values.includes(value);
    case 'NotIn': return value === undefined || !values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0]!)) return false;
      const [have, want] = [BigInt(value), BigInt(values[0]!)];
      return requirement.operator === 'Gt' ? have > want : have < want;
    }
    default: return false;
  }
}

/** One term: every expression and field requirement holds; a term with neither matches nothing. */
export function nodeSelectorTermMatches(term: V1NodeSelectorTerm, nodeName: string, labels: Labels | undefined): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const have = labels ?? EMPTY;
  for (const requirement of expressions) if (!requirementMatches(requirement, has(have, requirement.key) ? have[requirement.key] : undefined)) return false;
  for (const requirement of fields) if (requirement.key !== 'metadata.name' || !requirementMatches(requirement, nodeName)) return false;
  return true;
}

/** A node selector: any of its terms (ORed). */
export function nodeSelectorMatches(selector: V1NodeSelector, nodeName: string, labels: Labels | undefined): boolean {
  return selector.nodeSelectorTerms.some((term) => nodeSelectorTermMatches(term, nodeName, labels));
}
