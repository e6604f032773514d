// autoscaling/v2 `behavior`: stabilization windows over recent recommendations (scale up to
// the lowest of the window, down to the highest) and rate policies over recent scale events
// (Pods or Percent per periodSeconds, selectPolicy Max/Min/Disabled), with upstream's
// defaults — up: no window, max(4 pods, 100 %) per 15 s; down: 300 s window, 100 % per 15 s —
// then minReplicas/maxReplicas. Returns the count and the ScalingLimited reason, if any.
import type { V2HPAScalingRules, V2HorizontalPodAutoscalerBehavior } from '@kubernetes/client-node';

export interface TimedValue { at: number; value: number }

export interface Limited { replicas: number; reason?: string; message?: string; stabilized: boolean }

const DEFAULT_UP: V2HPAScalingRules = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
const DEFAULT_DOWN: V2HPAScalingRules = { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

export function rulesOf(behavior: V2HorizontalPodAutoscalerBehavior | undefined): { up: V2HPAScalingRules; down: V2HPAScalingRules } {
  return {
    up: { ...DEFAULT_UP, ...behavior?.scaleUp, stabilizationWindowSeconds: behavior?.scaleUp?.stabilizationWindowSeconds ?? DEFAULT_UP.stabilizationWindowSeconds },
    down: { ...DEFAULT_DOWN, ...behavior?.scaleDown, stabilizationWindowSeconds: behavior?.scaleDown?.stabilizationWindowSeconds ?? DEFAULT_DOWN.stabilizationWindowSeconds },
  };
}

/** The recommendation within the windows: never above the lowest recent one (up), never below the highest (down). */
export function stabilize(current: number, desired: number, recommendations: TimedValue[], up: V2HPAScalingRules, down: V2HPAScalingRules, now: number): number {
  let upLimit = desired;
  let downLimit = desired;
  for (const { at, value } of recommendations) {
    if (at > now - up.stabilizationWindowSeconds! * 1000) upLimit = Math.min(upLimit, value);
    if (at > now - down.stabilizationWindowSeconds! * 1000) downLimit = Math.max(downLimit, value);
  }
  return Math.min(Math.max(current, upLimit), downLimit);
}

const changedIn = (events: TimedValue[], periodSeconds: number, now: number, sign: 1 | -1) =>
  events.filter((e) => e.at > now - periodSeconds * 1000 && Math.sign(e.value) === sign).reduce((a, e) => a + Math.abs(e.value), 0);

function scaleUpLimit(current: number, events: TimedValue[], rules: V2HPAScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const proposals = (rules.policies ?? []).map((policy) => {
    const start = current - changedIn(events, policy.periodSeconds, now, 1);
    return policy.type === 'Pods' ? start + policy.value : Math.ceil(start * (1 + policy.value / 100));
  });
  if (proposals.length === 0) return current;
  return rules.selectPolicy === 'Min' ? Math.min(...proposals) : Math.max(...proposals);
}

function scaleDownLimit(current: number, events: TimedValue[], rules: V2HPAScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const proposals = (rules.policies ?? []).map((policy) => {
    const start = current + changedIn(events, policy.periodSeconds, now, -1);
    return policy.type === 'Pods' ? start - policy.value : Math.trunc(start * (1 - policy.value / 100));
  });
  if (proposals.length === 0) return current;
  return rules.selectPolicy === 'Min' ? Math.max(...proposals) : Math.min(...proposals);
}

/** Applies the rate policies and the replica bounds to a stabilized recommendation. */
export function limitRate(current: number, desired: number, events: TimedValue[], up: V2HPAScalingRules, down: V2HPAScalingRules,
  minReplicas: number, maxReplicas: number, now: number): Omit<Limited, 'stabilized'> {
  let replicas = desired;
  let reason: string | undefined;
  let message: string | undefined;
  if (desired > current) {
    const allowed = Math.min(maxReplicas, Math.max(scaleUpLimit(current, events, up, now), current));
    if (desired > allowed) {
      replicas = allowed;
      [reason, message] = allowed === maxReplicas
        ? ['TooManyReplicas', 'the desired replica count is more than the maximum replica count']
        : ['ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate'];
    }
  } else if (desired < current) {
    const allowed = Math.max(minReplicas, Math.min(scaleDownLimit(current, events, down, now), current));
    if (desired < allowed) {
      replicas = allowed;
      [reason, message] = allowed === minReplicas
        ? ['TooFewReplicas', 'the desired replica count is less than the minimum replica count']
        : ['ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate'];
    }
  }
  if (replicas > maxReplicas) [replicas, reason, message] = [maxReplicas, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
  if (replicas < minReplicas) [replicas, reason, message] = [minReplicas, 'TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
  return { replicas, reason, message };
}
