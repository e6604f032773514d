// runtime/events: recording core/v1 Events about objects for `kubectl describe` and
// `kubectl get events`, with repeats folded into one Event's count, as client-go's recorder.
// It imports client-node and src/log only.
export { EventRecorder, type EventSource, type EventType, type InvolvedObject } from './eventRecorder.js';
