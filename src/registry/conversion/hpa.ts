// HorizontalPodAutoscaler between autoscaling/v1 and autoscaling/v2 (the storage version), the way
// kube-apiserver converts through its internal version. v1 holds one CPU utilization target and
// reading; everything else of v2 rides in v1 annotations whose values are JSON: the other metric
// specs and all current metrics in the v2beta1-style v1 metric structs, the conditions as v1
// conditions, and spec.behavior in the internal type's encoding (Go field names, no omitempty).
// Written back through v1, those annotations are read again (one that does not decode is
// ignored) and dropped from the stored object.
import type { AutoscalingV1HorizontalPodAutoscaler, HorizontalPodAutoscaler } from '../../api/index.js';
import {
  INT32,
  INT64,
  QUANTITY,
  RAW,
  STRING,
  TIME,
  decodeText,
  encode,
  isObject,
  map,
  ptr,
  shape,
  slice,
  struct,
  type JsonObject,
} from './goJson.js';
import type { ConvertedObject } from './types.js';

/** The non-CPU-utilization metric specs of a v2 object read as v1 (v1 MetricSpec JSON list). */
export const METRIC_SPECS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
/** Every current metric of a v2 object read as v1 (v1 MetricStatus JSON list). */
export const METRIC_STATUSES_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
/** The conditions of a v2 object read as v1 (v1 HorizontalPodAutoscalerCondition JSON list). */
export const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
/** spec.behavior of a v2 object read as v1 (internal HorizontalPodAutoscalerBehavior JSON). */
export const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
/** Written only by the autoscaling/v2beta2 conversion (not served), but owned and dropped here too. */
export const SCALE_DOWN_TOLERANCE_ANNOTATION = 'autoscaling.alpha.kubernetes.io/scale-down-tolerance';
export const SCALE_UP_TOLERANCE_ANNOTATION = 'autoscaling.alpha.kubernetes.io/scale-up-tolerance';

/** Every annotation the HPA conversions own: removed on each conversion before any is set. */
export const HPA_ROUND_TRIP_ANNOTATIONS: readonly string[] = [
  METRIC_SPECS_ANNOTATION,
  BEHAVIOR_ANNOTATION,
  SCALE_DOWN_TOLERANCE_ANNOTATION,
  SCALE_UP_TOLERANCE_ANNOTATION,
  METRIC_STATUSES_ANNOTATION,
  CONDITIONS_ANNOTATION,
];

/** The CPU utilization target v1 conversion sets when no metric is left (autoscaling/v1's old implicit default). */
const DEFAULT_CPU_UTILIZATION = 80;

// ---- Go structs ------------------------------------------------------------------------------

const LABEL_SELECTOR = struct(
  ['matchLabels', map(STRING), 'omitempty'],
  ['matchExpressions', slice(struct(['key', STRING], ['operator', STRING], ['values', slice(STRING), 'omitempty'])), 'omitempty'],
);
const XREF = struct(['kind', STRING], ['name', STRING], ['apiVersion', STRING, 'omitempty']);
const CONDITION = struct(
  ['type', STRING],
  ['status', STRING],
  ['lastTransitionTime', TIME, 'omitempty'],
  ['reason', STRING, 'omitempty'],
  ['message', STRING, 'omitempty'],
);

