// Status conditions (metav1.Condition), as apimachinery's meta helpers keep them: setting a
// condition replaces the one of its type, and lastTransitionTime moves only when the status
// does.
import type { V1Condition } from '@kubernetes/client-node';

export interface ConditionInput {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration?: number;
}

export function findStatusCondition(conditions: readonly V1Condition[] | undefined, type: string): V1Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function isStatusConditionTrue(conditions: readonly V1Condition[] | undefined, type: string): boolean {
  return findStatusCondition(conditions, type)?.status === 'True';
}

/** Sets a condition in the list (in place); returns whether anything changed. */
export function setStatusCondition(conditions: V1Condition[], input: ConditionInput, now: Date = new Date()): boolean {
  const existing = findStatusCondition(conditions, input.type);
  if (!existing) {
    conditions.push({ ...input, lastTransitionTime: wholeSeconds(now) });
    return true;
  }
  let changed = false;
  if (existing.status !== input.status) {
    existing.status = input.status;
    existing.lastTransitionTime = wholeSeconds(now);
    changed = true;
  }
  for (const field of ['reason', 'message', 'observedGeneration'] as const) {
    if (input[field] !== undefined && existing[field] !== input[field]) {
      (existing as unknown as Record<string, unknown>)[field] = input[field];
      changed = true;
    }
  }
  return changed;
}

/** Removes the condition of a type (in place); returns whether there was one. */
export function removeStatusCondition(conditions: V1Condition[], type: string): boolean {
  const index = conditions.findIndex((c) => c.type === type);
  if (index < 0) return false;
  conditions.splice(index, 1);
  return true;
}

/** Condition times are whole seconds (metav1.Time); client-node types them as Date. */
function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
