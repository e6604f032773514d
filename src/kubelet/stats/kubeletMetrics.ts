// The kubelet's own `/metrics`: a prom-client registry per node with a few of upstream's kubelet
// metrics — kubelet_node_name, kubelet_running_pods (pods with a ready sandbox) and
// kubelet_running_containers by state, both read from the runtime when scraped, and
// kubelet_pod_start_duration_seconds, from the first sync of a pod to its first sync that finds
// it Running. The registry is made on first use: thousands of idle simulated nodes need none.
import client from 'prom-client';
import type { Cri } from '../../cri/services.js';

const containerStates: Record<string, string> = {
  CONTAINER_CREATED: 'created', CONTAINER_RUNNING: 'running', CONTAINER_EXITED: 'exited', CONTAINER_UNKNOWN: 'unknown',
};

interface Instruments {
  registry: client.Registry;
  podStartDuration: client.Histogram;
}

export class KubeletMetrics {
  readonly contentType = client.Registry.PROMETHEUS_CONTENT_TYPE;
  private readonly firstSeen = new Map<string, number>();
  private readonly started = new Set<string>();
  private made: Instruments | undefined;

  constructor(private readonly nodeName: string, private readonly cri: Cri) {}

  private get instruments(): Instruments {
    this.made ??= this.make();
    return this.made;
  }

  private make(): Instruments {
    const registry = new client.Registry();
    const registers = [registry];
    const { cri } = this;
    new client.Gauge({ name: 'kubelet_node_name', help: 'The node\'s name; the value is always 1', labelNames: ['node'], registers }).set({ node: this.nodeName }, 1);
    const runningPods: client.Gauge = new client.Gauge({
      name: 'kubelet_running_pods', help: 'Number of pods that have a ready pod sandbox', registers,
      collect: async () => {
        const { items } = await cri.runtime.listPodSandbox({ filter: { state: { state: 'SANDBOX_READY' } } });
        runningPods.set(items.length);
      },
    });
    const runningContainers: client.Gauge = new client.Gauge({
      name: 'kubelet_running_containers', help: 'Number of containers, by state', labelNames: ['container_state'], registers,
      collect: async () => {
        const { containers } = await cri.runtime.listContainers({});
        runningContainers.reset();
        for (const state of Object.values(containerStates)) runningContainers.set({ container_state: state }, 0);
        for (const container of containers) runningContainers.inc({ container_state: containerStates[container.state] ?? 'unknown' });
      },
    });
    const podStartDuration = new client.Histogram({
      name: 'kubelet_pod_start_duration_seconds',
      help: 'Seconds from the kubelet first syncing a pod to finding it running',
      buckets: [0.5, 1, 2, 3, 4, 5, 6, 8, 10, 20, 30, 45, 60, 120, 180, 240, 300, 360, 480, 600, 900, 1200, 1800, 2700, 3600],
      registers,
    });
    return { registry, podStartDuration };
  }

  /** A sync of pod `uid` begins: the first one starts its clock. */
  podSyncing(uid: string): void {
    if (!this.firstSeen.has(uid)) this.firstSeen.set(uid, Date.now());
  }

  /** A sync of pod `uid` found it in `phase`: the first time Running, its start is observed. */
  podSynced(uid: string, phase: string | undefined): void {
    const seen = this.firstSeen.get(uid);
    if (phase !== 'Running' || seen === undefined || this.started.has(uid)) return;
    this.started.add(uid);
    this.instruments.podStartDuration.observe((Date.now() - seen) / 1000);
  }

  /** The pod left the node. */
  podRemoved(uid: string): void {
    this.firstSeen.delete(uid);
    this.started.delete(uid);
  }

  text(): Promise<string> {
    return this.instruments.registry.metrics();
  }
}