// autoscaling/v1's metric structs (the v2beta1 shapes, kept in v1 for these annotations)
const V1_METRIC_SPEC = struct(
  ['type', STRING],
  ['object', ptr(struct(['target', XREF], ['metricName', STRING], ['targetValue', QUANTITY], ['selector', ptr(LABEL_SELECTOR), 'omitempty'], ['averageValue', ptr(QUANTITY), 'omitempty'])), 'omitempty'],
  ['pods', ptr(struct(['metricName', STRING], ['targetAverageValue', QUANTITY], ['selector', ptr(LABEL_SELECTOR), 'omitempty'])), 'omitempty'],
  ['resource', ptr(struct(['name', STRING], ['targetAverageUtilization', ptr(INT32), 'omitempty'], ['targetAverageValue', ptr(QUANTITY), 'omitempty'])), 'omitempty'],
  ['containerResource', ptr(struct(['name', STRING], ['targetAverageUtilization', ptr(INT32), 'omitempty'], ['targetAverageValue', ptr(QUANTITY), 'omitempty'], ['container', STRING])), 'omitempty'],
  ['external', ptr(struct(['metricName', STRING], ['metricSelector', ptr(LABEL_SELECTOR), 'omitempty'], ['targetValue', ptr(QUANTITY), 'omitempty'], ['targetAverageValue', ptr(QUANTITY), 'omitempty'])), 'omitempty'],
);
const V1_METRIC_STATUS = struct(
  ['type', STRING],
  ['object', ptr(struct(['target', XREF], ['metricName', STRING], ['currentValue', QUANTITY], ['selector', ptr(LABEL_SELECTOR), 'omitempty'], ['averageValue', ptr(QUANTITY), 'omitempty'])), 'omitempty'],
  ['pods', ptr(struct(['metricName', STRING], ['currentAverageValue', QUANTITY], ['selector', ptr(LABEL_SELECTOR), 'omitempty'])), 'omitempty'],
  ['resource', ptr(struct(['name', STRING], ['currentAverageUtilization', ptr(INT32), 'omitempty'], ['currentAverageValue', QUANTITY])), 'omitempty'],
  ['containerResource', ptr(struct(['name', STRING], ['currentAverageUtilization', ptr(INT32), 'omitempty'], ['currentAverageValue', QUANTITY], ['container', STRING])), 'omitempty'],
  ['external', ptr(struct(['metricName', STRING], ['metricSelector', ptr(LABEL_SELECTOR), 'omitempty'], ['currentValue', QUANTITY], ['currentAverageValue', ptr(QUANTITY), 'omitempty'])), 'omitempty'],
);

// the internal HorizontalPodAutoscalerBehavior: no json tags, so Go field names and no omitempty
const INTERNAL_RULES = struct(
  ['StabilizationWindowSeconds', ptr(INT32)],
  ['SelectPolicy', ptr(STRING)],
  ['Policies', slice(struct(['Type', STRING], ['Value', INT32], ['PeriodSeconds', INT32]))],
  ['Tolerance', ptr(QUANTITY)],
);
const INTERNAL_BEHAVIOR = struct(['ScaleUp', ptr(INTERNAL_RULES)], ['ScaleDown', ptr(INTERNAL_RULES)]);

const V1_HPA = struct(
  ['kind', STRING, 'omitempty'],
  ['apiVersion', STRING, 'omitempty'],
  ['metadata', RAW],
  ['spec', struct(['scaleTargetRef', XREF], ['minReplicas', ptr(INT32), 'omitempty'], ['maxReplicas', INT32], ['targetCPUUtilizationPercentage', ptr(INT32), 'omitempty'])],
  ['status', struct(['observedGeneration', ptr(INT64), 'omitempty'], ['lastScaleTime', ptr(TIME), 'omitempty'], ['currentReplicas', INT32], ['desiredReplicas', INT32], ['currentCPUUtilizationPercentage', ptr(INT32), 'omitempty'])],
);

