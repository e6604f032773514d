// The node agent: registers its Node and keeps its Lease and status current, watches the pods
// bound to it, and runs them through CRI, one worker per pod. A pod being deleted is stopped
// within its grace period, reported terminal and then deleted for good; a pod gone from the API
// is cleaned off the node. After a restart it adopts what the runtime already runs.
import {
  CoordinationV1Api, CoreV1Api,
  type KubeConfig, type V1ContainerImage, type V1Pod, type V1PodStatus, type V1Service,
} from '@kubernetes/client-node';
import { logger } from '../log/index.js';
import type { SharedInformerFactory } from '../runtime/cache/index.js';
import { ApiWriter } from '../runtime/client/index.js';
import { EventRecorder } from '../runtime/events/index.js';
import type { Cri } from '../cri/services.js';
import { apiSources } from './apiSources.js';
import type { MachineInfo } from './node/machineInfo.js';
import { NodeLease } from './node/nodeLease.js';
import { NodeStatusReporter, NODE_STATUS_UPDATE_MS } from './node/nodeStatusReporter.js';
import { NodePodSource } from './pods/nodePodSource.js';
import { podNeedsSync } from './pods/podChange.js';
import { PodSyncer, type NodeContext } from './pods/podSync.js';
import { PodWorkers, type PodSyncOutcome } from './pods/podWorkers.js';
import { RuntimeRelister } from './pods/runtimeRelister.js';
import { ProbeManager } from './probes/probeManager.js';
import type { KubeletServer } from './server/index.js';
import { NodeStats } from './stats/index.js';

const log = logger('kubelet');

export interface KubeletOptions {
  kubeConfig: KubeConfig;
  cri: Cri;
  nodeName: string;
  /** The node's InternalIP. */
  address: string;
  machine: MachineInfo;
  rootDir: string;
  logDir: string;
  /** Informers shared by the node agents of one process (services). */
  informers: SharedInformerFactory;
  /** The pods bound to the process's nodes (default: an informer of this node's pods). */
  pods?: NodePodSource;
  kubeletPort?: number;
  /** The HTTPS server (src/kubelet/server) to serve this node's logs, exec, attach and
   * port-forward from, possibly shared with other nodes; the Node advertises its port. */
  server?: KubeletServer;
  /** Whether pods' addresses can be reached from here (false for simulated nodes). */
  reachable?: boolean;
  /** How often to relist the runtime for changes it made on its own. */
  relistMs?: number;
  /** How often every pod is synced even without news (volumes refreshed, default 60 s). */
  resyncMs?: number;
  nodeLabels?: Record<string, string>;
  dns?: NodeContext['dns'];
}

const isTerminal = (phase: string | undefined) => phase === 'Succeeded' || phase === 'Failed';
const KUBELET_CONDITIONS = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady']);

/** The pod with the start time and kubelet-owned conditions the kubelet last wrote, which
 * the informer's copy may not show yet; conditions others own stay as the informer has them. */
function withLastWritten(pod: V1Pod, last: V1PodStatus | undefined): V1Pod {
  if (!last) return pod;
  const conditions = [
    ...(pod.status?.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.has(c.type)),
    ...(last.conditions ?? []).filter((c) => KUBELET_CONDITIONS.has(c.type)),
  ];
  return { ...pod, status: { ...pod.status, startTime: pod.status?.startTime ?? last.startTime, conditions } };
}

export class Kubelet {
  private readonly core: CoreV1Api;
  /** Pod status patches go through this: their replies are not read. */
  private readonly writer: ApiWriter;
  private readonly recorder: EventRecorder;
  private readonly workers: PodWorkers;
  private readonly probes: ProbeManager;
  private readonly relister: RuntimeRelister;
  /** The status last written for each pod, as JSON (the one copy kept): the base of the next
   * one (its start and transition times), since the informer's copy may not show it yet. */
  private readonly written = new Map<string, string>();
  private syncer: PodSyncer | undefined;
  private reporter: NodeStatusReporter | undefined;
  private timers: NodeJS.Timeout[] = [];
  private podSource: NodePodSource | undefined;
  private stats: NodeStats | undefined;

