// Finalizers on an object, in place: each returns whether it changed anything, so a
// reconciler writes only when needed.
import type { KubernetesObject } from '@kubernetes/client-node';

export function containsFinalizer(object: KubernetesObject, finalizer: string): boolean {
  return (object.metadata?.finalizers ?? []).includes(finalizer);
}

export function addFinalizer(object: KubernetesObject, finalizer: string): boolean {
  if (containsFinalizer(object, finalizer)) return false;
  const metadata = (object.metadata ??= {});
  metadata.finalizers = [...(metadata.finalizers ?? []), finalizer];
  return true;
}

export function removeFinalizer(object: KubernetesObject, finalizer: string): boolean {
  if (!containsFinalizer(object, finalizer)) return false;
  object.metadata!.finalizers = object.metadata!.finalizers!.filter((f) => f !== finalizer);
  return true;
}