const METRIC_ID = struct(['name', STRING], ['selector', ptr(LABEL_SELECTOR), 'omitempty']);
const TARGET = struct(['type', STRING], ['value', ptr(QUANTITY), 'omitempty'], ['averageValue', ptr(QUANTITY), 'omitempty'], ['averageUtilization', ptr(INT32), 'omitempty']);
const CURRENT = struct(['value', ptr(QUANTITY), 'omitempty'], ['averageValue', ptr(QUANTITY), 'omitempty'], ['averageUtilization', ptr(INT32), 'omitempty']);
const V2_RULES = struct(
  ['stabilizationWindowSeconds', ptr(INT32), 'omitempty'],
  ['selectPolicy', ptr(STRING), 'omitempty'],
  ['policies', slice(struct(['type', STRING], ['value', INT32], ['periodSeconds', INT32])), 'omitempty'],
  ['tolerance', ptr(QUANTITY), 'omitempty'],
);
const V2_HPA = struct(
  ['kind', STRING, 'omitempty'],
  ['apiVersion', STRING, 'omitempty'],
  ['metadata', RAW],
  ['spec', struct(
    ['scaleTargetRef', XREF],
    ['minReplicas', ptr(INT32), 'omitempty'],
    ['maxReplicas', INT32],
    ['metrics', slice(struct(
      ['type', STRING],
      ['object', ptr(struct(['describedObject', XREF], ['target', TARGET], ['metric', METRIC_ID])), 'omitempty'],
      ['pods', ptr(struct(['metric', METRIC_ID], ['target', TARGET])), 'omitempty'],
      ['resource', ptr(struct(['name', STRING], ['target', TARGET])), 'omitempty'],
      ['containerResource', ptr(struct(['name', STRING], ['target', TARGET], ['container', STRING])), 'omitempty'],
      ['external', ptr(struct(['metric', METRIC_ID], ['target', TARGET])), 'omitempty'],
    )), 'omitempty'],
    ['behavior', ptr(struct(['scaleUp', ptr(V2_RULES), 'omitempty'], ['scaleDown', ptr(V2_RULES), 'omitempty'])), 'omitempty'],
  )],
  ['status', struct(
    ['observedGeneration', ptr(INT64), 'omitempty'],
    ['lastScaleTime', ptr(TIME), 'omitempty'],
    ['currentReplicas', INT32, 'omitempty'],
    ['desiredReplicas', INT32],
    ['currentMetrics', slice(struct(
      ['type', STRING],
      ['object', ptr(struct(['metric', METRIC_ID], ['current', CURRENT], ['describedObject', XREF])), 'omitempty'],
      ['pods', ptr(struct(['metric', METRIC_ID], ['current', CURRENT])), 'omitempty'],
      ['resource', ptr(struct(['name', STRING], ['current', CURRENT])), 'omitempty'],
      ['containerResource', ptr(struct(['name', STRING], ['current', CURRENT], ['container', STRING])), 'omitempty'],
      ['external', ptr(struct(['metric', METRIC_ID], ['current', CURRENT])), 'omitempty'],
    ))],
    ['conditions', slice(CONDITION), 'omitempty'],
  )],
);

// ---- helpers ---------------------------------------------------------------------------------

type V2 = HorizontalPodAutoscaler;
type V2Spec = NonNullable<V2['spec']>;
type V2Status = NonNullable<V2['status']>;
type V2Metric = NonNullable<V2Spec['metrics']>[number];
type V2MetricStatus = NonNullable<V2Status['currentMetrics']>[number];
type V2Behavior = NonNullable<V2Spec['behavior']>;
type V2Rules = NonNullable<V2Behavior['scaleUp']>;
type V1 = AutoscalingV1HorizontalPodAutoscaler;
type Selector = NonNullable<NonNullable<V2Metric['pods']>['metric']['selector']>;

/** A shaped (Go-laid-out) object's nested struct: never missing, but typed loosely. */
type Loose = JsonObject;

const nil = (value: unknown): value is null | undefined => value === undefined || value === null;
const obj = (value: unknown): Loose => (isObject(value) ? value : {});
const items = (value: unknown): Loose[] => (Array.isArray(value) ? value.map(obj) : []);
/** A pointer field of a shaped object: the struct, or undefined when nil. */
const opt = (value: unknown): Loose | undefined => (isObject(value) ? value : undefined);

function isCpuUtilizationTarget(metric: Loose): boolean {
  const resource = opt(metric.resource);
  return metric.type === 'Resource' && resource !== undefined && resource.name === 'cpu' && !nil(obj(resource.target).averageUtilization);
}

function cpuUtilizationMetric(percent: number): V2Metric {
  return { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: percent } } };
}

/** The object's annotations less the ones the conversions own. */
function withoutRoundTrip(annotations: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(obj(annotations))) {
    if (!HPA_ROUND_TRIP_ANNOTATIONS.includes(key)) out[key] = value as string;
  }
  return out;
}

function hasRoundTrip(annotations: unknown): boolean {
  return Object.keys(obj(annotations)).some((k) => HPA_ROUND_TRIP_ANNOTATIONS.includes(k));
}

/**
 * metadata with `annotations` replaced: keys in encoding/json's sorted order, left out when
 * empty (an empty map is omitted).
 */
function withAnnotations(metadata: unknown, annotations: Record<string, string>): JsonObject {
  const out = { ...obj(metadata) };
  if (Object.keys(annotations).length > 0) out.annotations = shape(annotations, map(STRING));
  else delete out.annotations;
  return out;
}

