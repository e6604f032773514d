// One store per served resource version, on the shared storage backend behind one watch
// cache per stored resource (the versions of a resource share it). Resources that only take
// a create (reviews, bindings) are not stored here.
import { WatchCache, type Storage, type WatchCacheOptions } from '../storage/index.js';
import type { Catalog, ResourceInfo } from './catalog.js';
import { Store, storagePrefix } from './store.js';
import { strategyFor, type StrategyContext } from './strategies/index.js';

export interface RegistriesOptions {
  /** Decorates the backend per resource (metrics use it to time storage calls). */
  wrap?: (storage: Storage, resource: string) => Storage;
  /** The Service cluster IP range and node port range. */
  ranges?: Partial<Omit<StrategyContext, 'storage'>>;
  watchCache?: WatchCacheOptions;
}

export class Registries {
  private readonly stores = new Map<string, Store>();
  private readonly caches = new Map<string, WatchCache>();
  private readonly counts = new Map<string, () => number>();

  constructor(readonly catalog: Catalog, readonly backend: Storage, options: RegistriesOptions = {}) {
    const wrap = options.wrap ?? ((s: Storage) => s);
    const context = { storage: backend, serviceCidr: '10.96.0.0/12', nodePortRange: [30000, 32767] as [number, number], ...options.ranges };
    for (const info of catalog.resources) {
      if (!info.verbs.includes('list')) continue;
      const resource = info.group ? `${info.resource}.${info.group}` : info.resource;
      const prefix = storagePrefix(info);
      let cache = this.caches.get(prefix);
      if (!cache) {
        const created = new WatchCache(wrap(backend, resource), prefix, options.watchCache);
        this.caches.set(prefix, (cache = created));
        this.counts.set(resource, () => created.objectCount);
      }
      this.stores.set(storeKey(info), new Store(info, cache, strategyFor(info, context)));
    }
  }

  /** Resolves once every watch cache holds its resource's state. */
  async ready(): Promise<void> {
    await Promise.all([...this.caches.values()].map((cache) => cache.waitUntilReady()));
  }

  store(group: string, version: string, resource: string): Store | undefined {
    return this.stores.get(`${group}/${version}/${resource}`);
  }

  /** Objects held per resource (`pods`, `deployments.apps`), from the watch caches. */
  objectCounts(): Map<string, number> {
    return new Map([...this.counts].map(([resource, count]) => [resource, count()]));
  }

  async close(): Promise<void> {
    await Promise.all([...this.caches.values()].map((cache) => cache.close()));
  }
}

function storeKey(info: ResourceInfo): string {
  return `${info.group}/${info.version}/${info.resource}`;
}
