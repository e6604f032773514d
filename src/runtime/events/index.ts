// runtime/events: recording core/v1 Events about objects for `kubectl describe` and
// `kubectl get events`, through client-go's event correlator (repeats counted on one Event,
// similar events combined, spam held back). It imports client-node and src/log only.
export { EventCorrelator, type CorrelatedEvent, type CorrelationResult } from './eventCorrelator.js';
export { EventRecorder, type EventSource, type EventType, type InvolvedObject } from './eventRecorder.js';
