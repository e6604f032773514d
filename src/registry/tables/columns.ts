// Column definitions and the cell helpers most printers share: name, age, container lists,
// `a,b,c + 2 more...` lists, Go-style booleans.
import { FIELD_DOCS, type FieldDoc } from './fieldDocs.js';
import { timestampSince } from './humanDuration.js';
import type { KubeObject, TableColumnDefinition, TableConvertor } from './types.js';

/** The upstream description of an API field. */
export function doc(field: FieldDoc): string {
  return FIELD_DOCS[field];
}

/** One column definition; `wide` columns (priority 1) show only with `kubectl get -o wide`. */
export function column(
  name: string,
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date',
  description: string,
  options: { wide?: boolean; format?: 'name' } = {},
): TableColumnDefinition {
  return { name, type, format: options.format ?? '', description, priority: options.wide ? 1 : 0 };
}

/** The Name column most kinds start with. */
export const NAME = column('Name', 'string', doc('meta/v1.ObjectMeta.name'), { format: 'name' });
/** The Age column: the object's creation time as a human duration. */
export const AGE = column('Age', 'string', doc('meta/v1.ObjectMeta.creationTimestamp'));

/** Types a convertor for one kind (the registry holds them as TableConvertor<KubeObject>). */
export function defineTable<T>(convertor: TableConvertor<T>): TableConvertor<T> {
  return convertor;
}

export function nameOf(object: KubeObject): string {
  return object.metadata?.name ?? '';
}

export function ageOf(object: KubeObject, now: Date): string {
  return timestampSince(object.metadata?.creationTimestamp, now);
}

/** The CONTAINERS and IMAGES columns of a kind with a pod template (`wide` for the workloads). */
export function templateColumns(options: { wide?: boolean } = {}): TableColumnDefinition[] {
  return [
    column('Containers', 'string', 'Names of each container in the template.', options),
    column('Images', 'string', 'Images referenced by each container in the template.', options),
  ];
}

/** The CONTAINERS and IMAGES cells: names and images joined by commas. */
export function containerCells(containers: readonly { name: string; image?: string }[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

/** `a,b,c + N more...` for a list cut at `max`; `<unset>` when empty. */
export function listWithMore(list: readonly string[], more: boolean, count: number, max: number): string {
  const joined = list.join(',');
  if (more) return `${joined} + ${count - max} more...`;
  return joined === '' ? '<unset>' : joined;
}

/** A *bool as the printers show it: `True`, `False` or `<unset>`. */
export function boolPointer(value: boolean | undefined | null): string {
  if (value === undefined || value === null) return '<unset>';
  return value ? 'True' : 'False';
}
