// The Table of a custom resource: Name, then the version's additionalPrinterColumns (by
// default an Age column), each cell found by its JSONPath and typed as the column says.
import { JSONPath } from 'jsonpath-plus';
import type { TableConvertor } from '../tables/index.js';
import { timestampSince } from '../tables/index.js';
import { NAME } from '../tables/columns.js';

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

/** What a definition version without printer columns shows. */
export const DEFAULT_PRINTER_COLUMNS: PrinterColumn[] = [{
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
}];

function cell(column: PrinterColumn, object: object, now: Date): unknown {
  const found = JSONPath({ path: `$${column.jsonPath}`, json: object, wrap: true }) as unknown[];
  if (found.length === 0 || found[0] === undefined || found[0] === null) return null;
  const value = found[0];
  switch (column.type) {
    case 'date':
      return typeof value === 'string' ? timestampSince(value, now) : null;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? value : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

export function printerColumnsConvertor(columns: PrinterColumn[] = DEFAULT_PRINTER_COLUMNS): TableConvertor {
  return {
    columns: [NAME, ...columns.map((c) => ({
      name: c.name, type: c.type, format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0,
    }))],
    cells: (object, now) => [object.metadata?.name ?? '', ...columns.map((c) => cell(c, object, now))],
  };
}
