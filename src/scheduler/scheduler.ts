// The scheduler: informers of pods, nodes, volumes, priority classes, namespaces and disruption
// budgets feed the cache and the queue; one loop takes pods from the queue, decides
// synchronously (algorithm.ts), assumes the pod on its node and binds it in the background
// (pods/binding), a bounded number of bindings in flight. A pod that fits nowhere may preempt
// lower-priority pods (preemption.ts); it gets the FailedScheduling event and the
// PodScheduled=False condition, and waits in the queue.
import type { KubeConfig, V1Node, V1Pod, V1PriorityClass } from '@kubernetes/client-node';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import type { Registry } from 'prom-client';
import { logger } from '../log/index.js';
import { dropManagedFields, type KubeObject, type SharedInformer, type SharedInformerFactory } from '../runtime/cache/index.js';
import { EventRecorder, type InvolvedObject } from '../runtime/events/index.js';
import { Algorithm } from './algorithm.js';
import { ClusterCache } from './cache/clusterCache.js';
import { podInfo, podKey, type PodInfo } from './cache/podInfo.js';
import { fitErrorMessage } from './framework/fitError.js';
import type { ClusterEvent, SchedulingContext } from './framework/plugin.js';
import type { Profile } from './framework/profile.js';
import { SchedulerMetrics } from './metrics.js';
import { NominatedPods } from './nominations.js';
import { defaultProfile } from './plugins/index.js';
import { preempt } from './preemption.js';
import { Priorities } from './priorities.js';
import { PodUpdates } from './podUpdates.js';
import { SchedulingQueue, type QueuedPod } from './queue/schedulingQueue.js';

const log = logger('scheduler');

/** Typed objects as the informers hold them (plain JSON). */
type Cached<T> = T & KubeObject;
const MAX_BINDINGS_IN_FLIGHT = 64;
/** Scheduling decisions made between two turns of the event loop (informer events get in between). */
const DECISIONS_PER_TURN = 8;

const PATHS = {
  pods: '/api/v1/pods',
  nodes: '/api/v1/nodes',
  persistentvolumeclaims: '/api/v1/persistentvolumeclaims',
  persistentvolumes: '/api/v1/persistentvolumes',
  storageclasses: '/apis/storage.k8s.io/v1/storageclasses',
  priorityclasses: '/apis/scheduling.k8s.io/v1/priorityclasses',
  namespaces: '/api/v1/namespaces',
  poddisruptionbudgets: '/apis/policy/v1/poddisruptionbudgets',
} as const;

