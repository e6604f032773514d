// tables: server-side Table output, the columns `kubectl get` prints, for every built-in kind of
// Kubernetes v1.33 (upstream's pkg/printers/internalversion behaviour): per kind a
// TableConvertor (column definitions with the upstream names, types, formats, descriptions and
// priorities, and a cells function), and `toTable`, which renders objects into the exact
// meta.k8s.io/v1 Table JSON kube-apiserver returns. Kinds without an upstream printer (Role,
// ClusterRole, LimitRange, CSIStorageCapacity, CustomResourceDefinition, ...) get the default
// `Name` / `Created At` table.
//
// The convertors read objects in their versioned JSON form (what kubets stores and serves);
// upstream prints the defaulted internal object, so where a printed field has an API default
// (replicas 1, protocol TCP, PV volume mode Filesystem, ...) the cell applies it, and
// autoscaling/v1 HPAs and events.k8s.io/v1 Events are read through the same field mapping
// upstream's conversion uses.
//
// It imports API types (src/api) and, one way only, the pure value rules of ../validation (the
// Quantity, the label key and value formats), so a value prints as the server parsed it; nothing
// else of kubets, and validation imports nothing of it. One file per API group.
import { admissionregistrationTables } from './admissionregistration.js';
import { appsTables } from './apps.js';
import { autoscalingTables } from './autoscaling.js';
import { batchTables } from './batch.js';
import { certificatesTables } from './certificates.js';
import { coordinationTables } from './coordination.js';
import { coreTables } from './core.js';
import { defaultTableConvertor } from './defaultTable.js';
import { discoveryTables } from './discovery.js';
import { eventTable } from './event.js';
import { flowcontrolTables } from './flowcontrol.js';
import { networkingTables } from './networking.js';
import { nodeTables } from './node.js';
import { policyTables } from './policy.js';
import { rbacTables } from './rbac.js';
import { schedulingTables } from './scheduling.js';
import { storageTables } from './storage.js';
import type { TableConvertor } from './types.js';

export type {
  KubeObject,
  ListMeta,
  ObjectMeta,
  Table,
  TableColumnDefinition,
  TableConvertor,
  TableRow,
  TableRowCondition,
} from './types.js';
export { toTable, partialObjectMetadata, objectMetaJson, IncludeObjectError } from './table.js';
export type { IncludeObject, TableOptions } from './table.js';
export { defaultTableConvertor } from './defaultTable.js';
export { humanDuration, timestampSince } from './humanDuration.js';
export { formatLabels, formatLabelSelector } from './labels.js';
export { quantityString } from './quantity.js';

/** The kinds with a printer, by API group ('' is the core group). */
const PRINTERS: Record<string, Record<string, TableConvertor>> = {
  '': coreTables,
  apps: appsTables,
  batch: batchTables,
  autoscaling: autoscalingTables,
  'networking.k8s.io': networkingTables,
  'discovery.k8s.io': discoveryTables,
  policy: policyTables,
  'rbac.authorization.k8s.io': rbacTables,
  'coordination.k8s.io': coordinationTables,
  'storage.k8s.io': storageTables,
  'scheduling.k8s.io': schedulingTables,
  'events.k8s.io': { Event: eventTable },
  'certificates.k8s.io': certificatesTables,
  'node.k8s.io': nodeTables,
  'admissionregistration.k8s.io': admissionregistrationTables,
  'flowcontrol.apiserver.k8s.io': flowcontrolTables,
};

const normalizeGroup = (group: string): string => (group === 'core' ? '' : group);

/** The kind's printer, if upstream has one ('' or 'core' for the core group). */
export function printerFor(group: string, kind: string): TableConvertor | undefined {
  const kinds = PRINTERS[normalizeGroup(group)];
  return kinds && Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
}

/** The convertor for a built-in kind: its printer, else the default Name / Created At table. */
export function tableConvertorFor(group: string, kind: string): TableConvertor {
  return printerFor(group, kind) ?? defaultTableConvertor;
}

/** Every group and kind that has a printer. */
export function printedKinds(): { group: string; kind: string }[] {
  return Object.entries(PRINTERS).flatMap(([group, kinds]) => Object.keys(kinds).map((kind) => ({ group, kind })));
}
