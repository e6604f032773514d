// Nodes: cluster-scoped; `spec.unschedulable` is selectable.
import { SimpleFieldsStrategy } from './simpleFields.js';
import type { ResourceInfo } from '../catalog.js';

export class NodeStrategy extends SimpleFieldsStrategy {
  constructor(info: ResourceInfo) {
    super(info, { 'spec.unschedulable': (o) => String((o.spec as { unschedulable?: boolean } | undefined)?.unschedulable ?? false) });
  }
}
