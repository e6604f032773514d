// DefaultStorageClass admission: a PersistentVolumeClaim created without storageClassName
// gets the default StorageClass (annotation storageclass.kubernetes.io/is-default-class
// "true"; the newest when there are several). An explicit "" keeps the claim classless.
import type { KubeObject } from '../../registry/object.js';
import type { Registries } from '../../registry/registries.js';

const DEFAULT_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

export async function setDefaultStorageClass(registries: Registries, claim: KubeObject): Promise<void> {
  const spec = (claim.spec ?? {}) as { storageClassName?: string | null };
  if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
  const classes = registries.store('storage.k8s.io', 'v1', 'storageclasses');
  if (!classes) return;
  const { items } = await classes.list(undefined);
  const defaults = items.filter((c) => DEFAULT_ANNOTATIONS.some((a) => c.metadata.annotations?.[a] === 'true'));
  if (defaults.length === 0) return;
  const newest = defaults.reduce((a, b) => (String(b.metadata.creationTimestamp ?? '') > String(a.metadata.creationTimestamp ?? '') ? b : a));
  claim.spec = { ...spec, storageClassName: newest.metadata.name };
}
