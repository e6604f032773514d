// Table answers for a resource, through the per-kind printers of src/registry/tables.
import type { ResourceInfo } from '../../registry/catalog.js';
import { printerColumnsConvertor } from '../../registry/customresources/printerColumns.js';
import type { KubeObject } from '../../registry/object.js';
import { tableConvertorFor, toTable, type IncludeObject, type ListMeta, type Table } from '../../registry/tables/index.js';

export type { IncludeObject };

export interface TableOptions {
  includeObject: IncludeObject;
  /** meta.k8s.io version of the Table: v1 or v1beta1. */
  version: string;
  listMeta: ListMeta;
  /** Leave the column definitions out (later events of a Table watch). */
  noHeaders?: boolean;
}

export function renderTable(info: ResourceInfo, objects: KubeObject[], options: TableOptions): Table {
  const convertor = info.printerColumns ? printerColumnsConvertor(info.printerColumns) : tableConvertorFor(info.group, info.kind);
  return toTable(convertor, objects as Parameters<typeof toTable>[1], {
    includeObject: options.includeObject,
    listMeta: options.listMeta,
    noHeaders: options.noHeaders,
    apiVersion: options.version === 'v1beta1' ? 'meta.k8s.io/v1beta1' : 'meta.k8s.io/v1',
  });
}
