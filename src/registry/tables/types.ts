// The meta.k8s.io/v1 Table shapes (Table, TableColumnDefinition, TableRow, TableRowCondition)
// and the TableConvertor contract every kind's printer implements.
import type { Pod } from '../../api/index.js';

/** metav1.ObjectMeta as it travels in JSON. */
export type ObjectMeta = NonNullable<Pod['metadata']>;

/** Any API object: what the convertors receive. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** metav1.ListMeta; only the fields a Table carries over from the list it renders. */
export interface ListMeta {
  selfLink?: string;
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

/** One column: every field is always present on the wire (`format` and `priority` too). */
export interface TableColumnDefinition {
  name: string;
  /** An OpenAPI type: `string`, `integer`, `number`, `boolean` or `date`. */
  type: string;
  /** An OpenAPI format; `name` marks the column holding the object's name. */
  format: string;
  description: string;
  /** 0 for the default view, 1 for the columns `kubectl get -o wide` adds. */
  priority: number;
}

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  /** PartialObjectMetadata, the full object, or null (includeObject=None). */
  object: unknown;
}

export interface Table {
  kind: 'Table';
  apiVersion: string;
  metadata: ListMeta;
  /** null on the second and later events of a Table watch (no headers). */
  columnDefinitions: TableColumnDefinition[] | null;
  /** null only from the default convertor rendering an empty list, as upstream. */
  rows: TableRow[] | null;
}

/**
 * How one kind turns into table rows: its columns (all of them, wide ones marked with
 * priority 1) and the cells of one object's row, in column order. The apiserver calls
 * `toTable` with it; tests call `cells` directly.
 */
export interface TableConvertor<T = KubeObject> {
  readonly columns: readonly TableColumnDefinition[];
  /** The row's cells for one object, evaluated at `now` (ages are relative to it). */
  cells(object: T, now: Date): unknown[];
  /** Row conditions (pods that have completed carry `Completed`). */
  conditions?(object: T): TableRowCondition[] | undefined;
  /** Reorders a list before printing (FlowSchemas print by matching precedence). */
  order?(objects: readonly T[]): T[];
  /**
   * Set by the default convertor (kinds without a printer): an empty list gives `rows: null`,
   * as upstream's default table convertor never allocates its row slice.
   */
  readonly nullRowsWhenEmpty?: boolean;
}
