// One store per served resource version, on the shared storage backend behind one watch
// cache per stored resource (the versions of a resource share it). Events are served straight
// from the backend, as upstream keeps no watch cache for them: they are many, short-lived and
// seldom listed. Resources that only take a create (reviews, bindings) are not stored here.
import { WatchCache, type Storage, type WatchCacheOptions } from '../storage/index.js';
import type { Catalog, ResourceInfo } from './catalog.js';
import { converterFor, normalizeStorageVersionObject, type JsonObject } from './conversion/index.js';
import type { KubeObject } from './object.js';
import { Store, storagePrefix, type StorageConverter } from './store.js';
import type { Strategy } from './strategy.js';
import { strategyFor, type StrategyContext } from './strategies/index.js';

export interface RegistriesOptions {
  /** Decorates the backend per resource (metrics use it to time storage calls). */
  wrap?: (storage: Storage, resource: string) => Storage;
  /** The Service cluster IP range and node port range. */
  ranges?: Partial<Omit<StrategyContext, 'storage'>>;
  watchCache?: WatchCacheOptions;
}

/** Stored resources without a watch cache (upstream's default --watch-cache-sizes gives events
 * none); core and events.k8s.io events share this prefix. */
const UNCACHED_PREFIXES: ReadonlySet<string> = new Set([storagePrefix({ group: '', resource: 'events' })]);

export class Registries {
  private readonly stores = new Map<string, Store>();
  private readonly caches = new Map<string, WatchCache>();
  /** The storage of the uncached resources, by prefix (the wrapped backend). */
  private readonly uncached = new Map<string, Storage>();
  private readonly counts = new Map<string, () => number | Promise<number>>();
  private readonly customKeys = new Set<string>();

  constructor(readonly catalog: Catalog, readonly backend: Storage, private readonly options: RegistriesOptions = {}) {
    const context = { storage: backend, serviceCidr: '10.96.0.0/12', nodePortRange: [30000, 32767] as [number, number], ...options.ranges };
    for (const info of catalog.resources) {
      if (info.verbs.includes('list') && !info.computed) this.serve(info, strategyFor(info, context));
    }
  }

  /** Serves exactly these custom resources: stores for new ones, the gone ones' caches closed.
   * The versions of a resource share its storage prefix; `converter` says how a version's
   * objects are stored (the storage version's apiVersion). */
  async serveCustomResources(resources: ResourceInfo[], strategy: (info: ResourceInfo) => Strategy, converter?: (info: ResourceInfo) => StorageConverter): Promise<void> {
    const wanted = new Set(resources.map(storeKey));
    for (const key of [...this.customKeys]) {
      if (wanted.has(key)) continue;
      const store = this.stores.get(key)!;
      this.stores.delete(key);
      this.customKeys.delete(key);
      if (![...this.stores.values()].some((s) => s.prefix === store.prefix)) {
        await this.caches.get(store.prefix)?.close();
        this.caches.delete(store.prefix);
        this.counts.delete(countName(store.info));
      }
    }
    for (const info of resources) {
      const key = storeKey(info);
      const current = this.stores.get(key);
      if (current && JSON.stringify(current.info) === JSON.stringify(info)) continue;
      this.serve(info, strategy(info), converter?.(info));
      this.customKeys.add(key);
    }
  }

  /** A store straight on the backend, without a watch cache, for one-off work on a resource
   * that is not served (a deleted definition's objects). */
  directStore(info: ResourceInfo, strategy: Strategy): Store {
    return new Store(info, this.backend, strategy);
  }

  private serve(info: ResourceInfo, strategy: Strategy, converter = storageConverter(info)): void {
    const stored = converterFor(info.group, info.version, info.resource);
    const prefix = storagePrefix(stored ? { group: stored.storageGroup, resource: stored.storageResource } : info);
    const wrap = this.options.wrap ?? ((s: Storage) => s);
    if (UNCACHED_PREFIXES.has(prefix)) {
      let storage = this.uncached.get(prefix);
      if (!storage) {
        this.uncached.set(prefix, (storage = wrap(this.backend, countName(info))));
        this.counts.set(countName(info), () => this.storedCount(prefix));
      }
      this.stores.set(storeKey(info), new Store(info, storage, strategy, converter, prefix));
      return;
    }
    let cache = this.caches.get(prefix);
    if (!cache) {
      const created = new WatchCache(wrap(this.backend, countName(info)), prefix, this.options.watchCache);
      this.caches.set(prefix, (cache = created));
      this.counts.set(countName(info), () => created.objectCount);
    }
    this.stores.set(storeKey(info), new Store(info, cache, strategy, converter, prefix));
  }

  /** How many keys the backend holds under an uncached prefix: the one a one-key page
   * returns plus the count of those after it. */
  private async storedCount(prefix: string): Promise<number> {
    const page = await this.backend.list(prefix, { limit: 1 });
    return page.kvs.length + page.remaining;
  }

  /** Resolves once every watch cache holds its resource's state. */
  async ready(): Promise<void> {
    await Promise.all([...this.caches.values()].map((cache) => cache.waitUntilReady()));
  }

  store(group: string, version: string, resource: string): Store | undefined {
    return this.stores.get(`${group}/${version}/${resource}`);
  }

  /** Objects stored per resource (`pods`, `deployments.apps`), from the watch caches, and
   * from the backend for the uncached resources. */
  async objectCounts(): Promise<Map<string, number>> {
    return new Map(await Promise.all([...this.counts].map(async ([resource, count]) => [resource, await count()] as const)));
  }

  async close(): Promise<void> {
    await Promise.all([...this.caches.values()].map((cache) => cache.close()));
  }
}

/** How objects of a served version are converted to and from the stored version, if at all:
 * by the version conversions, and for the stored version itself by dropping what only a
 * conversion may carry (the autoscaling/v1 round-trip annotations on v2 objects). */
function storageConverter(info: ResourceInfo): StorageConverter | undefined {
  const converter = converterFor(info.group, info.version, info.resource);
  const as = (f: (o: JsonObject) => JsonObject) => (o: KubeObject) => f(o as unknown as JsonObject) as unknown as KubeObject;
  if (converter) return { toStorage: as((o) => converter.toStorage(o)), fromStorage: as((o) => converter.fromStorage(o)), fieldLabel: (label) => converter.fieldLabel(label) };
  if (info.group !== 'autoscaling' || info.resource !== 'horizontalpodautoscalers') return undefined;
  const normalize = as((o) => normalizeStorageVersionObject(info.group, info.resource, o));
  return { toStorage: normalize, fromStorage: normalize };
}

/** How metrics name a resource: `pods`, `deployments.apps`. */
function countName(info: ResourceInfo): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

function storeKey(info: ResourceInfo): string {
  return `${info.group}/${info.version}/${info.resource}`;
}
