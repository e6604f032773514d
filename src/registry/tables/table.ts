// Renders objects into the meta.k8s.io Table that kube-apiserver returns for
// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`: the columns (all of them, the server
// always prints wide), one row per object, and each row's object as PartialObjectMetadata
// (includeObject=Metadata, the default), the full object (Object) or null (None).
import type { KubeObject, ListMeta, ObjectMeta, Table, TableConvertor, TableRow } from './types.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  /** What each row's `object` holds; `Metadata` when omitted or empty. */
  includeObject?: IncludeObject | '';
  /** The clock ages are computed against; the current time when omitted. */
  now?: Date;
  /**
   * The list's metadata (resourceVersion, continue, remainingItemCount). For a single-object
   * GET, and for each one-row Table of a watch, upstream puts the object's resourceVersion here.
   */
  listMeta?: ListMeta;
  /** Leave the column definitions out (null): the second and later events of a Table watch. */
  noHeaders?: boolean;
  /** The Table's group-version: meta.k8s.io/v1 unless the client asked for v1beta1. */
  apiVersion?: 'meta.k8s.io/v1' | 'meta.k8s.io/v1beta1';
  /**
   * For includeObject=Object: the kind and apiVersion the objects are served as, set on any
   * object that lacks them (kubectl decodes the rows' objects by their type, e.g. for --sort-by).
   */
  typeMeta?: { kind: string; apiVersion: string };
}

/** An includeObject value upstream rejects with 400 BadRequest (this message). */
export class IncludeObjectError extends Error {
  constructor(value: string) {
    super(`unrecognized includeObject value: ${JSON.stringify(value)}`);
    this.name = 'IncludeObjectError';
  }
}

/** ObjectMeta fields in Go's declaration order, which is also their JSON order. */
const OBJECT_META_FIELDS = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
] as const;

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/**
 * The object's metadata as Go serializes an ObjectMeta: empty fields left out, except
 * creationTimestamp, which is null when unset.
 */
export function objectMetaJson(meta: ObjectMeta | undefined): Record<string, unknown> {
  const source = (meta ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of OBJECT_META_FIELDS) {
    const value = source[field];
    if (field === 'creationTimestamp') out[field] = isEmpty(value) ? null : value;
    else if (field === 'deletionGracePeriodSeconds') {
      if (value !== undefined && value !== null) out[field] = value;
    } else if (!isEmpty(value)) out[field] = value;
  }
  return out;
}

/** The PartialObjectMetadata a Table row carries by default. */
export function partialObjectMetadata(
  object: KubeObject,
  apiVersion: string = 'meta.k8s.io/v1',
): { kind: 'PartialObjectMetadata'; apiVersion: string; metadata: Record<string, unknown> } {
  return { kind: 'PartialObjectMetadata', apiVersion, metadata: objectMetaJson(object.metadata) };
}

function listMetaJson(meta: ListMeta | undefined): ListMeta {
  const out: ListMeta = {};
  if (meta?.selfLink) out.selfLink = meta.selfLink;
  if (meta?.resourceVersion) out.resourceVersion = meta.resourceVersion;
  if (meta?.continue) out.continue = meta.continue;
  if (meta?.remainingItemCount !== undefined && meta.remainingItemCount !== null) {
    out.remainingItemCount = meta.remainingItemCount;
  }
  return out;
}

/** The object with kind and apiVersion (first, as Go's TypeMeta); the same object if it has both. */
function withTypeMeta<T extends KubeObject>(object: T, typeMeta: TableOptions['typeMeta']): T {
  if (!typeMeta || (object.kind && object.apiVersion)) return object;
  const { kind, apiVersion, ...rest } = object;
  return { kind: kind || typeMeta.kind, apiVersion: apiVersion || typeMeta.apiVersion, ...rest } as T;
}

/** Renders `objects` (a list's items, or the one object of a GET) with a kind's convertor. */
export function toTable<T extends KubeObject>(
  convertor: TableConvertor<T>,
  objects: readonly T[],
  options: TableOptions = {},
): Table {
  const include = options.includeObject || 'Metadata';
  if (include !== 'None' && include !== 'Metadata' && include !== 'Object') {
    throw new IncludeObjectError(include);
  }
  const apiVersion = options.apiVersion ?? 'meta.k8s.io/v1';
  const now = options.now ?? new Date();
  const items = convertor.order ? convertor.order(objects) : objects;
  const rows: TableRow[] = items.map((object) => {
    const cells = convertor.cells(object, now);
    const conditions = convertor.conditions?.(object);
    let rowObject: unknown = null;
    if (include === 'Object') rowObject = withTypeMeta(object, options.typeMeta);
    else if (include === 'Metadata') rowObject = partialObjectMetadata(object, apiVersion);
    // The key order of Go's TableRow: cells, conditions (omitted when empty), object.
    return conditions && conditions.length > 0
      ? { cells, conditions, object: rowObject }
      : { cells, object: rowObject };
  });
  return {
    kind: 'Table',
    apiVersion,
    metadata: listMetaJson(options.listMeta),
    columnDefinitions: options.noHeaders ? null : convertor.columns.map((c) => ({ ...c })),
    rows: rows.length === 0 && convertor.nullRowsWhenEmpty ? null : rows,
  };
}