  constructor(private readonly options: KubeletOptions) {
    this.core = options.kubeConfig.makeApiClient(CoreV1Api);
    this.writer = new ApiWriter(options.kubeConfig);
    this.recorder = new EventRecorder(options.kubeConfig, { component: 'kubelet', host: options.nodeName });
    this.workers = new PodWorkers((pod, removed) => this.syncPod(pod, removed), options.resyncMs);
    this.probes = new ProbeManager(options.cri, this.recorder, { reachable: options.reachable ?? true, onChange: (uid) => this.workers.wake(uid) });
    this.relister = new RuntimeRelister(options.cri, (uid) => this.workers.wake(uid), options.relistMs);
  }

  get nodeName(): string {
    return this.options.nodeName;
  }

  async start(): Promise<void> {
    const { cri, nodeName, machine, kubeConfig, informers } = this.options;
    const version = await cri.runtime.version({});
    const services = informers.forResource('/api/v1/services');
    this.stats = new NodeStats({
      nodeName, cri, memoryBytes: machine.memoryBytes, ephemeralStorageBytes: machine.ephemeralStorageBytes,
      rootDir: this.options.rootDir, logDir: this.options.logDir, startTime: new Date(),
      // The simulated runtime's pods are no processes here: its node is the sum of its pods.
      nodeUsage: version.runtimeName === 'kubets-simulator' ? 'pods' : 'host',
    });
    this.syncer = new PodSyncer(cri, {
      nodeName,
      hostIPs: [this.options.address],
      allocatable: { cpu: String(machine.cpuCores), memory: String(machine.memoryBytes - 100 * 1024 * 1024), 'ephemeral-storage': String(machine.ephemeralStorageBytes) },
      memoryCapacityBytes: machine.memoryBytes,
      rootDir: this.options.rootDir,
      logDir: this.options.logDir,
      runtimeName: version.runtimeName,
      mountTmpfs: this.options.reachable ?? true,
      dns: this.options.dns ?? { servers: [], searches: [], options: [] },
    }, apiSources(kubeConfig, () => services.store.list() as V1Service[]), this.recorder, this.probes);

    this.reporter = new NodeStatusReporter(this.core, {
      name: nodeName,
      address: this.options.address,
      kubeletPort: this.options.server?.port ?? this.options.kubeletPort ?? 10250,
      runtimeVersion: `${version.runtimeName}://${version.runtimeVersion}`,
      labels: this.options.nodeLabels,
    }, machine, { runtimeHealth: () => this.runtimeHealth(), images: () => this.images() });
    await this.reporter.register();
    const lease = new NodeLease(kubeConfig.makeApiClient(CoordinationV1Api), nodeName, () => this.reporter?.uid);
    await lease.renew();
    this.every(lease.renewIntervalMs, () => lease.renew());
    this.every(NODE_STATUS_UPDATE_MS, () => this.reporter!.report());

    const pods = this.options.pods ?? new NodePodSource(informers, nodeName);
    this.podSource = pods;
    this.options.server?.add({
      name: nodeName, cri, stats: this.stats, pod: (namespace, name) => pods.pods(nodeName).find((p) => p.metadata?.namespace === namespace && p.metadata?.name === name),
    });
    informers.start();
    await Promise.all([informers.waitForSync(), pods.waitForSync()]);
    await this.relister.relist();
    await this.removeOrphans(new Set(pods.pods(nodeName).map((p) => p.metadata!.uid!)));
    pods.subscribe(nodeName, {
      upsert: (pod) => this.workers.update(pod, podNeedsSync(this.workers.pod(pod.metadata!.uid!), pod)),
      remove: (pod) => this.workers.remove(pod),
    });
    this.relister.start();
  }

