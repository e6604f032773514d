// GarbageCollector: one metadata-only informer per deletable resource feeds the owner graph (or
// the manager's informer for the resource, when its controllers watch it already: one watch);
// two rate-limited queues (framework Controllers keyed by UID) act on it:
//   attempt-to-delete  a virtual owner → live GET; absent (404 or another UID) → its node goes
//                      and its dependents are examined.
//                      an owner deleting in the foreground → once no dependent with
//                      blockOwnerDeletion remains, its `foregroundDeletion` finalizer goes.
//                      a dependent → each owner classified by a live GET: solid, dangling
//                      (absent) or waiting (being deleted in the foreground). No solid owner →
//                      the dependent is deleted (Foreground when it blocks a waiting owner or
//                      has dependents of its own, Background otherwise); some solid → only the
//                      references to dangling and waiting owners are removed.
//   attempt-to-orphan  an owner being deleted with the `orphan` finalizer → its reference is
//                      removed from every dependent, then the finalizer.
// Writes are merge patches carrying the resourceVersion read (a 409 retries through the
// queue's backoff) and deletes carry the UID precondition. Discovery runs again periodically,
// so resources that appear (CRDs) are watched and those that vanish are dropped.
import * as k8s from '@kubernetes/client-node';
import type { Registry } from 'prom-client';
import { logger as componentLogger, type Logger } from '../../log/index.js';
import { ListWatch, SharedInformer, type HandlerRegistration, type KubeObject } from '../../runtime/cache/index.js';
import { Controller, type Result, type StopOptions } from '../../runtime/controller/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import { discoverDeletableResources, type ResourceInfo } from './discovery.js';
import { Graph, type GraphNode, type GraphWork } from './graph.js';
import {
  FINALIZER_FOREGROUND, FINALIZER_ORPHAN, groupOf, metadataOnly, type GcObject, type GcOwnerReference, type ObjectIdentity,
} from './metadata.js';

export interface GarbageCollectorOptions {
  /** How often discovery runs again (default 30 s). */
  rediscoveryPeriodMs?: number;
  /** Workers per queue (default 5 for attempt-to-delete, 2 for attempt-to-orphan). */
  deleteWorkers?: number;
  orphanWorkers?: number;
  /** Resources never watched, as `group/resource` (`/events` for core events). Default: events. */
  ignoredResources?: string[];
  metricsRegistry?: Registry;
  logger?: Logger;
}

interface Watched {
  info: ResourceInfo;
  informer: SharedInformer<KubeObject>;
  registration: HandlerRegistration;
  /** Whether the informer is the collector's own (else the manager's, not the collector's to stop). */
  own: boolean;
}

type LiveObject = k8s.KubernetesObject & { metadata: k8s.V1ObjectMeta };

const DEFAULT_IGNORED = ['/events', 'events.k8s.io/events'];
const ABSENT_CACHE_SIZE = 1000;

function statusCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown; statusCode?: unknown })?.code ?? (error as { statusCode?: unknown })?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** A controller whose stop also stops the collector's own informers (the Manager stops it). */
class CollectorQueue extends Controller {
  constructor(options: ConstructorParameters<typeof Controller>[0], private readonly onStop: () => Promise<void>) {
    super(options);
  }

  override async stop(options?: StopOptions): Promise<void> {
    await super.stop(options);
    await this.onStop();
  }
}

export class GarbageCollector {
  readonly graph = new Graph();
  readonly attemptToDelete: Controller;
  readonly attemptToOrphan: Controller;
  private readonly watched = new Map<string, Watched>();
  /** group/kind → resource, for owners named by ownerReferences. */
  private kinds = new Map<string, ResourceInfo>();
  private readonly absentOwners = new Set<string>();
  private readonly log: Logger;
  private readonly ignored: Set<string>;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private discovering: Promise<void> | undefined;
  private syncedResolve!: () => void;
  private readonly synced = new Promise<void>((resolve) => { this.syncedResolve = resolve; });

