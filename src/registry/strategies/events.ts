// Events: the involved object's fields, reason, source and type are selectable (core/v1
// field names; events.k8s.io/v1 objects expose the same through regarding/reportingController).
import type { KubeObject } from '../object.js';
import { SimpleFieldsStrategy } from './simpleFields.js';
import type { ResourceInfo } from '../catalog.js';

type Ref = { kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string; resourceVersion?: string; fieldPath?: string };

function ref(o: KubeObject): Ref {
  return ((o.involvedObject ?? o.regarding) ?? {}) as Ref;
}

export class EventStrategy extends SimpleFieldsStrategy {
  constructor(info: ResourceInfo) {
    super(info, {
      'involvedObject.kind': (o) => ref(o).kind ?? '',
      'involvedObject.namespace': (o) => ref(o).namespace ?? '',
      'involvedObject.name': (o) => ref(o).name ?? '',
      'involvedObject.uid': (o) => ref(o).uid ?? '',
      'involvedObject.apiVersion': (o) => ref(o).apiVersion ?? '',
      'involvedObject.resourceVersion': (o) => ref(o).resourceVersion ?? '',
      'involvedObject.fieldPath': (o) => ref(o).fieldPath ?? '',
      reason: (o) => String(o.reason ?? ''),
      reportingComponent: (o) => String(o.reportingComponent ?? o.reportingController ?? ''),
      source: (o) => String((o.source as { component?: string } | undefined)?.component ?? o.reportingController ?? ''),
      type: (o) => String(o.type ?? ''),
    });
  }
}
