// Workloads whose registry strategies add to the generic behaviour: a Job gets its generated
// selector and labels (unless it sets manualSelector); a DaemonSet tracks its template
// generation in an annotation.
import type { DaemonSet, Job } from '../../api/index.js';
import { generateJobSelector, prepareDaemonSetForCreate, prepareDaemonSetForUpdate } from '../defaults/index.js';
import type { KubeObject } from '../object.js';
import { BaseStrategy } from '../strategy.js';
import { SimpleFieldsStrategy } from './simpleFields.js';

export class JobStrategy extends SimpleFieldsStrategy {
  override prepareForCreate(object: KubeObject): void {
    super.prepareForCreate(object);
    generateJobSelector(object as unknown as Job);
  }
}

export class DaemonSetStrategy extends BaseStrategy {
  override prepareForCreate(object: KubeObject): void {
    super.prepareForCreate(object);
    prepareDaemonSetForCreate(object as unknown as DaemonSet);
  }

  override prepareForUpdate(object: KubeObject, old: KubeObject): void {
    super.prepareForUpdate(object, old);
    prepareDaemonSetForUpdate(object as unknown as DaemonSet, old as unknown as DaemonSet);
  }
}
