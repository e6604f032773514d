// The scheduling.k8s.io/v1 table: PriorityClass (VALUE, GLOBAL-DEFAULT, PREEMPTIONPOLICY).
import type { PriorityClass } from '../../api/index.js';
import { AGE, NAME, ageOf, column, defineTable, doc, nameOf } from './columns.js';
import type { TableConvertor } from './types.js';

const priorityClassTable = defineTable<PriorityClass>({
  columns: [
    NAME,
    column('Value', 'integer', doc('scheduling/v1.PriorityClass.value')),
    column('Global-Default', 'boolean', doc('scheduling/v1.PriorityClass.globalDefault')),
    AGE,
    // upstream prints it only wide but declares it with priority 0
    column('PreemptionPolicy', 'string', doc('scheduling/v1.PriorityClass.preemptionPolicy')),
  ],
  cells: (pc, now) => [
    nameOf(pc),
    pc.value ?? 0,
    pc.globalDefault ?? false,
    ageOf(pc, now),
    pc.preemptionPolicy ?? 'PreemptLowerPriority',
  ],
});

/** scheduling.k8s.io/v1 kinds, by kind. */
export const schedulingTables: Record<string, TableConvertor> = {
  PriorityClass: priorityClassTable,
};
