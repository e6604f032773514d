// conversion: kube-apiserver v1.33's conversions between the served versions of a resource that
// share one storage, as pure functions over JSON objects. Upstream converts through an internal
// version; these go straight from the served version to the stored one and back, with the same
// result: HorizontalPodAutoscaler autoscaling/v1 ⇄ autoscaling/v2 (stored as v2, the rest of v2
// carried through v1 in annotations) and Event events.k8s.io/v1 ⇄ core/v1 (stored as core/v1).
// Every result is a new object laid out as encoding/json writes the target version (field order,
// zero values, unknown fields gone); metadata passes through apart from the annotations a
// conversion owns. Imports only src/api (types).
import { dropHpaRoundTripAnnotations, hpaV1ToV2, hpaV2ToV1 } from './hpa.js';
import { eventCoreToEvents, eventEventsToCore, eventsFieldLabel } from './event.js';
import type { ConvertedObject, JsonObject } from './types.js';

export {
  BEHAVIOR_ANNOTATION,
  CONDITIONS_ANNOTATION,
  HPA_ROUND_TRIP_ANNOTATIONS,
  METRIC_SPECS_ANNOTATION,
  METRIC_STATUSES_ANNOTATION,
  SCALE_DOWN_TOLERANCE_ANNOTATION,
  SCALE_UP_TOLERANCE_ANNOTATION,
  dropHpaRoundTripAnnotations,
  hpaV1ToV2,
  hpaV2ToV1,
} from './hpa.js';
export { eventCoreToEvents, eventEventsToCore, eventsFieldLabel } from './event.js';
export type { ConvertedObject, JsonObject } from './types.js';

/** Converts one served version of a resource to and from the version it is stored in. */
export interface Converter {
  /** The apiVersion objects are stored in, e.g. `autoscaling/v2` or `v1`. */
  readonly storageVersion: string;
  /** The group and resource the objects are stored under (core `events` for events.k8s.io). */
  readonly storageGroup: string;
  readonly storageResource: string;
  /** A served-version object as stored (a new object; the input is left alone). */
  toStorage(object: JsonObject): ConvertedObject;
  /** A stored object as the served version shows it (a new object; the input is left alone). */
  fromStorage(object: JsonObject): ConvertedObject;
  /**
   * The field label of the stored version a field selector label of the served version means, or
   * undefined when the served version does not support it (upstream: "field label not supported").
   */
  fieldLabel(label: string): string | undefined;
}

const metadataLabels = (label: string): string | undefined =>
  label === 'metadata.name' || label === 'metadata.namespace' ? label : undefined;

const HPA_V1: Converter = {
  storageVersion: 'autoscaling/v2',
  storageGroup: 'autoscaling',
  storageResource: 'horizontalpodautoscalers',
  toStorage: hpaV1ToV2,
  fromStorage: hpaV2ToV1,
  fieldLabel: metadataLabels,
};

const EVENTS_V1: Converter = {
  storageVersion: 'v1',
  storageGroup: '',
  storageResource: 'events',
  toStorage: eventEventsToCore,
  fromStorage: eventCoreToEvents,
  fieldLabel: eventsFieldLabel,
};

const converters: Record<string, Converter> = {
  'autoscaling/v1/horizontalpodautoscalers': HPA_V1,
  'events.k8s.io/v1/events': EVENTS_V1,
};

/**
 * The converter for a served group, version and resource (`horizontalpodautoscalers/status`
 * counts as its resource), or undefined when that version is the stored one or the resource has
 * one version.
 */
export function converterFor(group: string, version: string, resource: string): Converter | undefined {
  const [plural, subresource] = resource.split('/', 2);
  if (subresource !== undefined && subresource !== 'status') return undefined;
  return converters[`${group}/${version}/${plural}`];
}

/**
 * What upstream does to an object written or read in the storage version itself that no converter
 * covers: autoscaling/v2 HorizontalPodAutoscalers lose the round-trip annotations (v2 carries
 * those fields natively). The same object when nothing applies.
 */
export function normalizeStorageVersionObject<T extends JsonObject>(group: string, resource: string, object: T): T {
  return group === 'autoscaling' && resource.split('/')[0] === 'horizontalpodautoscalers' ? dropHpaRoundTripAnnotations(object) : object;
}