/**
 * The object with the round-trip annotations removed, as upstream's conversions to and from
 * autoscaling/v2 remove them (the same object when it has none).
 */
export function dropHpaRoundTripAnnotations<T extends JsonObject>(object: T): T {
  const metadata = obj(object.metadata);
  if (!hasRoundTrip(metadata.annotations)) return object;
  return { ...object, metadata: withAnnotations(metadata, withoutRoundTrip(metadata.annotations)) };
}

// ---- v2 -> v1 --------------------------------------------------------------------------------

/** A v2 metric as v1 shows it: a spec's target (`target*` fields) or a status's current
 * values (`current*` fields), which share one layout. */
function metricToV1(m: Loose, side: 'target' | 'current'): JsonObject {
  const object = opt(m.object);
  const pods = opt(m.pods);
  const resource = opt(m.resource);
  const container = opt(m.containerResource);
  const external = opt(m.external);
  const values = (source: Loose) => obj(source[side]);
  return {
    type: m.type,
    object: object && {
      target: object.describedObject,
      metricName: obj(object.metric).name,
      [`${side}Value`]: values(object).value,
      selector: obj(object.metric).selector,
      averageValue: values(object).averageValue,
    },
    pods: pods && {
      metricName: obj(pods.metric).name,
      [`${side}AverageValue`]: values(pods).averageValue,
      selector: obj(pods.metric).selector,
    },
    resource: resource && {
      name: resource.name,
      [`${side}AverageUtilization`]: values(resource).averageUtilization,
      [`${side}AverageValue`]: values(resource).averageValue,
    },
    containerResource: container && {
      name: container.name,
      [`${side}AverageUtilization`]: values(container).averageUtilization,
      [`${side}AverageValue`]: values(container).averageValue,
      container: container.container,
    },
    external: external && {
      metricName: obj(external.metric).name,
      metricSelector: obj(external.metric).selector,
      [`${side}Value`]: values(external).value,
      [`${side}AverageValue`]: values(external).averageValue,
    },
  };
}

function metricSpecToV1(m: Loose): JsonObject {
  return metricToV1(m, 'target');
}

function metricStatusToV1(m: Loose): JsonObject {
  return metricToV1(m, 'current');
}

function rulesToInternal(rules: Loose | undefined): JsonObject | undefined {
  if (!rules) return undefined;
  return {
    StabilizationWindowSeconds: rules.stabilizationWindowSeconds,
    SelectPolicy: rules.selectPolicy,
    Policies: Array.isArray(rules.policies)
      ? items(rules.policies).map((p) => ({ Type: p.type, Value: p.value, PeriodSeconds: p.periodSeconds }))
      : undefined,
    Tolerance: rules.tolerance,
  };
}

/** A HorizontalPodAutoscaler of autoscaling/v2 as autoscaling/v1 shows it (a new object). */
export function hpaV2ToV1(input: JsonObject): ConvertedObject {
  const src = shape(input, V2_HPA) as Loose;
  const spec = obj(src.spec);
  const status = obj(src.status);
  const metrics = items(spec.metrics);
  const currentMetrics = items(status.currentMetrics);
  const conditions = items(status.conditions);

  const cpuTarget = metrics.find(isCpuUtilizationTarget);
  let cpuCurrent: unknown;
  for (const m of currentMetrics) {
    const resource = opt(m.resource);
    if (m.type === 'Resource' && resource && resource.name === 'cpu' && !nil(obj(resource.current).averageUtilization)) {
      cpuCurrent = obj(resource.current).averageUtilization;
    }
  }

  const annotations = withoutRoundTrip(obj(src.metadata).annotations);
  const otherMetrics = metrics.filter((m) => !isCpuUtilizationTarget(m));
  if (otherMetrics.length > 0) annotations[METRIC_SPECS_ANNOTATION] = encode(otherMetrics.map(metricSpecToV1), slice(V1_METRIC_SPEC));
  if (currentMetrics.length > 0) annotations[METRIC_STATUSES_ANNOTATION] = encode(currentMetrics.map(metricStatusToV1), slice(V1_METRIC_STATUS));
  const behavior = opt(spec.behavior);
  if (behavior) {
    annotations[BEHAVIOR_ANNOTATION] = encode(
      { ScaleUp: rulesToInternal(opt(behavior.scaleUp)), ScaleDown: rulesToInternal(opt(behavior.scaleDown)) },
      INTERNAL_BEHAVIOR,
    );
  }
  if (conditions.length > 0) annotations[CONDITIONS_ANNOTATION] = encode(conditions, slice(CONDITION));

  const metadata = hasRoundTrip(obj(src.metadata).annotations) || Object.keys(annotations).length > 0
    ? withAnnotations(src.metadata, annotations)
    : src.metadata;
  const out: V1 = {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: (metadata ?? {}) as V1['metadata'],
    spec: {
      scaleTargetRef: spec.scaleTargetRef as NonNullable<V1['spec']>['scaleTargetRef'],
      minReplicas: spec.minReplicas as number | undefined,
      maxReplicas: spec.maxReplicas as number,
      targetCPUUtilizationPercentage: cpuTarget ? (obj(cpuTarget.resource).target as Loose).averageUtilization as number : undefined,
    },
    status: {
      observedGeneration: status.observedGeneration as number | undefined,
      lastScaleTime: status.lastScaleTime as string | undefined,
      currentReplicas: status.currentReplicas as number,
      desiredReplicas: status.desiredReplicas as number,
      currentCPUUtilizationPercentage: cpuCurrent as number | undefined,
    },
  };
  return shape(out, V1_HPA) as ConvertedObject;
}

