// Runs the liveness, readiness and startup probes of a node's running containers, as upstream's
// prober: one worker per container and probe kind, first after initialDelaySeconds, then every
// periodSeconds, each try within timeoutSeconds; a result flips after successThreshold
// successes or failureThreshold failures. Readiness starts false, liveness true; until a
// startup probe passes neither of the others runs. Failures are Unhealthy events; a flip wakes
// the pod's worker (which restarts a container whose liveness failed).
import type { V1Container, V1Pod, V1Probe } from '@kubernetes/client-node';
import type { Cri } from '../../cri/services.js';
import type { ContainerStatus } from '../../cri/types.js';
import { containerEvents, type EventSink } from '../pods/podEvents.js';
import type { ProbeStates } from '../pods/podSync.js';
import { execAction, grpcAction, httpGetAction, tcpSocketAction, type ActionResult } from './handlerActions.js';

type Kind = 'liveness' | 'readiness' | 'startup';
const LABEL: Record<Kind, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

interface Worker {
  kind: Kind;
  containerId: string;
  result: boolean;
  successes: number;
  failures: number;
  timer: NodeJS.Timeout;
}

export interface ProbeManagerOptions {
  /** Whether pods' addresses are reachable (false for simulated nodes: network probes pass). */
  reachable: boolean;
  /** Called when a pod's probe results change. */
  onChange(uid: string): void;
}

export class ProbeManager implements ProbeStates {
  /** pod UID → `${container}/${kind}` → worker */
  private readonly pods = new Map<string, Map<string, Worker>>();

  constructor(private readonly cri: Cri, private readonly events: EventSink, private readonly options: ProbeManagerOptions) {}

  /** Starts workers for the pod's running containers' probes and stops those of containers gone. */
  track(pod: V1Pod, running: ReadonlyMap<string, ContainerStatus>): void {
    const uid = pod.metadata!.uid!;
    const workers = this.pods.get(uid) ?? new Map<string, Worker>();
    this.pods.set(uid, workers);
    const wanted = new Set<string>();
    for (const container of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
      const status = running.get(container.name);
      if (!status) continue;
      for (const kind of ['liveness', 'readiness', 'startup'] as const) {
        const probe = container[`${kind}Probe`];
        if (!probe) continue;
        const key = `${container.name}/${kind}`;
        wanted.add(key);
        const existing = workers.get(key);
        if (existing?.containerId === status.id) continue;
        if (existing) clearTimeout(existing.timer);
        workers.set(key, this.startWorker(pod, container, status, kind, probe));
      }
    }
    for (const [key, worker] of workers) {
      if (!wanted.has(key)) {
        clearTimeout(worker.timer);
        workers.delete(key);
      }
    }
    // A pod without probes keeps no entry (most pods: thousands on a simulated node).
    if (workers.size === 0) this.pods.delete(uid);
  }

  forget(uid: string): void {
    for (const worker of this.pods.get(uid)?.values() ?? []) clearTimeout(worker.timer);
    this.pods.delete(uid);
  }

  stop(): void {
    for (const uid of [...this.pods.keys()]) this.forget(uid);
  }

  readiness(uid: string): ReadonlyMap<string, boolean> {
    return this.results(uid, 'readiness');
  }

  started(uid: string): ReadonlyMap<string, boolean> {
    return this.results(uid, 'startup');
  }

  livenessFailed(uid: string, containerId: string): boolean {
    for (const worker of this.pods.get(uid)?.values() ?? []) {
      if (worker.kind === 'liveness' && worker.containerId === containerId && !worker.result) return true;
    }
    return false;
  }

  private results(uid: string, kind: Kind): Map<string, boolean> {
    const out = new Map<string, boolean>();
    for (const [key, worker] of this.pods.get(uid) ?? []) if (worker.kind === kind) out.set(key.slice(0, key.lastIndexOf('/')), worker.result);
    return out;
  }

  private startWorker(pod: V1Pod, container: V1Container, status: ContainerStatus, kind: Kind, probe: V1Probe): Worker {
    const uid = pod.metadata!.uid!;
    const worker: Worker = { kind, containerId: status.id, result: kind === 'liveness', successes: 0, failures: 0, timer: undefined as unknown as NodeJS.Timeout };
    const startedAtMs = Math.floor(status.startedAt / 1e6) || Date.now();
    const firstIn = Math.max(0, startedAtMs + (probe.initialDelaySeconds ?? 0) * 1000 - Date.now());
    const period = (probe.periodSeconds ?? 10) * 1000;
    const tick = async () => {
      if (kind !== 'startup' && container.startupProbe && this.started(uid).get(container.name) !== true) {
        worker.timer = setTimeout(tick, period);
        return;
      }
      const failure = await this.run(pod, container, status.id, probe);
      if (this.pods.get(uid)?.get(`${container.name}/${kind}`) !== worker) return;
      this.record(pod, container, worker, probe, failure);
      if (kind === 'startup' && worker.result) return;
      worker.timer = setTimeout(tick, period);
    };
    worker.timer = setTimeout(tick, firstIn);
    return worker;
  }

  private record(pod: V1Pod, container: V1Container, worker: Worker, probe: V1Probe, failure: ActionResult): void {
    const before = worker.result;
    if (failure === undefined) {
      worker.failures = 0;
      if (++worker.successes >= (probe.successThreshold ?? 1)) worker.result = true;
    } else {
      worker.successes = 0;
      containerEvents(this.events, pod, container.name).warning('Unhealthy', `${LABEL[worker.kind]} probe failed: ${failure}`);
      if (++worker.failures >= (probe.failureThreshold ?? 3)) worker.result = false;
    }
    if (worker.result !== before) this.options.onChange(pod.metadata!.uid!);
  }

  private run(pod: V1Pod, container: V1Container, containerId: string, probe: V1Probe): Promise<ActionResult> {
    const timeout = probe.timeoutSeconds ?? 1;
    if (probe.exec) return execAction(this.cri, containerId, probe.exec, timeout);
    if (!this.options.reachable) return Promise.resolve(undefined);
    const podIP = pod.status?.podIP ?? '';
    if (probe.httpGet) return httpGetAction(probe.httpGet, podIP, container, timeout);
    if (probe.tcpSocket) return tcpSocketAction(probe.tcpSocket, podIP, container, timeout);
    if (probe.grpc) return grpcAction(probe.grpc, podIP, timeout);
    return Promise.resolve(undefined);
  }
}
