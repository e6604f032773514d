// Shared test clock and helpers: objects are dated relative to NOW, rows are read through the
// public API the apiserver uses.
import { tableConvertorFor } from '../../../src/registry/tables/index.js';

export const NOW = new Date('2025-06-01T12:00:00Z');

/** An RFC 3339 time `seconds` before NOW. */
export function ago(seconds: number): string {
  return new Date(NOW.getTime() - seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

export const MIN = 60;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** The cells of one object's row for a group/kind. */
export function cells(group: string, kind: string, object: object): unknown[] {
  return tableConvertorFor(group, kind).cells(object, NOW);
}

/** The non-wide cells, as `kubectl get` without `-o wide` shows them. */
export function narrowCells(group: string, kind: string, object: object): unknown[] {
  const convertor = tableConvertorFor(group, kind);
  const all = convertor.cells(object, NOW);
  return all.filter((_, i) => (convertor.columns[i]?.priority ?? 0) === 0);
}

/** `NAME` or `NAME*` (wide) for each column. */
export function columnNames(group: string, kind: string): string[] {
  return tableConvertorFor(group, kind).columns.map((c) => (c.priority === 1 ? `${c.name}*` : c.name));
}
