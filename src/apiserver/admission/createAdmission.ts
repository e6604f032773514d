// The admission plugins run on create, after namespace lifecycle and before the registry
// defaults, validates and stores the object: mutating ones first (Priority,
// DefaultTolerationSeconds, DefaultStorageClass), then the validating ones (Priority for
// PriorityClasses, ResourceQuota). A generateName is resolved first, so refusals name the
// object as upstream's do.
import type { KubeObject } from '../../registry/object.js';
import type { Registries } from '../../registry/registries.js';
import { randomSuffix, type Store } from '../../registry/store.js';
import { setDefaultStorageClass } from './defaultStorageClass.js';
import { addDefaultTolerations } from './defaultTolerationSeconds.js';
import { admitPodPriority, admitPriorityClass } from './priority.js';
import { admitResourceQuota } from './resourceQuota.js';

export async function admitCreate(registries: Registries, store: Store, namespace: string | undefined, object: KubeObject, dryRun: boolean): Promise<void> {
  const { group, resource } = store.info;
  if (object.metadata && !object.metadata.name && object.metadata.generateName) object.metadata.name = object.metadata.generateName + randomSuffix();
  if (group === '' && resource === 'pods') {
    await admitPodPriority(registries, store, object);
    addDefaultTolerations(object);
  }
  if (group === '' && resource === 'persistentvolumeclaims') await setDefaultStorageClass(registries, object);
  if (group === 'scheduling.k8s.io' && resource === 'priorityclasses') await admitPriorityClass(registries, store, object, 'create');
  if (namespace !== undefined) await admitResourceQuota(registries, store, namespace, object, dryRun);
}