// ---- v1 -> v2 --------------------------------------------------------------------------------

function metricSpecFromV1(m: Loose): V2Metric {
  const object = opt(m.object);
  const pods = opt(m.pods);
  const resource = opt(m.resource);
  const container = opt(m.containerResource);
  const external = opt(m.external);
  const out: V2Metric = { type: m.type as string };
  if (object) {
    out.object = {
      describedObject: object.target as NonNullable<V2Metric['object']>['describedObject'],
      target: { type: nil(object.averageValue) ? 'Value' : 'AverageValue', value: (object.targetValue ?? '0') as string, averageValue: object.averageValue as string | undefined },
      metric: { name: object.metricName as string, selector: object.selector as Selector | undefined },
    };
  }
  if (pods) {
    out.pods = {
      metric: { name: pods.metricName as string, selector: pods.selector as Selector | undefined },
      target: { type: 'AverageValue', averageValue: (pods.targetAverageValue ?? '0') as string },
    };
  }
  for (const [key, r] of [['resource', resource], ['containerResource', container]] as const) {
    if (!r) continue;
    const utilization = r.targetAverageUtilization as number | undefined;
    const converted = {
      name: r.name as string,
      target: { type: nil(utilization) ? 'AverageValue' : 'Utilization', averageValue: r.targetAverageValue as string | undefined, averageUtilization: utilization },
    };
    if (key === 'resource') out.resource = converted;
    else out.containerResource = { ...converted, container: r.container as string };
  }
  if (external) {
    out.external = {
      metric: { name: external.metricName as string, selector: external.metricSelector as Selector | undefined },
      target: {
        type: nil(external.targetValue) ? 'AverageValue' : 'Value',
        value: external.targetValue as string | undefined,
        averageValue: external.targetAverageValue as string | undefined,
      },
    };
  }
  return out;
}

function metricStatusFromV1(m: Loose): V2MetricStatus {
  const object = opt(m.object);
  const pods = opt(m.pods);
  const resource = opt(m.resource);
  const container = opt(m.containerResource);
  const external = opt(m.external);
  const out: V2MetricStatus = { type: m.type as string };
  if (object) {
    out.object = {
      metric: { name: object.metricName as string, selector: object.selector as Selector | undefined },
      current: { value: (object.currentValue ?? '0') as string, averageValue: object.averageValue as string | undefined },
      describedObject: object.target as NonNullable<V2MetricStatus['object']>['describedObject'],
    };
  }
  if (pods) {
    out.pods = {
      metric: { name: pods.metricName as string, selector: pods.selector as Selector | undefined },
      current: { averageValue: (pods.currentAverageValue ?? '0') as string },
    };
  }
  for (const [key, r] of [['resource', resource], ['containerResource', container]] as const) {
    if (!r) continue;
    const converted = {
      name: r.name as string,
      current: { averageValue: (r.currentAverageValue ?? '0') as string, averageUtilization: r.currentAverageUtilization as number | undefined },
    };
    if (key === 'resource') out.resource = converted;
    else out.containerResource = { ...converted, container: r.container as string };
  }
  if (external) {
    out.external = {
      metric: { name: external.metricName as string, selector: external.metricSelector as Selector | undefined },
      current: { value: (external.currentValue ?? '0') as string, averageValue: external.currentAverageValue as string | undefined },
    };
  }
  return out;
}

