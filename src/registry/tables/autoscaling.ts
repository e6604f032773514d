// The autoscaling tables: HorizontalPodAutoscaler (REFERENCE, TARGETS `cpu: 40%/80%`,
// MINPODS, MAXPODS, REPLICAS) for autoscaling/v2 and v1 objects alike, and Scale. Upstream
// prints the internal (v2-shaped) HPA, so a v1 object is first read the way its conversion
// does: the CPU target, extra metrics from the `autoscaling.alpha.kubernetes.io/metrics`
// annotations, and the default 80% CPU target when there is no metric at all.
import type { AutoscalingV1HorizontalPodAutoscaler, HorizontalPodAutoscaler, Scale } from '../../api/index.js';
import { AGE, NAME, ageOf, column, defineTable, doc, nameOf } from './columns.js';
import { quantityPointerString, quantityString } from './quantity.js';
import type { TableConvertor } from './types.js';

type Spec = NonNullable<HorizontalPodAutoscaler['spec']>;
type MetricSpec = NonNullable<Spec['metrics']>[number];
type MetricStatus = NonNullable<NonNullable<HorizontalPodAutoscaler['status']>['currentMetrics']>[number];
type Quantity = string | number;

interface Target {
  value?: Quantity;
  averageValue?: Quantity;
  averageUtilization?: number;
}

const METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
const CURRENT_METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
const DEFAULT_CPU_UTILIZATION = 80;

const cpuTarget = (utilization: number): MetricSpec => ({
  type: 'Resource',
  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: utilization } },
});

/** A JSON value that may be absent. */
type Loose = Record<string, unknown> | undefined;

/** A v1 metric's type and its per-source parts, which specs and statuses lay out alike. */
function v1MetricSources(m: Record<string, unknown>): Record<'object' | 'pods' | 'resource' | 'container' | 'external', Loose> & { type: string } {
  return {
    type: String(m.type ?? ''),
    object: m.object as Loose,
    pods: m.pods as Loose,
    resource: m.resource as Loose,
    container: m.containerResource as Loose,
    external: m.external as Loose,
  };
}

/** The annotations of v1 objects hold v1 (v2beta1-like) metric specs: read one as v2. */
function v1MetricSpec(m: Record<string, unknown>): MetricSpec {
  const { type, object, pods, resource, container, external } = v1MetricSources(m);
  const out: Record<string, unknown> = { type };
  if (object) {
    out.object = {
      target: { value: object.targetValue ?? '0', averageValue: object.averageValue },
      describedObject: object.target,
      metric: { name: object.metricName },
    };
  }
  if (pods) out.pods = { target: { averageValue: pods.targetAverageValue ?? '0' }, metric: { name: pods.metricName } };
  if (resource) {
    out.resource = {
      name: resource.name,
      target: { averageValue: resource.targetAverageValue, averageUtilization: resource.targetAverageUtilization },
    };
  }
  if (container) {
    out.containerResource = {
      name: container.name,
      container: container.container,
      target: { averageValue: container.targetAverageValue, averageUtilization: container.targetAverageUtilization },
    };
  }
  if (external) {
    out.external = {
      target: { value: external.targetValue, averageValue: external.targetAverageValue },
      metric: { name: external.metricName },
    };
  }
  return out as unknown as MetricSpec;
}

function v1MetricStatus(m: Record<string, unknown>): MetricStatus {
  const { type, object, pods, resource, container, external } = v1MetricSources(m);
  const out: Record<string, unknown> = { type };
  if (object) out.object = { current: { value: object.currentValue ?? '0', averageValue: object.averageValue } };
  if (pods) out.pods = { current: { averageValue: pods.currentAverageValue ?? '0' } };
  if (resource) {
    out.resource = {
      name: resource.name,
      current: { averageValue: resource.currentAverageValue ?? '0', averageUtilization: resource.currentAverageUtilization },
    };
  }
  if (container) {
    out.containerResource = {
      name: container.name,
      current: { averageValue: container.currentAverageValue ?? '0', averageUtilization: container.currentAverageUtilization },
    };
  }
  if (external) out.external = { current: { value: external.currentValue ?? '0', averageValue: external.currentAverageValue } };
  return out as unknown as MetricStatus;
}

function annotationList(hpa: AutoscalingV1HorizontalPodAutoscaler, key: string): Record<string, unknown>[] | undefined {
  const text = hpa.metadata?.annotations?.[key];
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as Record<string, unknown>[]) : undefined;
  } catch {
    return undefined;
  }
}

/** The metric specs and statuses the printer sees for an autoscaling/v1 object. */
export function v1Metrics(hpa: AutoscalingV1HorizontalPodAutoscaler): { specs: MetricSpec[]; statuses: MetricStatus[] } {
  const cpu = hpa.spec?.targetCPUUtilizationPercentage;
  let specs: MetricSpec[] = cpu === undefined || cpu === null ? [] : [cpuTarget(cpu)];
  const others = annotationList(hpa, METRICS_ANNOTATION);
  if (others) specs = [...others.map(v1MetricSpec), ...specs];
  if (specs.length === 0) specs = [cpuTarget(DEFAULT_CPU_UTILIZATION)];

  const current = hpa.status?.currentCPUUtilizationPercentage;
  let statuses: MetricStatus[] =
    current === undefined || current === null ? [] : [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }];
  const currentOthers = annotationList(hpa, CURRENT_METRICS_ANNOTATION);
  if (currentOthers) statuses = currentOthers.map(v1MetricStatus);
  return { specs, statuses };
}

