// Adoption and orphaning, as upstream's ControllerRefManager: of the objects a controller
// sees (pods of a ReplicaSet, ReplicaSets of a Deployment, ...), it claims those it controls
// whose labels still match its selector; releases those it controls that no longer match
// (removing its ownerReference); adopts orphans that match (adding a controller reference)
// unless it or the orphan is being deleted; and leaves objects other controllers own alone.
// Adoption first re-reads the controller from the API server once (canAdopt) so a controller
// deleted meanwhile adopts nothing. Both writes are strategic merge patches carrying the
// object's UID as a precondition.
import type { KubernetesObject, V1LabelSelector, V1OwnerReference } from '@kubernetes/client-node';
import { isNotFound, statusCode } from './apiErrors.js';
import { selectorMatches } from './labelSelector.js';
import { controllerRef } from './controllerRef.js';
import type { KindRef } from './objectReference.js';

/** Sends a strategic merge patch to the named object (of the claimed kind). */
export type StrategicPatch = (namespace: string, name: string, patch: object) => Promise<unknown>;

export interface ControllerRefManagerOptions {
  controller: KubernetesObject;
  gvk: KindRef;
  selector: V1LabelSelector | undefined;
  patch: StrategicPatch;
  /** Throws when the controller may not adopt (it is gone, replaced or being deleted). */
  canAdopt: () => Promise<void>;
}

/** The controller reference an object carries, if any. */
export function controllerOwner(object: KubernetesObject): V1OwnerReference | undefined {
  return object.metadata?.ownerReferences?.find((reference) => reference.controller === true);
}

export class ControllerRefManager<T extends KubernetesObject> {
  private adoptable: Promise<void> | undefined;

  constructor(private readonly options: ControllerRefManagerOptions) {}

  /** The objects the controller owns after adopting and releasing, in their given order. */
  async claim(objects: readonly T[]): Promise<T[]> {
    const claimed: T[] = [];
    const errors: unknown[] = [];
    for (const object of objects) {
      try {
        if (await this.claimOne(object)) claimed.push(object);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
    return claimed;
  }

  private async claimOne(object: T): Promise<boolean> {
    const { controller, selector } = this.options;
    const owner = controllerOwner(object);
    const matches = selectorMatches(selector, object.metadata?.labels);
    if (owner) {
      if (owner.uid !== controller.metadata?.uid) return false;
      if (matches) return true;
      if (controller.metadata?.deletionTimestamp) return false;
      await this.release(object);
      return false;
    }
    if (controller.metadata?.deletionTimestamp || !matches) return false;
    if (object.metadata?.deletionTimestamp) return false;
    if (controller.metadata?.namespace && controller.metadata.namespace !== object.metadata?.namespace) return false;
    try {
      await this.adopt(object);
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
    return true;
  }

  private async adopt(object: T): Promise<void> {
    this.adoptable ??= this.options.canAdopt();
    await this.adoptable;
    const { controller, gvk } = this.options;
    const reference = controllerRef(gvk, controller);
    await this.options.patch(object.metadata?.namespace ?? '', object.metadata?.name ?? '', {
      metadata: { ownerReferences: [reference], uid: object.metadata?.uid },
    });
  }

  private async release(object: T): Promise<void> {
    try {
      await this.options.patch(object.metadata?.namespace ?? '', object.metadata?.name ?? '', {
        metadata: { ownerReferences: [{ $patch: 'delete', uid: this.options.controller.metadata?.uid }], uid: object.metadata?.uid },
      });
    } catch (error) {
      // Gone, or its UID changed (a new object of that name): nothing of ours to release.
      if (isNotFound(error) || statusCode(error) === 422) return;
      throw error;
    }
  }
}

/**
 * canAdopt for a controller re-read from the API server: it must still be the same object
 * (same UID) and not be being deleted.
 */
export function recheckDeletionTimestamp(controller: KubernetesObject, read: () => Promise<KubernetesObject>): () => Promise<void> {
  return async () => {
    const fresh = await read();
    const { namespace, name, uid } = controller.metadata ?? {};
    if (fresh.metadata?.uid !== uid) {
      throw new Error(`original ${namespace}/${name} is gone: got uid ${fresh.metadata?.uid}, wanted ${uid}`);
    }
    if (fresh.metadata?.deletionTimestamp) {
      throw new Error(`${namespace}/${name} has just been deleted at ${new Date(fresh.metadata.deletionTimestamp).toISOString()}`);
    }
  };
}
