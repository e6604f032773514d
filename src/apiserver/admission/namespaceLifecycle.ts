// Namespace lifecycle admission: nothing is created in a namespace that does not exist or is
// being deleted, and the system namespaces cannot be deleted.
import type { Registries } from '../../registry/registries.js';
import type { Store } from '../../registry/store.js';
import { StatusError } from '../../registry/statusError.js';

/** Namespaces that always exist. */
const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];

export async function admitCreateInNamespace(registries: Registries, store: Store, namespace: string, name: string | undefined): Promise<void> {
  const namespaces = registries.store('', 'v1', 'namespaces')!;
  const found = await namespaces.get(undefined, namespace).catch((error: unknown) => {
    if (error instanceof StatusError && error.code === 404) throw StatusError.notFound({ group: '', resource: 'namespaces' }, namespace);
    throw error;
  });
  if (found.metadata.deletionTimestamp || (found.status as { phase?: string } | undefined)?.phase === 'Terminating') {
    const error = StatusError.forbidden(store.target, name ?? '', `unable to create new content in namespace ${namespace} because it is being terminated`);
    error.status.details = { ...error.status.details, causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }] };
    throw error;
  }
}

export function admitNamespaceDelete(name: string): void {
  if (IMMORTAL_NAMESPACES.includes(name)) {
    throw StatusError.forbidden({ group: '', resource: 'namespaces' }, name, 'this namespace may not be deleted');
  }
}
