// Deleting a namespace: it turns Terminating at once, then everything in it is deleted, and
// once nothing is left its `kubernetes` finalizer is removed and it goes. (Upstream splits
// this between the namespace REST storage and the namespace controller; kubets runs the
// second half here until its controller manager takes it over.)
import type { Registries } from './registries.js';
import type { DeleteOptions, DeleteResult } from './store.js';
import { StatusError } from './statusError.js';

export async function deleteNamespace(registries: Registries, name: string, options: DeleteOptions): Promise<DeleteResult> {
  const namespaces = registries.store('', 'v1', 'namespaces')!;
  const result = await namespaces.delete(undefined, name, options);
  if (!result.deleted && !options.dryRun) void emptyAndFinalize(registries, name);
  return result;
}

async function emptyAndFinalize(registries: Registries, name: string): Promise<void> {
  const namespaced = registries.catalog.resources.filter((info) => info.namespaced && info.verbs.includes('deletecollection'));
  for (let attempt = 0; attempt < 600; attempt++) {
    let remaining = 0;
    for (const info of namespaced) {
      const store = registries.store(info.group, info.version, info.resource);
      if (!store) continue;
      const left = await store.deleteCollection(name, {}, { propagationPolicy: 'Background' });
      remaining += left.length;
    }
    if (remaining === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const namespaces = registries.store('', 'v1', 'namespaces')!;
  try {
    await namespaces.guaranteedUpdate(undefined, name, async (current) => ({ ...current, spec: { ...(current.spec as object), finalizers: [] } }), { subresource: 'finalize' });
  } catch (error) {
    if (!(error instanceof StatusError && error.code === 404)) throw error;
  }
}
