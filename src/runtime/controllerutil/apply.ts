// Server-side apply of a desired object: the reconciler states what it wants, the API server
// merges it and records this controller as the owner of those fields.
import { PatchStrategy, type KubernetesObject, type KubernetesObjectApi } from '@kubernetes/client-node';

export interface ApplyOptions {
  /** The field manager the controller's fields are recorded under. */
  fieldManager: string;
  /** Take fields other managers own (controllers usually do). Default true. */
  force?: boolean;
}

export function apply<T extends KubernetesObject>(client: KubernetesObjectApi, desired: T, options: ApplyOptions): Promise<T> {
  return client.patch(desired, undefined, undefined, options.fieldManager, options.force ?? true, PatchStrategy.ServerSideApply);
}
