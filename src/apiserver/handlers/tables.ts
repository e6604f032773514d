// Table output for every resource: the columns `kubectl get` shows. Until per-kind printers
// exist for a resource, upstream's default applies: Name and Created At.
import type { ResourceInfo } from '../../registry/catalog.js';
import type { KubeObject } from '../../registry/object.js';

/** What each Table row carries of its object. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  includeObject: IncludeObject;
  version: string;
  listMeta: Record<string, unknown>;
}

export interface TablePrinter {
  table(objects: KubeObject[], options: TableOptions): object;
}

const defaultColumns = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names', priority: 0 },
  { name: 'Created At', type: 'date', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata', priority: 0 },
];

export function tableFor(_info: ResourceInfo): TablePrinter {
  return {
    table(objects, { includeObject, version, listMeta }) {
      return {
        kind: 'Table',
        apiVersion: `meta.k8s.io/${version}`,
        metadata: listMeta,
        columnDefinitions: defaultColumns,
        rows: objects.map((object) => ({
          cells: [object.metadata.name, object.metadata.creationTimestamp],
          ...(includeObject === 'None' ? {} : {
            object: includeObject === 'Object' ? object
              : { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: object.metadata },
          }),
        })),
      };
    },
  };
}
