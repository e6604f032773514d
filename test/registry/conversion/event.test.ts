import { eventCoreToEvents as coreToEvents, eventEventsToCore as eventsToCore } from '../../../src/registry/conversion/index.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const eventCoreToEvents = (o: Obj): Obj => coreToEvents(o);
const eventEventsToCore = (o: Obj): Obj => eventsToCore(o);

const meta = { name: 'web-7d4.17a', namespace: 'default', uid: 'e-1', resourceVersion: '42', creationTimestamp: '2024-05-01T10:00:00Z' };
const pod = { kind: 'Pod', namespace: 'default', name: 'web-7d4', uid: 'p-1', apiVersion: 'v1', resourceVersion: '9', fieldPath: 'spec.containers{app}' };
const node = { kind: 'Node', name: 'node-1' };

/** A core/v1 Event as stored: Go's layout. */
function coreEvent(): Obj {
  return {
    kind: 'Event',
    apiVersion: 'v1',
    metadata: { ...meta },
    involvedObject: pod,
    reason: 'BackOff',
    message: 'Back-off restarting failed container app',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: '2024-05-01T10:00:00Z',
    lastTimestamp: '2024-05-01T10:05:00Z',
    count: 6,
    type: 'Warning',
    eventTime: '2024-05-01T10:00:00.123456Z',
    series: { count: 5, lastObservedTime: '2024-05-01T10:05:00.654321Z' },
    action: 'Restarting',
    related: node,
    reportingComponent: 'kubelet',
    reportingInstance: 'node-1',
  };
}

function eventsEvent(): Obj {
  return {
    kind: 'Event',
    apiVersion: 'events.k8s.io/v1',
    metadata: { ...meta },
    eventTime: '2024-05-01T10:00:00.123456Z',
    series: { count: 5, lastObservedTime: '2024-05-01T10:05:00.654321Z' },
    reportingController: 'kubelet',
    reportingInstance: 'node-1',
    action: 'Restarting',
    reason: 'BackOff',
    regarding: pod,
    related: node,
    note: 'Back-off restarting failed container app',
    type: 'Warning',
    deprecatedSource: { component: 'kubelet', host: 'node-1' },
    deprecatedFirstTimestamp: '2024-05-01T10:00:00Z',
    deprecatedLastTimestamp: '2024-05-01T10:05:00Z',
    deprecatedCount: 6,
  };
}

describe('core/v1 Event read as events.k8s.io/v1', () => {
  test('every field under its events.k8s.io name, in Go order', () => {
    const out = eventCoreToEvents(coreEvent());
    expect(out).toEqual(eventsEvent());
    expect(JSON.stringify(out)).toBe(JSON.stringify(eventsEvent()));
  });

  test('zero values as encoding/json writes them: eventTime null, deprecatedSource {}, empty fields gone', () => {
    const out = eventCoreToEvents({
      kind: 'Event',
      apiVersion: 'v1',
      metadata: { ...meta },
      involvedObject: pod,
      reason: 'Started',
      message: 'Started container app',
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    });
    expect(JSON.stringify(out)).toBe(
      JSON.stringify({
        kind: 'Event',
        apiVersion: 'events.k8s.io/v1',
        metadata: meta,
        eventTime: null,
        reason: 'Started',
        regarding: pod,
        note: 'Started container app',
        deprecatedSource: {},
        deprecatedFirstTimestamp: null,
        deprecatedLastTimestamp: null,
      }),
    );
  });

  test('a series with a zero count keeps count: 0 (not omitempty in events.k8s.io)', () => {
    const e = coreEvent();
    e.series = { lastObservedTime: '2024-05-01T10:05:00.000000Z' };
    expect(eventCoreToEvents(e).series).toEqual({ count: 0, lastObservedTime: '2024-05-01T10:05:00.000000Z' });
  });

  test('the input is not mutated', () => {
    const input = coreEvent();
    const out = eventCoreToEvents(input);
    out.regarding.name = 'changed';
    expect(input).toEqual(coreEvent());
  });
});

describe('events.k8s.io/v1 Event written as core/v1', () => {
  test('every field under its core/v1 name, in Go order', () => {
    const out = eventEventsToCore(eventsEvent());
    expect(out).toEqual(coreEvent());
    expect(JSON.stringify(out)).toBe(JSON.stringify(coreEvent()));
  });

  test('a new-style event: series, eventTime, reportingController, no deprecated fields', () => {
    const out = eventEventsToCore({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { ...meta },
      eventTime: '2024-05-01T10:00:00.000001Z',
      series: { count: 2, lastObservedTime: '2024-05-01T10:01:00.000000Z' },
      reportingController: 'example.com/controller',
      reportingInstance: 'controller-0',
      action: 'Reconcile',
      reason: 'Synced',
      regarding: { kind: 'ConfigMap', namespace: 'default', name: 'cfg' },
      note: 'synced',
      type: 'Normal',
    });
    expect(JSON.stringify(out)).toBe(
      JSON.stringify({
        kind: 'Event',
        apiVersion: 'v1',
        metadata: meta,
        involvedObject: { kind: 'ConfigMap', namespace: 'default', name: 'cfg' },
        reason: 'Synced',
        message: 'synced',
        source: {},
        firstTimestamp: null,
        lastTimestamp: null,
        type: 'Normal',
        eventTime: '2024-05-01T10:00:00.000001Z',
        series: { count: 2, lastObservedTime: '2024-05-01T10:01:00.000000Z' },
        action: 'Reconcile',
        reportingComponent: 'example.com/controller',
        reportingInstance: 'controller-0',
      }),
    );
  });

  test('round trips both ways', () => {
    expect(eventCoreToEvents(eventEventsToCore(eventsEvent()))).toEqual(eventsEvent());
    expect(eventEventsToCore(eventCoreToEvents(coreEvent()))).toEqual(coreEvent());
  });

  test('the input is not mutated', () => {
    const input = eventsEvent();
    eventEventsToCore(input).involvedObject.name = 'changed';
    expect(input).toEqual(eventsEvent());
  });
});