export interface SchedulerOptions {
  metricsRegistry?: Registry;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

const isTerminal = (pod: V1Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const podReference = (pod: V1Pod): InvolvedObject => ({
  apiVersion: 'v1', kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid, resourceVersion: pod.metadata?.resourceVersion,
});

export class Scheduler {
  readonly cache = new ClusterCache();
  readonly queue: SchedulingQueue;
  readonly metrics: SchedulerMetrics;
  private readonly profile: Profile;
  private readonly algorithm: Algorithm;
  private readonly context: SchedulingContext;
  private readonly priorities: Priorities;
  private readonly nominations: NominatedPods;
  private readonly updates: PodUpdates;
  private readonly events: EventRecorder;
  private readonly pods: SharedInformer<Cached<V1Pod>>;
  /** Pending pods held back by spec.schedulingGates (never tried until the gates go). */
  private readonly gated = new Set<string>();
  private bindingsInFlight = 0;
  private bindingSlot: (() => void) | undefined;
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(kubeConfig: KubeConfig, informers: SharedInformerFactory, options: SchedulerOptions = {}) {
    this.pods = informers.forResource<Cached<V1Pod>>(PATHS.pods, {}, { transform: dropManagedFields });
    const nodes = informers.forResource<Cached<V1Node>>(PATHS.nodes, {}, { transform: dropManagedFields });
    const stores = {
      persistentvolumeclaims: informers.forResource(PATHS.persistentvolumeclaims).store,
      persistentvolumes: informers.forResource(PATHS.persistentvolumes).store,
      storageclasses: informers.forResource(PATHS.storageclasses).store,
      namespaces: informers.forResource(PATHS.namespaces).store,
      poddisruptionbudgets: informers.forResource(PATHS.poddisruptionbudgets).store,
    };
    const classes = informers.forResource<Cached<V1PriorityClass>>(PATHS.priorityclasses).store;
    this.priorities = new Priorities({ get: (name) => classes.get(name), list: () => classes.list() });
    this.nominations = new NominatedPods(this.priorities.of);
    this.profile = defaultProfile(kubeConfig);
    this.context = {
      cache: this.cache,
      lookup: <T>(resource: keyof typeof stores, key: string) => stores[resource].get(key) as T | undefined,
      list: <T>(resource: 'persistentvolumes' | 'poddisruptionbudgets') => stores[resource].list() as T[],
    };
    this.algorithm = new Algorithm(this.profile, this.context, this.nominations);
    this.queue = new SchedulingQueue({
      initialBackoffMs: options.initialBackoffMs,
      maxBackoffMs: options.maxBackoffMs,
      pluginEvents: new Map(this.profile.filters.map((f) => [f.name, f.events])),
    });
    this.metrics = new SchedulerMetrics(options.metricsRegistry, () => ({ ...this.queue.pending, gated: this.gated.size }));
    this.updates = new PodUpdates(kubeConfig);
    this.events = new EventRecorder(kubeConfig, { component: this.profile.name });

    this.pods.addEventHandler({
      onAdd: (pod) => this.podChanged(undefined, pod),
      onUpdate: (old, pod) => this.podChanged(old, pod),
      onDelete: (pod) => this.podDeleted(pod),
    });
    nodes.addEventHandler({
      onAdd: (node) => { this.cache.setNode(node); this.queue.moveOnEvent('NodeAdd'); },
      onUpdate: (old, node) => {
        this.cache.setNode(node);
        if (schedulingFacts(old) !== schedulingFacts(node)) this.queue.moveOnEvent('NodeUpdate');
      },
      onDelete: (node) => this.cache.deleteNode(node.metadata!.name!),
    });
    const moveOn = (add: ClusterEvent, update: ClusterEvent) => ({ onAdd: () => this.queue.moveOnEvent(add), onUpdate: () => this.queue.moveOnEvent(update) });
    informers.forResource(PATHS.persistentvolumes).addEventHandler(moveOn('PvAdd', 'PvUpdate'));
    informers.forResource(PATHS.persistentvolumeclaims).addEventHandler(moveOn('PvcAdd', 'PvcUpdate'));
    informers.forResource(PATHS.storageclasses).addEventHandler(moveOn('StorageClassAdd', 'StorageClassAdd'));
  }

  /** Starts the scheduling loop (once the informers have synced and this replica leads). */
  run(): void {
    this.queue.run();
    this.loop ??= this.schedulingLoop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.close();
    this.bindingSlot?.();
    await this.loop;
  }

  /** A pending pod of this scheduler: its schedulerName, no node, not finished or going. */
  private pendingHere(pod: V1Pod): boolean {
    const name = pod.spec?.schedulerName;
    return (!name || name === this.profile.name) && !pod.spec?.nodeName && !pod.metadata?.deletionTimestamp && !isTerminal(pod);
  }

  /** A pending pod this scheduler may try now (its scheduling gates all removed). */
  private responsibleFor(pod: V1Pod): boolean {
    return this.pendingHere(pod) && (pod.spec?.schedulingGates ?? []).length === 0;
  }

  private podChanged(old: V1Pod | undefined, pod: V1Pod): void {
    const key = podKey(pod);
    if (pod.spec?.nodeName) {
      this.gated.delete(key);
      const wasCounted = !!old?.spec?.nodeName && !isTerminal(old);
      this.cache.setPod(pod);
      this.queue.delete(key);
      this.nominations.delete(key);
      if (isTerminal(pod)) {
        if (wasCounted) this.queue.moveOnEvent('AssignedPodDelete');
      } else if (!wasCounted) {
        this.queue.moveOnEvent('AssignedPodAdd');
      } else if (placementFacts(old!) !== placementFacts(pod)) {
        // Kubelets' status updates are most of the traffic and change nothing here.
        this.queue.moveOnEvent('AssignedPodUpdate');
      }
      return;
    }
    if (this.pendingHere(pod) && !this.responsibleFor(pod)) this.gated.add(key);
    else this.gated.delete(key);
    if (!this.responsibleFor(pod)) {
      this.queue.delete(key);
      return;
    }
    const info = podInfo(pod);
    const nominated = pod.status?.nominatedNodeName;
    if (nominated) this.nominations.set(info, nominated);
    else this.nominations.delete(key);
    this.queue.add(key, pod, this.priorities.of(info));
  }

  private podDeleted(pod: V1Pod): void {
    const key = podKey(pod);
    this.gated.delete(key);
    this.queue.delete(key);
    this.nominations.delete(key);
    if (pod.spec?.nodeName || this.cache.isAssumedOrAssigned(key)) {
      this.cache.deletePod(pod);
      this.queue.moveOnEvent('AssignedPodDelete');
    }
  }

  private async schedulingLoop(): Promise<void> {
    let decisions = 0;
    while (!this.stopped) {
      while (this.bindingsInFlight >= MAX_BINDINGS_IN_FLIGHT && !this.stopped) {
        await new Promise<void>((resolve) => (this.bindingSlot = resolve));
      }
      const queued = await this.queue.pop();
      if (!queued || this.stopped) return;
      try {
        this.scheduleOne(queued);
      } catch (error) {
        log.error('scheduling attempt failed', { pod: queued.key, error: (error as Error).message });
        this.metrics.attempts.inc({ result: 'error', profile: this.profile.name });
        this.queue.failed(queued, new Set(), true);
      }
      if (++decisions % DECISIONS_PER_TURN === 0) await yieldToEvents();
    }
  }

  private scheduleOne(queued: QueuedPod): void {
    const pod = this.pods.store.get(queued.key);
    if (!pod || !this.responsibleFor(pod) || this.cache.isAssumedOrAssigned(queued.key)) {
      this.queue.done(queued.key);
      return;
    }
    const started = performance.now();
    const info = podInfo(pod);
    const priority = this.priorities.of(info);
    const decision = this.algorithm.schedule(info, priority);
    if (decision.node !== undefined) {
      this.cache.assume(pod, decision.node);
      this.nominations.delete(queued.key);
      this.queue.done(queued.key);
      void this.bind(queued, pod, decision.node, started);
      return;
    }
    let postFilterMessage: string | undefined;
    let nominatedNode: string | undefined;
    if (decision.allNodes > 0) {
      this.metrics.preemptionAttempts.inc();
      const result = preempt(this.algorithm, this.context, decision.state, info, priority, decision.statuses, this.priorities.of, this.nominations.nodeOf(queued.key));
      if (result.node !== undefined) {
        nominatedNode = result.node;
        // Lower-priority pods nominated there may no longer fit: their nominations go.
        for (const displaced of this.nominations.below(result.node, priority)) {
          this.nominations.delete(displaced.key);
          this.updates.clearNomination(displaced.pod)
            .catch((error: Error) => log.warn('nomination not cleared', { pod: displaced.key, error: error.message }));
        }
        this.nominations.set(info, result.node);
        this.metrics.preemptionVictims.observe(result.victims.length);
        void this.evict(pod, result.node, result.victims);
      } else {
        postFilterMessage = result.message;
      }
    }
    const message = decision.allNodes === 0 && !decision.preFilter
      ? 'no nodes available to schedule pods'
      : fitErrorMessage(decision.allNodes, decision.statuses.values(), decision.preFilter?.reasons.join(', '), postFilterMessage);
    const rejectedBy = new Set([...decision.statuses.values()].map((s) => s.plugin));
    if (decision.preFilter) rejectedBy.add(decision.preFilter.plugin);
    if (decision.allNodes === 0) rejectedBy.add('NodeName');
    this.queue.failed(queued, rejectedBy, nominatedNode !== undefined);
    this.metrics.attempts.inc({ result: 'unschedulable', profile: this.profile.name });
    this.metrics.attemptDuration.observe({ result: 'unschedulable', profile: this.profile.name }, (performance.now() - started) / 1000);
    log.v(2).info('unschedulable', { pod: queued.key, message });
    this.events.event(podReference(pod), 'Warning', 'FailedScheduling', message);
    this.updates.unschedulable(pod, message, nominatedNode)
      .catch((error: Error) => log.warn('pod condition not updated', { pod: queued.key, error: error.message }));
  }

  private async bind(queued: QueuedPod, pod: V1Pod, node: string, started: number): Promise<void> {
    this.bindingsInFlight++;
    try {
      for (const plugin of this.profile.preBinders) await plugin.preBind(pod, node, this.context);
      await this.updates.bind(pod, node);
      const seconds = (performance.now() - started) / 1000;
      this.metrics.attempts.inc({ result: 'scheduled', profile: this.profile.name });
      this.metrics.attemptDuration.observe({ result: 'scheduled', profile: this.profile.name }, seconds);
      this.metrics.podSchedulingDuration.observe({ attempts: String(Math.min(queued.attempts, 16)) }, (Date.now() - queued.initialAttempt) / 1000);
      this.events.event(podReference(pod), 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata!.namespace}/${pod.metadata!.name} to ${node}`);
    } catch (error) {
      const message = (error as Error).message;
      log.warn('binding failed', { pod: queued.key, node, error: message });
      this.cache.forget(pod);
      this.metrics.attempts.inc({ result: 'error', profile: this.profile.name });
      const current = this.pods.store.get(queued.key);
      if (current && this.responsibleFor(current)) {
        this.queue.failed(queued, new Set(), true);
        this.events.event(podReference(pod), 'Warning', 'FailedScheduling', `Binding rejected: ${message}`);
      }
    } finally {
      this.bindingsInFlight--;
      const slot = this.bindingSlot;
      this.bindingSlot = undefined;
      slot?.();
    }
  }

  private async evict(preemptor: V1Pod, node: string, victims: PodInfo[]): Promise<void> {
    await Promise.all(victims.map(async ({ pod: victim, key }) => {
      try {
        await this.updates.evict(victim, this.profile.name);
        this.events.event(podReference(victim), 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata?.uid} on node ${node}`);
      } catch (error) {
        log.warn('preemption victim not deleted', { pod: key, error: (error as Error).message });
      }
    }));
  }
}

/** The parts of an assigned pod other pods' placement depends on (labels for affinity and
 * spreading, its containers' requests). */
function placementFacts(pod: V1Pod): string {
  return JSON.stringify([pod.metadata?.labels, pod.spec?.containers.map((c) => c.resources?.requests)]);
}

/** The parts of a Node that change what fits on it (not its heartbeats). */
function schedulingFacts(node: V1Node): string {
  return JSON.stringify([node.metadata?.labels, node.spec?.taints, node.spec?.unschedulable, node.status?.allocatable]);
}
