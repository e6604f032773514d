// The status the kubelet reports for a pod, computed from what the runtime holds and what the
// kubelet knows besides (why a container waits, probe results), as upstream's
// generateAPIPodStatus: container statuses with state, lastState, ready, started,
// restartCount, image and IDs; the phase by upstream's rules; the conditions
// PodReadyToStartContainers, Initialized, ContainersReady and Ready (with upstream's reasons
// and messages), keeping conditions others own (PodScheduled) and transition times that did
// not change; the pod and host IPs, start time and QoS class.
import type { V1Container, V1ContainerStatus, V1Pod, V1PodCondition, V1PodStatus } from '@kubernetes/client-node';
import type { ContainerStatus } from '../../cri/types.js';
import { qosClass } from '../containers/resources.js';
import { readySandbox, restartCountOf, type RuntimePod } from './runtimePod.js';

/** Why a container is not running, when the kubelet knows (image pull, back-off, config). */
export interface Waiting {
  reason: string;
  message?: string;
}

export interface StatusInputs {
  runtimeName: string;
  hostIPs: string[];
  /** Container name → why it waits. */
  waiting: ReadonlyMap<string, Waiting>;
  /** Container name → readiness (absent: no readiness probe result yet). */
  readiness: ReadonlyMap<string, boolean>;
  /** Container name → whether its startup probe has passed (absent: no startup probe). */
  started: ReadonlyMap<string, boolean>;
  now: string;
}

const time = (ns: number) => (ns > 0 ? new Date(Math.floor(ns / 1e6)).toISOString().replace(/\.\d+Z$/, 'Z') : undefined);

function terminated(status: ContainerStatus, id: string): NonNullable<V1ContainerStatus['state']>['terminated'] {
  return {
    exitCode: status.exitCode,
    reason: status.reason || (status.exitCode === 0 ? 'Completed' : 'Error'),
    ...(status.message ? { message: status.message } : {}),
    startedAt: time(status.startedAt) as unknown as Date,
    finishedAt: time(status.finishedAt) as unknown as Date,
    containerID: id,
  };
}

function containerStatus(container: V1Container, history: ContainerStatus[] | undefined, inputs: StatusInputs, hasProbe: { readiness: boolean; startup: boolean }): V1ContainerStatus {
  const [current, previous] = history ?? [];
  const id = (s: ContainerStatus) => `${inputs.runtimeName}://${s.id}`;
  const waiting = inputs.waiting.get(container.name);
  const out: V1ContainerStatus = {
    name: container.name,
    image: container.image ?? '',
    imageID: current?.imageRef ?? '',
    ready: false,
    restartCount: current ? restartCountOf(current) : 0,
    started: false,
    state: {},
    lastState: {},
  };
  if (current) out.containerID = id(current);
  if (current?.state === 'CONTAINER_RUNNING') {
    out.state = { running: { startedAt: time(current.startedAt) as unknown as Date } };
    out.started = hasProbe.startup ? inputs.started.get(container.name) === true : true;
    out.ready = out.started && (hasProbe.readiness ? inputs.readiness.get(container.name) === true : true);
    if (previous) out.lastState = { terminated: terminated(previous, id(previous)) };
  } else if (current?.state === 'CONTAINER_EXITED' && !waiting) {
    out.state = { terminated: terminated(current, id(current)) };
    if (previous) out.lastState = { terminated: terminated(previous, id(previous)) };
  } else {
    out.state = { waiting: { reason: waiting?.reason ?? 'ContainerCreating', ...(waiting?.message ? { message: waiting.message } : {}) } };
    if (current?.state === 'CONTAINER_EXITED') out.lastState = { terminated: terminated(current, id(current)) };
  }
  return out;
}

type Phase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

function phaseOf(pod: V1Pod, init: V1ContainerStatus[], regular: V1ContainerStatus[]): Phase {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  const initDone = init.every((s) => s.state?.terminated?.exitCode === 0);
  if (!initDone) {
    const failedInit = init.some((s) => s.state?.terminated && s.state.terminated.exitCode !== 0);
    return failedInit && policy === 'Never' ? 'Failed' : 'Pending';
  }
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of regular) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.lastState?.terminated) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded && regular.every((s) => s.state?.terminated)) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

function condition(type: string, ok: boolean, now: string, reason?: string, message?: string): V1PodCondition {
  return {
    type, status: ok ? 'True' : 'False', lastProbeTime: null as unknown as Date, lastTransitionTime: now as unknown as Date,
    ...(ok || !reason ? {} : { reason }), ...(ok || !message ? {} : { message }),
  };
}

function conditions(pod: V1Pod, runtime: RuntimePod, phase: Phase, init: V1ContainerStatus[], regular: V1ContainerStatus[], now: string): V1PodCondition[] {
  const unfinishedInit = init.filter((s) => s.state?.terminated?.exitCode !== 0).map((s) => s.name);
  const unready = regular.filter((s) => !s.ready).map((s) => s.name);
  const done = phase === 'Succeeded' || phase === 'Failed';
  const readyReason = done ? 'PodCompleted' : 'ContainersNotReady';
  const readyMessage = done ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const fresh = [
    condition('PodReadyToStartContainers', readySandbox(runtime) !== undefined, now),
    condition('Initialized', unfinishedInit.length === 0 || done, now, 'ContainersNotInitialized', `containers with incomplete status: [${unfinishedInit.join(' ')}]`),
    condition('Ready', !done && unready.length === 0, now, readyReason, readyMessage),
    condition('ContainersReady', !done && unready.length === 0, now, readyReason, readyMessage),
  ];
  const old = pod.status?.conditions ?? [];
  const kept = old.filter((c) => !fresh.some((f) => f.type === c.type));
  for (const c of fresh) {
    const before = old.find((o) => o.type === c.type);
    if (before && before.status === c.status) c.lastTransitionTime = before.lastTransitionTime;
  }
  return [...fresh, ...kept];
}

export function podStatus(pod: V1Pod, runtime: RuntimePod, inputs: StatusInputs): V1PodStatus {
  const spec = pod.spec!;
  const probes = (c: V1Container) => ({ readiness: c.readinessProbe !== undefined, startup: c.startupProbe !== undefined });
  const init = (spec.initContainers ?? []).map((c) => containerStatus(c, runtime.containers.get(c.name), inputs, probes(c)));
  const regular = spec.containers.map((c) => containerStatus(c, runtime.containers.get(c.name), inputs, probes(c)));
  const phase = phaseOf(pod, init, regular);
  const sandbox = readySandbox(runtime) ?? runtime.sandboxes[0];
  const podIPs = spec.hostNetwork
    ? inputs.hostIPs
    : [sandbox?.network?.ip, ...(sandbox?.network?.additionalIps ?? []).map((i) => i.ip)].filter((ip): ip is string => !!ip);
  return {
    phase,
    conditions: conditions(pod, runtime, phase, init, regular, inputs.now),
    hostIP: inputs.hostIPs[0],
    hostIPs: inputs.hostIPs.map((ip) => ({ ip })),
    ...(podIPs.length > 0 ? { podIP: podIPs[0], podIPs: podIPs.map((ip) => ({ ip })) } : {}),
    startTime: (pod.status?.startTime ?? inputs.now) as unknown as Date,
    ...(init.length > 0 ? { initContainerStatuses: init } : {}),
    containerStatuses: regular,
    qosClass: qosClass(pod),
  };
}
