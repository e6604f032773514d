// Namespaces: a new namespace is Active with the `kubernetes` finalizer in its spec and its
// name as a label; deleting one marks it Terminating, and it stays until the finalizer is
// removed through the finalize subresource.
import type { Namespace } from '../../api/index.js';
import { canonicalizeNamespace, prepareNamespaceForCreate, prepareNamespaceForUpdate } from '../defaults/index.js';
import type { ResourceInfo } from '../catalog.js';
import type { KubeObject } from '../object.js';
import { SimpleFieldsStrategy } from './simpleFields.js';

export class NamespaceStrategy extends SimpleFieldsStrategy {
  constructor(info: ResourceInfo) {
    super(info, { 'status.phase': (o) => String((o.status as { phase?: string } | undefined)?.phase ?? '') });
  }

  override prepareForCreate(object: KubeObject): void {
    prepareNamespaceForCreate(object as unknown as Namespace);
    canonicalizeNamespace(object as unknown as Namespace);
  }

  override prepareForUpdate(object: KubeObject, old: KubeObject): void {
    prepareNamespaceForUpdate(object as unknown as Namespace, old as unknown as Namespace);
    canonicalizeNamespace(object as unknown as Namespace);
  }

  override holdsOnDelete(object: KubeObject): boolean {
    return ((object.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).length > 0;
  }

  override prepareForDeletion(object: KubeObject): void {
    object.status = { ...(object.status as object), phase: 'Terminating' };
  }
}
