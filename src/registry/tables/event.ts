// The Event table, shared by core/v1 and events.k8s.io/v1 (upstream serves both from one
// storage and prints the internal Event): LAST SEEN, TYPE, REASON, OBJECT (`pod/web-1`),
// MESSAGE, and wide SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME. An events.k8s.io/v1 Event is
// read through the same field mapping upstream's conversion uses (regarding → involvedObject,
// note → message, deprecated* → the old timestamps, count and source).
import type { CoreV1Event, EventsV1Event } from '../../api/index.js';
import { NAME, column, defineTable, doc } from './columns.js';
import { parseTimestamp, timestampSince } from './humanDuration.js';

/** The fields the printer reads, named as on the internal (core) Event. */
export interface EventFields {
  name: string;
  type: string;
  reason: string;
  message: string;
  involvedObject: { kind?: string; name?: string; fieldPath?: string };
  source: { component?: string; host?: string };
  reportingController: string;
  reportingInstance: string;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  count: number;
  series?: { count?: number; lastObservedTime?: string };
}

export function coreEventFields(e: CoreV1Event): EventFields {
  return {
    name: e.metadata?.name ?? '',
    type: e.type ?? '',
    reason: e.reason ?? '',
    message: e.message ?? '',
    involvedObject: e.involvedObject ?? {},
    source: e.source ?? {},
    reportingController: e.reportingComponent ?? '',
    reportingInstance: e.reportingInstance ?? '',
    firstTimestamp: e.firstTimestamp,
    lastTimestamp: e.lastTimestamp,
    eventTime: e.eventTime,
    count: e.count ?? 0,
    series: e.series,
  };
}

export function eventsV1EventFields(e: EventsV1Event): EventFields {
  return {
    name: e.metadata?.name ?? '',
    type: e.type ?? '',
    reason: e.reason ?? '',
    message: e.note ?? '',
    involvedObject: e.regarding ?? {},
    source: e.deprecatedSource ?? {},
    reportingController: e.reportingController ?? '',
    reportingInstance: e.reportingInstance ?? '',
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    eventTime: e.eventTime,
    count: e.deprecatedCount ?? 0,
    series: e.series,
  };
}

/** `component, host`, each falling back to the reporting controller / instance. */
function eventSource(e: EventFields): string {
  const component = e.source.component || e.reportingController;
  const instance = e.source.host || e.reportingInstance;
  return instance ? `${component}, ${instance}` : component;
}

export function eventCells(e: EventFields, now: Date): unknown[] {
  const firstSeen =
    parseTimestamp(e.firstTimestamp) !== undefined ? timestampSince(e.firstTimestamp, now) : timestampSince(e.eventTime, now);
  let lastSeen = timestampSince(e.lastTimestamp, now);
  if (lastSeen === '<unknown>') lastSeen = firstSeen;
  let count = e.count;
  if (e.series) {
    lastSeen = timestampSince(e.series.lastObservedTime, now);
    count = e.series.count ?? 0;
  } else if (count === 0) {
    count = 1; // singleton events of the new API carry no count
  }
  const kind = (e.involvedObject.kind ?? '').toLowerCase();
  const target = e.involvedObject.name ? `${kind}/${e.involvedObject.name}` : kind;
  return [
    lastSeen,
    e.type,
    e.reason,
    target,
    e.involvedObject.fieldPath ?? '',
    eventSource(e),
    e.message.trim(),
    firstSeen,
    count,
    e.name,
  ];
}

const columns = [
  column('Last Seen', 'string', doc('core/v1.Event.lastTimestamp')),
  column('Type', 'string', doc('core/v1.Event.type')),
  column('Reason', 'string', doc('core/v1.Event.reason')),
  column('Object', 'string', doc('core/v1.Event.involvedObject')),
  column('Subobject', 'string', doc('core/v1.ObjectReference.fieldPath'), { wide: true }),
  column('Source', 'string', doc('core/v1.Event.source'), { wide: true }),
  column('Message', 'string', doc('core/v1.Event.message')),
  column('First Seen', 'string', doc('core/v1.Event.firstTimestamp'), { wide: true }),
  column('Count', 'string', doc('core/v1.Event.count'), { wide: true }),
  { ...NAME, priority: 1 },
];

/** Whether an Event is in the events.k8s.io shape (by apiVersion, else by its fields). */
function isEventsV1(event: CoreV1Event | EventsV1Event): event is EventsV1Event {
  if (event.apiVersion) return event.apiVersion.startsWith('events.k8s.io/');
  return 'regarding' in event || 'note' in event || 'reportingController' in event || 'deprecatedCount' in event;
}

/** One table for both Event kinds: the object's own shape says how to read it. */
export const eventTable = defineTable<CoreV1Event | EventsV1Event>({
  columns,
  cells: (event, now) => eventCells(isEventsV1(event) ? eventsV1EventFields(event) : coreEventFields(event), now),
});
