// The replica count one resource metric asks for, as upstream's replica calculator computes it:
// pods being deleted or failed are ignored; Pending pods and (for cpu) pods not yet Ready in
// their first five minutes are unready; with the usage ratio within the 0.1 tolerance nothing
// changes; otherwise, pods without metrics count as using their whole request when scaling
// down and nothing when scaling up, unready pods count as using nothing when scaling up, and
// the change is dropped if those assumptions reverse its direction or bring it within
// tolerance.
import type { V1Pod } from '@kubernetes/client-node';

export const TOLERANCE = 0.1;
const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
const INITIAL_READINESS_DELAY_MS = 30_000;

export interface PodSample {
  /** Summed over the pod's containers, in milli-units. */
  usage: number;
  timestamp: Date;
  windowMs: number;
}

export interface ResourceTarget {
  resource: string;
  /** Percent of the pods' requests, or else a per-pod average in milli-units. */
  utilization?: number;
  averageValueMilli?: number;
}

export interface Recommendation {
  replicas: number;
  /** The measured utilization (percent) when the target is one. */
  utilization?: number;
  /** The measured average per pod, in milli-units. */
  averageMilli: number;
}

const time = (value: unknown) => (value ? new Date(value as string).getTime() : 0);

function isUnready(pod: V1Pod, resource: string, sample: PodSample, now: number): boolean {
  if (pod.status?.phase === 'Pending') return true;
  if (resource !== 'cpu') return false;
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const started = time(pod.status?.startTime);
  if (!ready || !started) return true;
  if (started + CPU_INITIALIZATION_PERIOD_MS > now) {
    return ready.status === 'False' || sample.timestamp.getTime() < time(ready.lastTransitionTime) + sample.windowMs;
  }
  return ready.status === 'False' && started + INITIAL_READINESS_DELAY_MS > time(ready.lastTransitionTime);
}

/** The sum of the pod's containers' requests for the resource (milli-units); throws when one has none. */
export function podRequest(pod: V1Pod, resource: string, parse: (value: unknown) => number): number {
  let total = 0;
  for (const container of pod.spec?.containers ?? []) {
    const request = container.resources?.requests?.[resource];
    if (request === undefined) throw new Error(`missing request for ${resource} in container ${container.name} of Pod ${pod.metadata?.name}`);
    total += parse(request);
  }
  return total;
}

export function calculateReplicas(
  currentReplicas: number, pods: V1Pod[], samples: Map<string, PodSample>, target: ResourceTarget,
  parse: (value: unknown) => number, now = Date.now(),
): Recommendation {
  if (pods.length === 0) throw new Error('no pods returned by selector while calculating replica count');
  const counted = new Map<string, number>();
  const unready: string[] = [];
  const missing: string[] = [];
  for (const pod of pods) {
    const name = pod.metadata!.name!;
    if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Failed') continue;
    const sample = samples.get(name);
    if (!sample) {
      if (pod.status?.phase !== 'Pending') missing.push(name);
      else unready.push(name);
      continue;
    }
    if (isUnready(pod, target.resource, sample, now)) unready.push(name);
    else counted.set(name, sample.usage);
  }
  if (counted.size === 0) throw new Error(`did not receive metrics for targeted pods (pods might be unready)`);
  const requests = new Map(pods.map((pod) => [pod.metadata!.name!, target.utilization !== undefined ? podRequest(pod, target.resource, parse) : 0]));
  const readyCount = counted.size;
  const measure = (usages: Map<string, number>) => {
    const total = [...usages.values()].reduce((a, b) => a + b, 0);
    if (target.utilization !== undefined) {
      const requested = [...usages.keys()].reduce((a, name) => a + (requests.get(name) ?? 0), 0);
      if (requested === 0) throw new Error(`no metrics returned matched known pods`);
      const utilization = Math.trunc((total * 100) / requested);
      return { ratio: utilization / target.utilization, utilization, averageMilli: total / usages.size };
    }
    const averageMilli = total / usages.size;
    return { ratio: averageMilli / target.averageValueMilli!, utilization: undefined, averageMilli };
  };
  const first = measure(counted);
  const scaleUpWithUnready = unready.length > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.length === 0) {
    if (Math.abs(1 - first.ratio) <= TOLERANCE) return { replicas: currentReplicas, utilization: first.utilization, averageMilli: first.averageMilli };
    return { replicas: Math.ceil(first.ratio * readyCount), utilization: first.utilization, averageMilli: first.averageMilli };
  }
  const assumed = new Map(counted);
  for (const name of missing) assumed.set(name, first.ratio < 1 ? (target.utilization !== undefined ? requests.get(name)! : target.averageValueMilli!) : 0);
  if (scaleUpWithUnready) for (const name of unready) assumed.set(name, 0);
  const second = measure(assumed);
  if (Math.abs(1 - second.ratio) <= TOLERANCE || (first.ratio < 1 && second.ratio > 1) || (first.ratio > 1 && second.ratio < 1)) {
    return { replicas: currentReplicas, utilization: first.utilization, averageMilli: first.averageMilli };
  }
  const replicas = Math.ceil(second.ratio * assumed.size);
  if ((second.ratio < 1 && replicas > currentReplicas) || (second.ratio > 1 && replicas < currentReplicas)) {
    return { replicas: currentReplicas, utilization: first.utilization, averageMilli: first.averageMilli };
  }
  return { replicas, utilization: first.utilization, averageMilli: first.averageMilli };
}
