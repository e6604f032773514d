// The admission plugins that look at updates of a main resource (not its subresources), run
// on the new object before the registry validates and stores it: Priority keeps a single
// globalDefault PriorityClass.
import type { KubeObject } from '../../registry/object.js';
import type { Registries } from '../../registry/registries.js';
import type { Store } from '../../registry/store.js';
import { admitPriorityClass } from './priority.js';

export async function admitUpdate(registries: Registries, store: Store, object: KubeObject): Promise<void> {
  const { group, resource } = store.info;
  if (group === 'scheduling.k8s.io' && resource === 'priorityclasses') await admitPriorityClass(registries, store, object, 'update');
}
