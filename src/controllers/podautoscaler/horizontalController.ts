// The horizontal pod autoscaler controller (upstream's `horizontal-pod-autoscaler`, events from
// `horizontal-pod-autoscaler`): every sync period (15 s by default) each autoscaling/v2 HPA
// reads its target's scale, the target's pods and their metrics.k8s.io resource metrics,
// computes the replicas each Resource metric asks for (replicaCalculator.ts), takes the largest,
// stabilizes and rate-limits it (scalingBehavior.ts), writes it through the scale subresource
// with a SuccessfulRescale event, and reports currentMetrics and the AbleToScale, ScalingActive
// and ScalingLimited conditions in its status.
import {
  AutoscalingV2Api, CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, type V1Pod, type V2HorizontalPodAutoscaler,
  type V2HorizontalPodAutoscalerCondition, type V2MetricStatus,
} from '@kubernetes/client-node';
import { tryParseQuantity } from '../../api/quantity.js';
import { generationChanged, type Controller } from '../../runtime/controller/index.js';
import { EventRecorder } from '../../runtime/events/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import { calculateReplicas, type PodSample, type ResourceTarget } from './replicaCalculator.js';
import { limitRate, rulesOf, stabilize, type TimedValue } from './scalingBehavior.js';
import { TargetScales } from './targetScale.js';

export const DEFAULT_SYNC_PERIOD_MS = 15_000;
const HISTORY_MS = 60 * 60_000;
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const milli = (value: unknown) => Number(tryParseQuantity(value)?.milliValue() ?? 0n);
const stamp = (date: Date) => date.toISOString().replace(/\.\d+Z$/, 'Z');
const quantity = (milliValue: number) => (milliValue % 1000 === 0 ? String(milliValue / 1000) : `${Math.round(milliValue)}m`);

export interface HorizontalControllerOptions {
  syncPeriodMs?: number;
}

type Condition = V2HorizontalPodAutoscalerCondition;

function setCondition(conditions: Condition[], type: string, status: string, reason: string, message: string): void {
  const existing = conditions.find((c) => c.type === type);
  if (existing) {
    if (existing.status !== status) existing.lastTransitionTime = stamp(new Date()) as unknown as Date;
    Object.assign(existing, { status, reason, message });
  } else {
    conditions.push({ type, status, reason, message, lastTransitionTime: stamp(new Date()) as unknown as Date });
  }
}

/** The metric's display name in reasons and messages, as upstream words it. */
const metricName = (target: ResourceTarget) => (target.utilization !== undefined ? `${target.resource} resource utilization (percentage of request)` : `${target.resource} resource`);

