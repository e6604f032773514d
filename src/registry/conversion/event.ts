// Event between core/v1 (the storage version) and events.k8s.io/v1, the way kube-apiserver
// converts through its internal version: the same object under other field names (involvedObject
// is regarding, message is note, reportingComponent is reportingController, source,
// firstTimestamp, lastTimestamp and count are the deprecated* fields), everything else as is.
import type { CoreV1Event, EventsV1Event } from '../../api/index.js';
import { INT32, RAW, STRING, TIME, ptr, shape, struct, type JsonObject } from './goJson.js';
import type { ConvertedObject } from './types.js';

const OBJECT_REFERENCE = struct(
  ['kind', STRING, 'omitempty'],
  ['namespace', STRING, 'omitempty'],
  ['name', STRING, 'omitempty'],
  ['uid', STRING, 'omitempty'],
  ['apiVersion', STRING, 'omitempty'],
  ['resourceVersion', STRING, 'omitempty'],
  ['fieldPath', STRING, 'omitempty'],
);
const EVENT_SOURCE = struct(['component', STRING, 'omitempty'], ['host', STRING, 'omitempty']);

const CORE_EVENT = struct(
  ['kind', STRING, 'omitempty'],
  ['apiVersion', STRING, 'omitempty'],
  ['metadata', RAW],
  ['involvedObject', OBJECT_REFERENCE],
  ['reason', STRING, 'omitempty'],
  ['message', STRING, 'omitempty'],
  ['source', EVENT_SOURCE, 'omitempty'],
  ['firstTimestamp', TIME, 'omitempty'],
  ['lastTimestamp', TIME, 'omitempty'],
  ['count', INT32, 'omitempty'],
  ['type', STRING, 'omitempty'],
  ['eventTime', TIME, 'omitempty'],
  ['series', ptr(struct(['count', INT32, 'omitempty'], ['lastObservedTime', TIME, 'omitempty'])), 'omitempty'],
  ['action', STRING, 'omitempty'],
  ['related', ptr(OBJECT_REFERENCE), 'omitempty'],
  ['reportingComponent', STRING],
  ['reportingInstance', STRING],
);

const EVENTS_EVENT = struct(
  ['kind', STRING, 'omitempty'],
  ['apiVersion', STRING, 'omitempty'],
  ['metadata', RAW],
  ['eventTime', TIME],
  ['series', ptr(struct(['count', INT32], ['lastObservedTime', TIME])), 'omitempty'],
  ['reportingController', STRING, 'omitempty'],
  ['reportingInstance', STRING, 'omitempty'],
  ['action', STRING, 'omitempty'],
  ['reason', STRING, 'omitempty'],
  ['regarding', OBJECT_REFERENCE, 'omitempty'],
  ['related', ptr(OBJECT_REFERENCE), 'omitempty'],
  ['note', STRING, 'omitempty'],
  ['type', STRING, 'omitempty'],
  ['deprecatedSource', EVENT_SOURCE, 'omitempty'],
  ['deprecatedFirstTimestamp', TIME, 'omitempty'],
  ['deprecatedLastTimestamp', TIME, 'omitempty'],
  ['deprecatedCount', INT32, 'omitempty'],
);

/** A core/v1 Event as events.k8s.io/v1 shows it (a new object). */
export function eventCoreToEvents(input: JsonObject): ConvertedObject {
  const e = shape(input, CORE_EVENT) as CoreV1Event;
  const out: EventsV1Event = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: e.metadata ?? {},
    eventTime: e.eventTime as string,
    series: e.series as EventsV1Event['series'],
    reportingController: e.reportingComponent,
    reportingInstance: e.reportingInstance,
    action: e.action,
    reason: e.reason,
    regarding: e.involvedObject,
    related: e.related,
    note: e.message,
    type: e.type,
    deprecatedSource: e.source,
    deprecatedFirstTimestamp: e.firstTimestamp,
    deprecatedLastTimestamp: e.lastTimestamp,
    deprecatedCount: e.count,
  };
  return shape(out, EVENTS_EVENT) as ConvertedObject;
}

/** An events.k8s.io/v1 Event as core/v1 stores it (a new object). */
export function eventEventsToCore(input: JsonObject): ConvertedObject {
  const e = shape(input, EVENTS_EVENT) as EventsV1Event;
  const out: CoreV1Event = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: e.metadata ?? {},
    involvedObject: e.regarding ?? {},
    reason: e.reason,
    message: e.note,
    source: e.deprecatedSource,
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    count: e.deprecatedCount,
    type: e.type,
    eventTime: e.eventTime,
    series: e.series,
    action: e.action,
    related: e.related,
    reportingComponent: e.reportingController,
    reportingInstance: e.reportingInstance,
  };
  return shape(out, CORE_EVENT) as ConvertedObject;
}

// field selectors of events.k8s.io/v1, as the core/v1 field labels they select on
const EVENTS_FIELD_LABELS: Record<string, string> = {
  reason: 'reason',
  'regarding.kind': 'involvedObject.kind',
  'regarding.namespace': 'involvedObject.namespace',
  'regarding.name': 'involvedObject.name',
  'regarding.uid': 'involvedObject.uid',
  'regarding.apiVersion': 'involvedObject.apiVersion',
  'regarding.resourceVersion': 'involvedObject.resourceVersion',
  'regarding.fieldPath': 'involvedObject.fieldPath',
  reportingController: 'reportingComponent',
  type: 'type',
  'metadata.namespace': 'metadata.namespace',
  'metadata.name': 'metadata.name',
};

/** The core/v1 field label an events.k8s.io/v1 field selector label means, or undefined when unsupported. */
export function eventsFieldLabel(label: string): string | undefined {
  return Object.hasOwn(EVENTS_FIELD_LABELS, label) ? EVENTS_FIELD_LABELS[label] : undefined;
}
