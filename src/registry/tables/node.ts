// The node.k8s.io/v1 table: RuntimeClass (HANDLER).
import type { RuntimeClass } from '../../api/index.js';
import { AGE, NAME, ageOf, column, defineTable, doc, nameOf } from './columns.js';
import type { TableConvertor } from './types.js';

const runtimeClassTable = defineTable<RuntimeClass>({
  // upstream describes the handler with an ObjectMeta field that does not exist: empty text
  columns: [NAME, column('Handler', 'string', doc('meta/v1.ObjectMeta.handler')), AGE],
  cells: (rc, now) => [nameOf(rc), rc.handler ?? '', ageOf(rc, now)],
});

/** node.k8s.io/v1 kinds, by kind. */
export const nodeTables: Record<string, TableConvertor> = {
  RuntimeClass: runtimeClassTable,
};