export function addHorizontalPodAutoscalerController(manager: Manager, options: HorizontalControllerOptions = {}): Controller {
  const syncPeriodMs = options.syncPeriodMs ?? DEFAULT_SYNC_PERIOD_MS;
  const autoscaling = manager.kubeConfig.makeApiClient(AutoscalingV2Api);
  const core = manager.kubeConfig.makeApiClient(CoreV1Api);
  const custom = manager.kubeConfig.makeApiClient(CustomObjectsApi);
  const scales = new TargetScales(manager.kubeConfig);
  const events = new EventRecorder(manager.kubeConfig, { component: 'horizontal-pod-autoscaler' });
  const hpas = manager.informers.forResource('/apis/autoscaling/v2/horizontalpodautoscalers').store;
  const recommendations = new Map<string, TimedValue[]>();
  const scaleEvents = new Map<string, TimedValue[]>();

  return manager.controller()
    .named('horizontalpodautoscaler')
    // Status writes do not bring a sync forward: spec changes do, and the sync period.
    .for('/apis/autoscaling/v2/horizontalpodautoscalers', { predicates: [generationChanged()] })
    .complete(async ({ namespace, name }) => {
      const key = `${namespace}/${name}`;
      const hpa = hpas.get(key) as V2HorizontalPodAutoscaler | undefined;
      if (!hpa) {
        recommendations.delete(key);
        scaleEvents.delete(key);
        return;
      }
      const ref = { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', namespace, name, uid: hpa.metadata!.uid };
      const conditions = (hpa.status?.conditions ?? []).map((c) => ({ ...c }));
      const target = hpa.spec!.scaleTargetRef;
      const minReplicas = hpa.spec!.minReplicas ?? 1;
      const maxReplicas = hpa.spec!.maxReplicas;
      const writeStatus = async (status: Record<string, unknown>) => {
        await autoscaling.patchNamespacedHorizontalPodAutoscalerStatus({
          namespace: namespace!, name, body: { status: { observedGeneration: hpa.metadata!.generation, ...status, conditions } },
        }, mergePatch);
      };
      let scale;
      try {
        scale = await scales.read(target.kind, namespace!, target.name);
      } catch (error) {
        const message = `the HPA controller was unable to get the target's current scale: ${(error as { body?: string; message: string }).message}`;
        events.event(ref, 'Warning', 'FailedGetScale', (error as Error).message);
        setCondition(conditions, 'AbleToScale', 'False', 'FailedGetScale', message);
        await writeStatus({});
        return { requeueAfter: syncPeriodMs };
      }
      const current = scale.spec?.replicas ?? 0;
      const now = Date.now();
      setCondition(conditions, 'AbleToScale', 'True', 'SucceededGetScale', 'the HPA controller was able to get the target\'s current scale');
      let desired: number;
      let reason = '';
      let currentMetrics: V2MetricStatus[] = [];
      if (current === 0 && minReplicas !== 0) {
        setCondition(conditions, 'ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
        await writeStatus({ currentReplicas: scale.status?.replicas ?? 0, desiredReplicas: 0, currentMetrics: null });
        return { requeueAfter: syncPeriodMs };
      } else if (current > maxReplicas) {
        [desired, reason] = [maxReplicas, 'Current number of replicas above Spec.MaxReplicas'];
      } else if (current < minReplicas) {
        [desired, reason] = [minReplicas, 'Current number of replicas below Spec.MinReplicas'];
      } else {
        try {
          const proposal = await computeFromMetrics(hpa, scale.status?.selector ?? '', current, now);
          currentMetrics = proposal.metrics;
          setCondition(conditions, 'ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${proposal.metric}`);
          const history = (recommendations.get(key) ?? []).filter((r) => r.at > now - HISTORY_MS);
          const { up, down } = rulesOf(hpa.spec!.behavior);
          const stabilized = stabilize(current, proposal.replicas, history, up, down, now);
          recommendations.set(key, [...history, { at: now, value: proposal.replicas }]);
          if (stabilized !== proposal.replicas) {
            setCondition(conditions, 'AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation');
          } else {
            setCondition(conditions, 'AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
          }
          const limited = limitRate(current, stabilized, (scaleEvents.get(key) ?? []).filter((e) => e.at > now - HISTORY_MS), up, down, minReplicas, maxReplicas, now);
          desired = limited.replicas;
          if (limited.reason) setCondition(conditions, 'ScalingLimited', 'True', limited.reason, limited.message!);
          else setCondition(conditions, 'ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range');
          reason = desired > current ? `${proposal.metric} above target` : 'All metrics below target';
        } catch (error) {
          const failure = error as Error & { reason?: string };
          const conditionReason = failure.reason ?? 'FailedGetResourceMetric';
          events.event(ref, 'Warning', conditionReason, failure.message);
          setCondition(conditions, 'ScalingActive', 'False', conditionReason, `the HPA was unable to compute the replica count: ${failure.message}`);
          await writeStatus({ currentReplicas: scale.status?.replicas ?? 0, desiredReplicas: current });
          return { requeueAfter: syncPeriodMs };
        }
      }
      const status: Record<string, unknown> = { currentReplicas: scale.status?.replicas ?? 0, desiredReplicas: desired, currentMetrics: currentMetrics.length ? currentMetrics : null };
      if (desired !== current) {
        try {
          await scales.write(target.kind, scale, desired);
        } catch (error) {
          events.event(ref, 'Warning', 'FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${(error as Error).message}`);
          setCondition(conditions, 'AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${(error as Error).message}`);
          await writeStatus(status);
          return { requeueAfter: syncPeriodMs };
        }
        scaleEvents.set(key, [...(scaleEvents.get(key) ?? []).filter((e) => e.at > now - HISTORY_MS), { at: now, value: desired - current }]);
        setCondition(conditions, 'AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
        events.event(ref, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`);
        status.lastScaleTime = stamp(new Date(now));
      }
      await writeStatus(status);
      return { requeueAfter: syncPeriodMs };
    });

  /** The largest replica count the HPA's Resource metrics ask for, and those metrics' current values. */
  async function computeFromMetrics(hpa: V2HorizontalPodAutoscaler, selector: string, current: number, now: number) {
    const namespace = hpa.metadata!.namespace!;
    if (!selector) {
      throw Object.assign(new Error('selector is required'), { reason: 'InvalidSelector' });
    }
    const pods = (await core.listNamespacedPod({ namespace, labelSelector: selector })).items as V1Pod[];
    let metricsList: { items: Array<{ metadata: { name: string }; timestamp: string; window: string; containers: Array<{ usage: Record<string, string> }> }> };
    let best: { replicas: number; metric: string } | undefined;
    const metrics: V2MetricStatus[] = [];
    for (const spec of hpa.spec!.metrics ?? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]) {
      if (spec.type !== 'Resource' || !spec.resource) {
        throw Object.assign(new Error(`invalid metrics (1 invalid out of 1), first error is: the ${spec.type} metric source type is not supported by kubets`), { reason: 'InvalidMetricSourceType' });
      }
      const resource = spec.resource.name;
      const target: ResourceTarget = spec.resource.target.type === 'Utilization'
        ? { resource, utilization: spec.resource.target.averageUtilization ?? 80 }
        : { resource, averageValueMilli: milli(spec.resource.target.averageValue) };
      try {
        metricsList = await custom.listNamespacedCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', namespace, plural: 'pods', labelSelector: selector }) as typeof metricsList;
      } catch (error) {
        throw new Error(`failed to get ${resource} utilization: unable to get metrics for resource ${resource}: unable to fetch metrics from resource metrics API: ${(error as Error).message}`);
      }
      const samples = new Map<string, PodSample>();
      for (const item of metricsList.items) {
        const usage = item.containers.reduce((a, c) => a + milli(c.usage?.[resource] ?? '0'), 0);
        samples.set(item.metadata.name, { usage, timestamp: new Date(item.timestamp), windowMs: parseFloat(item.window) * 1000 || 0 });
      }
      let result;
      try {
        result = calculateReplicas(current, pods, samples, target, milli, now);
      } catch (error) {
        throw new Error(`failed to get ${resource} utilization: ${(error as Error).message}`);
      }
      metrics.push({
        type: 'Resource',
        resource: { name: resource, current: { averageValue: quantity(result.averageMilli), ...(result.utilization !== undefined ? { averageUtilization: result.utilization } : {}) } },
      });
      if (!best || result.replicas > best.replicas) best = { replicas: result.replicas, metric: metricName(target) };
    }
    return { ...best!, metrics };
  }
}
