// An Indexed Job's successPolicy, as upstream matches it: a rule is met when its
// succeededIndexes have all succeeded (or succeededCount of them), or, with only a
// succeededCount, when that many indexes have; the first met rule makes the Job succeed with
// reason SuccessPolicy and upstream's message.
import type { V1Job } from '@kubernetes/client-node';
import { parseIndexes } from './completionIndexes.js';

/** The message of the first met rule ("Matched rules at index N"), if any. */
export function matchSuccessPolicy(job: V1Job, succeededIndexes: Set<number>): string | undefined {
  const completions = job.spec?.completions ?? 0;
  for (const [index, rule] of (job.spec?.successPolicy?.rules ?? []).entries()) {
    let wanted: number;
    let have: number;
    if (rule.succeededIndexes !== undefined) {
      const indexes = parseIndexes(rule.succeededIndexes, completions);
      have = [...indexes].filter((i) => succeededIndexes.has(i)).length;
      wanted = rule.succeededCount ?? indexes.size;
    } else {
      have = succeededIndexes.size;
      wanted = rule.succeededCount ?? completions;
    }
    if (have >= wanted) return `Matched rules at index ${index}`;
  }
  return undefined;
}