function rulesFromInternal(rules: Loose | undefined): V2Rules | undefined {
  if (!rules) return undefined;
  return {
    stabilizationWindowSeconds: rules.StabilizationWindowSeconds as number | undefined,
    selectPolicy: rules.SelectPolicy as string | undefined,
    policies: Array.isArray(rules.Policies)
      ? items(rules.Policies).map((p) => ({ type: p.Type as string, value: p.Value as number, periodSeconds: p.PeriodSeconds as number }))
      : undefined,
    tolerance: rules.Tolerance as string | undefined,
  };
}

/** One round-trip annotation decoded as encoding/json would, or undefined (absent or not decodable). */
function annotation(annotations: Loose, key: string, type: Parameters<typeof decodeText>[1]): { value: unknown } | undefined {
  const text = annotations[key];
  return typeof text === 'string' ? decodeText(text, type) : undefined;
}

/** A HorizontalPodAutoscaler of autoscaling/v1 as autoscaling/v2 stores it (a new object). */
export function hpaV1ToV2(input: JsonObject): ConvertedObject {
  const src = shape(input, V1_HPA) as Loose;
  const spec = obj(src.spec);
  const status = obj(src.status);
  const annotations = obj(obj(src.metadata).annotations);

  let metrics: V2Metric[] | undefined = nil(spec.targetCPUUtilizationPercentage)
    ? undefined
    : [cpuUtilizationMetric(spec.targetCPUUtilizationPercentage as number)];
  const otherMetrics = annotation(annotations, METRIC_SPECS_ANNOTATION, slice(V1_METRIC_SPEC));
  if (otherMetrics) metrics = [...items(otherMetrics.value).map(metricSpecFromV1), ...(metrics ?? [])];

  let behavior: V2Behavior | undefined;
  const internal = annotation(annotations, BEHAVIOR_ANNOTATION, INTERNAL_BEHAVIOR);
  if (internal && isObject(internal.value) && (!nil(internal.value.ScaleUp) || !nil(internal.value.ScaleDown))) {
    behavior = { scaleUp: rulesFromInternal(opt(internal.value.ScaleUp)), scaleDown: rulesFromInternal(opt(internal.value.ScaleDown)) };
  }

  let currentMetrics: V2MetricStatus[] | undefined;
  if (!nil(status.currentCPUUtilizationPercentage)) {
    currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage as number } } }];
  }
  const statuses = annotation(annotations, METRIC_STATUSES_ANNOTATION, slice(V1_METRIC_STATUS));
  if (statuses) currentMetrics = items(statuses.value).map(metricStatusFromV1);

  // autoscaling/v1 used to leave the CPU default to the controller; the conversion makes it explicit
  if (!metrics || metrics.length === 0) metrics = [cpuUtilizationMetric(DEFAULT_CPU_UTILIZATION)];

  let conditions: V2Status['conditions'];
  const decodedConditions = annotation(annotations, CONDITIONS_ANNOTATION, slice(CONDITION));
  if (decodedConditions) conditions = items(decodedConditions.value) as V2Status['conditions'];

  const metadata = hasRoundTrip(annotations) ? withAnnotations(src.metadata, withoutRoundTrip(annotations)) : src.metadata;
  const out: V2 = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: (metadata ?? {}) as V2['metadata'],
    spec: {
      scaleTargetRef: spec.scaleTargetRef as V2Spec['scaleTargetRef'],
      minReplicas: spec.minReplicas as number | undefined,
      maxReplicas: spec.maxReplicas as number,
      metrics,
      behavior,
    },
    status: {
      observedGeneration: status.observedGeneration as number | undefined,
      lastScaleTime: status.lastScaleTime as string | undefined,
      currentReplicas: status.currentReplicas as number,
      desiredReplicas: status.desiredReplicas as number,
      currentMetrics,
      conditions,
    },
  };
  return shape(out, V2_HPA) as ConvertedObject;
}
