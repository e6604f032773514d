// Objects of a custom resource: generation tracked on spec changes; with a status
// subresource, a create carries no status and updates of the main resource keep the stored
// one; metadata validated like every object. (Schema validation, pruning and defaulting come
// with structural schemas.)
import type { ResourceInfo } from '../catalog.js';
import type { KubeObject } from '../object.js';
import { BaseStrategy } from '../strategy.js';

export class CustomResourceStrategy extends BaseStrategy {
  override readonly tracksGeneration = true;

  constructor(info: ResourceInfo) {
    super(info);
  }

  override prepareForCreate(object: KubeObject): void {
    if (this.hasStatus) delete object.status;
  }

  override prepareForUpdate(object: KubeObject, old: KubeObject): void {
    if (!this.hasStatus) return;
    if (old.status === undefined) delete object.status;
    else object.status = old.status;
  }
}
