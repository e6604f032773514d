// A strategy whose only specific behaviour is extra field-selector fields.
import type { ResourceInfo } from '../catalog.js';
import type { KubeObject } from '../object.js';
import { BaseStrategy } from '../strategy.js';

export type FieldGetters = Record<string, (object: KubeObject) => string>;

export class SimpleFieldsStrategy extends BaseStrategy {
  override readonly selectableFields: readonly string[];

  constructor(info: ResourceInfo, private readonly getters: FieldGetters) {
    super(info);
    this.selectableFields = Object.keys(getters);
  }

  override fieldValues(object: KubeObject): Record<string, string> {
    return Object.fromEntries(Object.entries(this.getters).map(([field, get]) => [field, get(object)]));
  }
}
