// Namespaces: a new namespace is Active with the `kubernetes` finalizer; deleting one marks
// it Terminating (the namespace controller empties it and removes the finalizer).
import type { KubeObject } from '../object.js';
import { SimpleFieldsStrategy } from './simpleFields.js';
import type { ResourceInfo } from '../catalog.js';

export class NamespaceStrategy extends SimpleFieldsStrategy {
  constructor(info: ResourceInfo) {
    super(info, { 'status.phase': (o) => String((o.status as { phase?: string } | undefined)?.phase ?? '') });
  }

  override prepareForCreate(object: KubeObject): void {
    object.spec = { finalizers: ['kubernetes'] };
    object.status = { phase: 'Active' };
    object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': object.metadata.name! };
  }

  override holdsOnDelete(object: KubeObject): boolean {
    return ((object.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).length > 0;
  }

  override prepareForDeletion(object: KubeObject): void {
    object.status = { ...(object.status as object), phase: 'Terminating' };
  }

  override prepareForUpdate(object: KubeObject, old: KubeObject): void {
    object.spec = old.spec;
    object.status = old.status;
    object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': object.metadata.name! };
  }
}
