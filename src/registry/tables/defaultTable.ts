// The table of kinds that have no printer (Role, ClusterRole, LimitRange, CSIStorageCapacity,
// CustomResourceDefinition, ...): upstream's default table convertor, columns `Name` and
// `Created At` (the creation time in RFC 3339, not an age).
import { formatRfc3339 } from '../../api/index.js';
import { NAME, column, defineTable, doc, nameOf } from './columns.js';
import { parseTimestamp } from './humanDuration.js';
import type { KubeObject } from './types.js';

/** Go's zero time, which a missing creationTimestamp formats as. */
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

function createdAt(object: KubeObject): string {
  const ms = parseTimestamp(object.metadata?.creationTimestamp);
  return ms === undefined ? GO_ZERO_TIME : formatRfc3339(Math.floor(ms / 1000));
}

export const defaultTableConvertor = defineTable<KubeObject>({
  columns: [NAME, column('Created At', 'date', doc('meta/v1.ObjectMeta.creationTimestamp'))],
  cells: (object) => [nameOf(object), createdAt(object)],
  nullRowsWhenEmpty: true,
});
