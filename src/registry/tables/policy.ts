// The policy/v1 table: PodDisruptionBudget (MIN AVAILABLE, MAX UNAVAILABLE, ALLOWED
// DISRUPTIONS).
import type { PodDisruptionBudget } from '../../api/index.js';
import { AGE, NAME, ageOf, column, defineTable, nameOf } from './columns.js';
import type { TableConvertor } from './types.js';

/** An IntOrString as Go prints it; `N/A` when unset. */
function intOrString(value: number | string | undefined | null): string {
  return value === undefined || value === null ? 'N/A' : String(value);
}

const podDisruptionBudgetTable = defineTable<PodDisruptionBudget>({
  columns: [
    NAME,
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    AGE,
  ],
  cells: (pdb, now) => [
    nameOf(pdb),
    intOrString(pdb.spec?.minAvailable),
    intOrString(pdb.spec?.maxUnavailable),
    pdb.status?.disruptionsAllowed ?? 0,
    ageOf(pdb, now),
  ],
});

/** policy/v1 kinds, by kind. */
export const policyTables: Record<string, TableConvertor> = {
  PodDisruptionBudget: podDisruptionBudgetTable,
};