  constructor(private readonly manager: Manager, private readonly options: GarbageCollectorOptions = {}) {
    this.log = options.logger ?? componentLogger('garbage-collector');
    this.ignored = new Set(options.ignoredResources ?? DEFAULT_IGNORED);
    const stopOnce = (): Promise<void> => this.stop();
    this.attemptToDelete = new CollectorQueue({
      name: 'garbage_collector_attempt_to_delete',
      reconciler: async ({ name }) => this.attemptToDeleteItem(name),
      maxConcurrentReconciles: options.deleteWorkers ?? 5,
      metricsRegistry: options.metricsRegistry ?? manager.metricsRegistry,
      logger: this.log,
    }, stopOnce);
    this.attemptToOrphan = new CollectorQueue({
      name: 'garbage_collector_attempt_to_orphan',
      reconciler: async ({ name }) => this.attemptToOrphanItem(name),
      maxConcurrentReconciles: options.orphanWorkers ?? 2,
      metricsRegistry: options.metricsRegistry ?? manager.metricsRegistry,
      logger: this.log,
    }, stopOnce);
  }

  /** The resources watched now. */
  get resources(): ResourceInfo[] {
    return [...this.watched.values()].map((w) => w.info);
  }

  /** Discovers, starts the informers, waits for their first lists, then re-discovers periodically. */
  async run(): Promise<void> {
    await this.rediscover();
    await Promise.all([...this.watched.values()].map(async (w) => {
      await w.informer.waitForSync().catch(() => undefined);
    }));
    await Promise.all([...this.watched.values()].map((w) => w.registration.idle()));
    this.syncedResolve();
    this.log.v(1).info('graph synced', { resources: this.watched.size, nodes: this.graph.size });
    this.schedule();
  }

  /** Resolves once the first graph is built (the queues wait for it before acting). */
  whenSynced(): Promise<void> {
    return this.synced;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    await this.discovering?.catch(() => undefined);
    const watched = [...this.watched.values()];
    this.watched.clear();
    for (const w of watched) w.registration.remove();
    await Promise.all(watched.filter((w) => w.own).map((w) => w.informer.stop()));
    this.syncedResolve();
  }

