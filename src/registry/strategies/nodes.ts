// Nodes: cluster-scoped; `spec.unschedulable` is selectable. As upstream, a Node may be created
// with its status (node agents register with their capacity and conditions in one request);
// afterwards status changes only through the status subresource.
import type { KubeObject } from '../object.js';
import { SimpleFieldsStrategy } from './simpleFields.js';
import type { ResourceInfo } from '../catalog.js';

export class NodeStrategy extends SimpleFieldsStrategy {
  constructor(info: ResourceInfo) {
    super(info, { 'spec.unschedulable': (o) => String((o.spec as { unschedulable?: boolean } | undefined)?.unschedulable ?? false) });
  }

  override prepareForCreate(_object: KubeObject): void {}
}