  async stop(): Promise<void> {
    this.options.server?.remove(this.nodeName);
    this.podSource?.unsubscribe(this.nodeName);
    for (const timer of this.timers) clearInterval(timer);
    this.relister.stop();
    this.workers.stop();
    this.probes.stop();
  }

  private every(ms: number, action: () => Promise<void>): void {
    const timer = setInterval(() => void action().catch((error: Error) => log.warn('periodic node update failed', { node: this.nodeName, error: error.message })), ms);
    timer.unref();
    this.timers.push(timer);
  }

  private async runtimeHealth() {
    try {
      const { status } = await this.options.cri.runtime.status({});
      const failing = (status?.conditions ?? []).filter((c) => !c.status);
      if (failing.length === 0) return { ready: true };
      return { ready: false, message: failing.map((c) => `container runtime ${c.type === 'NetworkReady' ? 'network ' : ''}not ready: ${c.type}=false reason:${c.reason} message:${c.message}`).join('; ') };
    } catch (error) {
      return { ready: false, message: `container runtime is down: ${(error as Error).message}` };
    }
  }

  private async images(): Promise<V1ContainerImage[]> {
    const { images } = await this.options.cri.image.listImages({});
    return images
      .map((i) => ({ names: [...i.repoDigests, ...i.repoTags], sizeBytes: i.size }))
      .sort((a, b) => b.sizeBytes - a.sizeBytes)
      .slice(0, 50);
  }

  /** Pods the runtime holds that are bound here no more: stopped and removed. */
  private async removeOrphans(known: Set<string>): Promise<void> {
    for (const uid of this.relister.podUids()) {
      if (known.has(uid)) continue;
      const pod = { metadata: { uid, name: uid, namespace: 'orphan' }, spec: { containers: [] } } as V1Pod;
      await this.syncer!.cleanUp(pod).catch((error: Error) => log.warn('orphan cleanup failed', { uid, error: error.message }));
    }
  }

  private async syncPod(pod: V1Pod, removed: boolean): Promise<PodSyncOutcome> {
    const syncer = this.syncer!;
    const uid = pod.metadata!.uid!;
    if (removed) {
      await syncer.terminate(pod);
      await syncer.cleanUp(pod);
      this.probes.forget(uid);
      this.written.delete(uid);
      this.stats?.metrics.podRemoved(uid);
      return {};
    }
    if (pod.metadata?.deletionTimestamp) {
      const { status } = await syncer.terminate(pod);
      await this.writeStatus(pod, status);
      this.probes.forget(uid);
      await this.core.deleteNamespacedPod({
        name: pod.metadata.name!, namespace: pod.metadata.namespace!, gracePeriodSeconds: 0, body: { preconditions: { uid } },
      }).catch((error: { code?: number }) => {
        if (error.code !== 404 && error.code !== 409) throw error;
      });
      return {};
    }
    if (isTerminal(pod.status?.phase)) {
      await syncer.terminate(pod);
      return {};
    }
    this.stats?.metrics.podSyncing(uid);
    const last = this.written.get(uid);
    const result = await syncer.sync(withLastWritten(pod, last === undefined ? undefined : JSON.parse(last) as V1PodStatus));
    this.stats?.metrics.podSynced(uid, result.status.phase);
    this.probes.track({ ...pod, status: result.status }, result.running);
    await this.writeStatus(pod, result.status);
    if (isTerminal(result.status.phase)) await syncer.terminate(pod);
    return { retryInMs: result.retryInMs };
  }

  private async writeStatus(pod: V1Pod, status: V1PodStatus): Promise<void> {
    const uid = pod.metadata!.uid!;
    const text = JSON.stringify(status);
    if (this.written.get(uid) === text) return;
    try {
      const { name, namespace } = pod.metadata!;
      await this.writer.patch(`/api/v1/namespaces/${namespace}/pods/${name}/status`, { status }, 'application/merge-patch+json');
      this.written.set(uid, text);
    } catch (error) {
      if ((error as { code?: number }).code !== 404) throw error;
    }
  }
}