  /** Runs discovery once now (also used by tests instead of waiting for the period). */
  rediscover(): Promise<void> {
    this.discovering ??= this.discover().finally(() => { this.discovering = undefined; });
    return this.discovering;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.rediscover().catch((error: unknown) => this.log.warn('discovery failed', { error: String(error) })).finally(() => this.schedule());
    }, this.options.rediscoveryPeriodMs ?? 30_000);
    this.timer.unref?.();
  }

  private async discover(): Promise<void> {
    if (this.stopped) return;
    const { resources, failed } = await discoverDeletableResources(this.manager.kubeConfig);
    if (this.stopped) return;
    const wanted = new Map<string, ResourceInfo>();
    const kinds = new Map<string, ResourceInfo>();
    for (const info of resources) {
      kinds.set(`${info.group}/${info.kind}`, info);
      if (!this.ignored.has(`${info.group}/${info.resource}`)) wanted.set(info.path, info);
    }
    this.kinds = kinds;
    for (const info of wanted.values()) if (!this.watched.has(info.path)) this.watch(info);
    const failedGroups = new Set(failed.map((gv) => gv.split('/')[0]));
    for (const [path, w] of this.watched) {
      // A group that failed to answer keeps its informers; only a resource really gone is dropped.
      if (wanted.has(path) || failedGroups.has(w.info.group)) continue;
      this.watched.delete(path);
      w.registration.remove();
      if (w.own) void w.informer.stop();
      this.log.v(2).info('resource no longer watched', { path });
    }
  }

  private watch(info: ResourceInfo): void {
    const reduce = metadataOnly(info.apiVersion, info.kind);
    const shared = this.manager.informers.existing(info.path);
    const informer = shared ?? new SharedInformer<KubeObject>(new ListWatch(this.manager.kubeConfig, info.path), {
      transform: reduce,
      onHandlerError: (error) => this.log.error('graph handler failed', { error: String(error) }),
    });
    // The manager's informer caches whole objects; the graph is handed their metadata only.
    const gcObject = shared ? (object: KubeObject) => reduce(object) as GcObject : (object: KubeObject) => object as GcObject;
    const registration = informer.addEventHandler({
      onAdd: (object) => this.apply(this.graph.observe(gcObject(object))),
      onUpdate: (_old, object) => this.apply(this.graph.observe(gcObject(object))),
      onDelete: (object) => this.apply(this.graph.remove(gcObject(object))),
    });
    this.watched.set(info.path, { info, informer, registration, own: !shared });
    informer.start();
    this.log.v(2).info('watching resource', { path: info.path, shared: Boolean(shared) });
  }

  private apply(work: GraphWork): void {
    for (const node of work.attemptToDelete) this.attemptToDelete.enqueue({ name: node.uid });
    for (const node of work.attemptToOrphan) this.attemptToOrphan.enqueue({ name: node.uid });
  }

  // Live reads and writes, through the Manager's client.

  /** The object an identity names, or undefined when absent (404 or another UID). */
  private async getLive(identity: ObjectIdentity): Promise<LiveObject | undefined> {
    const info = this.kinds.get(`${groupOf(identity.apiVersion)}/${identity.kind}`);
    if (!info) {
      await this.rediscover();
      if (!this.kinds.has(`${groupOf(identity.apiVersion)}/${identity.kind}`)) {
        throw new Error(`unknown kind ${identity.kind} in ${identity.apiVersion}`);
      }
    }
    const namespaced = this.kinds.get(`${groupOf(identity.apiVersion)}/${identity.kind}`)!.namespaced;
    const metadata: { name: string; namespace?: string } = { name: identity.name };
    if (namespaced) {
      if (!identity.namespace) return undefined; // a namespaced owner of a cluster-scoped dependent cannot exist
      metadata.namespace = identity.namespace;
    }
    try {
      const live = (await this.manager.client.read({ apiVersion: identity.apiVersion, kind: identity.kind, metadata })) as LiveObject;
      return live.metadata.uid === identity.uid ? live : undefined;
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw error;
    }
  }

  private async mergePatch(live: LiveObject, metadata: Partial<k8s.V1ObjectMeta>): Promise<void> {
    const body = {
      apiVersion: live.apiVersion!, kind: live.kind!,
      metadata: { name: live.metadata.name, namespace: live.metadata.namespace, resourceVersion: live.metadata.resourceVersion, ...metadata },
    };
    try {
      await this.manager.client.patch(body, undefined, undefined, 'garbage-collector', undefined, k8s.PatchStrategy.MergePatch);
    } catch (error) {
      if (statusCode(error) === 404) return;
      throw error;
    }
  }

  private async deleteObject(identity: ObjectIdentity, policy: 'Background' | 'Foreground'): Promise<void> {
    const spec = { apiVersion: identity.apiVersion, kind: identity.kind, metadata: { name: identity.name, namespace: identity.namespace } };
    const body: k8s.V1DeleteOptions = { propagationPolicy: policy, preconditions: { uid: identity.uid } };
    try {
      await this.manager.client.delete(spec, undefined, undefined, undefined, undefined, policy, body);
      this.log.v(2).info('deleted dependent', { ...identity, policy });
    } catch (error) {
      if (statusCode(error) === 404) return;
      throw error;
    }
  }

  private rememberAbsent(uid: string): void {
    if (this.absentOwners.size >= ABSENT_CACHE_SIZE) this.absentOwners.delete(this.absentOwners.values().next().value!);
    this.absentOwners.add(uid);
  }

  // attempt-to-delete

  private async attemptToDeleteItem(uid: string): Promise<Result | void> {
    await this.synced;
    const node = this.graph.get(uid);
    if (!node || this.stopped) return;
    if (node.virtual) return this.verifyVirtual(node);
    if (node.beingDeleted && !node.deletingDependents) return;
    const live = await this.getLive(node.identity);
    if (!live) return; // gone or replaced: the informer reports it
    const finalizers = live.metadata.finalizers ?? [];
    if (live.metadata.deletionTimestamp) {
      if (finalizers.includes(FINALIZER_FOREGROUND)) return this.processDeletingDependents(node, live);
      return;
    }
    const refs = (live.metadata.ownerReferences ?? []) as GcOwnerReference[];
    if (refs.length === 0) return;
    const solid: GcOwnerReference[] = [];
    const dangling: GcOwnerReference[] = [];
    const waiting: GcOwnerReference[] = [];
    for (const ref of refs) {
      if (this.absentOwners.has(ref.uid)) {
        dangling.push(ref);
        continue;
      }
      const owner = await this.getLive({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid, namespace: live.metadata.namespace });
      if (!owner) {
        this.rememberAbsent(ref.uid);
        dangling.push(ref);
      } else if (owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(FINALIZER_FOREGROUND)) {
        waiting.push(ref);
      } else {
        solid.push(ref);
      }
    }
    if (solid.length > 0) {
      if (dangling.length + waiting.length === 0) return;
      const gone = new Set([...dangling, ...waiting].map((r) => r.uid));
      this.log.v(2).info('removing dangling owner references', { ...node.identity, owners: [...gone] });
      await this.mergePatch(live, { ownerReferences: (live.metadata.ownerReferences ?? []).filter((r) => !gone.has(r.uid)) });
      return;
    }
    const foreground = waiting.some((r) => r.blockOwnerDeletion === true) || (waiting.length > 0 && node.dependents.size > 0);
    await this.deleteObject(node.identity, foreground ? 'Foreground' : 'Background');
  }

  /** An owner only named by references: absent → its node goes and its dependents are examined. */
  private async verifyVirtual(node: GraphNode): Promise<Result | void> {
    if (!this.absentOwners.has(node.uid)) {
      const live = await this.getLive(node.identity);
      if (live) return { requeueAfter: 30_000 }; // exists, not observed yet: look again later
      this.rememberAbsent(node.uid);
    }
    this.apply(this.graph.removeVirtual(node));
  }

  /** Foreground deletion: the finalizer goes once no dependent blocks the owner. */
  private async processDeletingDependents(node: GraphNode, live: LiveObject): Promise<void> {
    const blocking = node.blockingDependents();
    if (blocking.length === 0) {
      this.log.v(2).info('removing finalizer', { ...node.identity, finalizer: FINALIZER_FOREGROUND });
      await this.mergePatch(live, { finalizers: (live.metadata.finalizers ?? []).filter((f) => f !== FINALIZER_FOREGROUND) });
      return;
    }
    for (const dependent of blocking) if (!dependent.deletingDependents) this.attemptToDelete.enqueue({ name: dependent.uid });
  }

  // attempt-to-orphan

  private async attemptToOrphanItem(uid: string): Promise<void> {
    await this.synced;
    const node = this.graph.get(uid);
    if (!node || node.virtual || this.stopped) return;
    const owner = await this.getLive(node.identity);
    if (!owner || !owner.metadata.deletionTimestamp || !(owner.metadata.finalizers ?? []).includes(FINALIZER_ORPHAN)) return;
    const failures: unknown[] = [];
    await Promise.all([...node.dependents].map(async (dependent) => {
      try {
        const live = await this.getLive(dependent.identity);
        if (!live) return;
        const refs = live.metadata.ownerReferences ?? [];
        if (!refs.some((r) => r.uid === uid)) return;
        await this.mergePatch(live, { ownerReferences: refs.filter((r) => r.uid !== uid) });
      } catch (error) {
        failures.push(error);
      }
    }));
    if (failures.length > 0) throw new Error(`orphaning dependents of ${node.identity.kind} ${node.identity.name}: ${failures.map(String).join('; ')}`);
    this.log.v(2).info('removing finalizer', { ...node.identity, finalizer: FINALIZER_ORPHAN });
    await this.mergePatch(owner, { finalizers: (owner.metadata.finalizers ?? []).filter((f) => f !== FINALIZER_ORPHAN) });
  }
}

/**
 * Adds the garbage collector's queues to the manager and starts its discovery and informers
 * once the manager runs its controllers (after winning the Lease, when elected). The manager's
 * stop() stops it too. Call before or after manager.start().
 */
export function startGarbageCollector(manager: Manager, options: GarbageCollectorOptions = {}): GarbageCollector {
  const gc = new GarbageCollector(manager, options);
  manager.add(gc.attemptToDelete);
  manager.add(gc.attemptToOrphan);
  const log = options.logger ?? componentLogger('garbage-collector');
  void manager.leading().then(async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        await gc.run();
        return;
      } catch (error) {
        log.warn('garbage collector start failed; retrying', { error: String(error), attempt });
        await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** attempt)));
      }
    }
  });
  return gc;
}