/** `current/target` for a value or an average value target (`(avg)` marks the latter). */
function valueTarget(target: Target | undefined, current: Target | undefined, hasStatus: boolean): string {
  if (target?.averageValue !== undefined && target.averageValue !== null) {
    const now =
      hasStatus && current?.averageValue !== undefined && current.averageValue !== null
        ? quantityString(current.averageValue)
        : '<unknown>';
    return `${now}/${quantityString(target.averageValue)} (avg)`;
  }
  const now = hasStatus ? quantityPointerString(current?.value) : '<unknown>';
  return `${now}/${quantityPointerString(target?.value)}`;
}

/** `name: current/target` for resource metrics: utilization percentages or average values. */
function resourceTarget(name: string, target: Target | undefined, current: Target | undefined, hasStatus: boolean): string {
  if (target?.averageValue !== undefined && target.averageValue !== null) {
    const now = hasStatus ? quantityPointerString(current?.averageValue) : '<unknown>';
    return `${name}: ${now}/${quantityString(target.averageValue)}`;
  }
  const now =
    hasStatus && current?.averageUtilization !== undefined && current.averageUtilization !== null
      ? `${current.averageUtilization}%`
      : '<unknown>';
  const goal =
    target?.averageUtilization !== undefined && target.averageUtilization !== null ? `${target.averageUtilization}%` : '<auto>';
  return `${name}: ${now}/${goal}`;
}

/** The TARGETS cell: up to two metrics, `current/target` each, then `+ N more...`. */
export function formatHPAMetrics(specs: readonly MetricSpec[], statuses: readonly MetricStatus[]): string {
  if (specs.length === 0) return '<none>';
  const list = specs.map((spec, i) => {
    const status = statuses[i];
    switch (spec.type) {
      case 'External':
        return valueTarget(spec.external?.target, status?.external?.current, Boolean(status?.external));
      case 'Pods': {
        const now = status?.pods ? quantityPointerString(status.pods.current?.averageValue) : '<unknown>';
        return `${now}/${quantityPointerString(spec.pods?.target?.averageValue)}`;
      }
      case 'Object':
        return valueTarget(spec.object?.target, status?.object?.current, Boolean(status?.object));
      case 'Resource':
        return resourceTarget(spec.resource?.name ?? '', spec.resource?.target, status?.resource?.current, Boolean(status?.resource));
      case 'ContainerResource':
        return resourceTarget(
          spec.containerResource?.name ?? '',
          spec.containerResource?.target,
          status?.containerResource?.current,
          Boolean(status?.containerResource),
        );
      default:
        return '<unknown type>';
    }
  });
  const max = 2;
  if (list.length > max) return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
  return list.join(', ');
}

type AnyHPA = HorizontalPodAutoscaler | AutoscalingV1HorizontalPodAutoscaler;

function isV1(hpa: AnyHPA): hpa is AutoscalingV1HorizontalPodAutoscaler {
  if (hpa.apiVersion) return hpa.apiVersion === 'autoscaling/v1';
  return 'targetCPUUtilizationPercentage' in (hpa.spec ?? {}) || 'currentCPUUtilizationPercentage' in (hpa.status ?? {});
}

function hpaTargets(hpa: AnyHPA): string {
  if (isV1(hpa)) {
    const { specs, statuses } = v1Metrics(hpa);
    return formatHPAMetrics(specs, statuses);
  }
  // an HPA without metrics defaults to an 80% CPU target
  const specs = hpa.spec?.metrics?.length ? hpa.spec.metrics : [cpuTarget(DEFAULT_CPU_UTILIZATION)];
  return formatHPAMetrics(specs, hpa.status?.currentMetrics ?? []);
}

const horizontalPodAutoscalerTable = defineTable<AnyHPA>({
  columns: [
    NAME,
    column('Reference', 'string', doc('autoscaling/v2beta1.HorizontalPodAutoscalerSpec.scaleTargetRef')),
    column('Targets', 'string', doc('autoscaling/v2beta1.HorizontalPodAutoscalerSpec.metrics')),
    column('MinPods', 'string', doc('autoscaling/v2beta1.HorizontalPodAutoscalerSpec.minReplicas')),
    column('MaxPods', 'string', doc('autoscaling/v2beta1.HorizontalPodAutoscalerSpec.maxReplicas')),
    column('Replicas', 'string', doc('autoscaling/v2beta1.HorizontalPodAutoscalerStatus.currentReplicas')),
    AGE,
  ],
  cells(hpa, now) {
    const ref = hpa.spec?.scaleTargetRef;
    return [
      nameOf(hpa),
      `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
      hpaTargets(hpa),
      // minReplicas defaults to 1
      String(hpa.spec?.minReplicas ?? 1),
      hpa.spec?.maxReplicas ?? 0,
      hpa.status?.currentReplicas ?? 0,
      ageOf(hpa, now),
    ];
  },
});

const scaleTable = defineTable<Scale>({
  columns: [
    column('Name', 'string', doc('meta/v1.ObjectMeta.name')),
    column('Desired', 'integer', doc('autoscaling/v1.ScaleSpec.replicas')),
    column('Available', 'integer', doc('autoscaling/v1.ScaleStatus.replicas')),
    AGE,
  ],
  cells: (scale, now) => [nameOf(scale), scale.spec?.replicas ?? 0, scale.status?.replicas ?? 0, ageOf(scale, now)],
});

/** autoscaling/v1 and v2 kinds, by kind. */
export const autoscalingTables: Record<string, TableConvertor> = {
  HorizontalPodAutoscaler: horizontalPodAutoscalerTable,
  Scale: scaleTable,
};
