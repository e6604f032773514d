// SharedInformer: one reflector feeding one indexed cache, and any number of handlers, each
// notified through its own queue. A handler added late first gets an add for every object
// already cached. `hasSynced` turns true once the first list is in the cache. Cached objects
// share their managedFields field sets (sharedManagedFields.ts).
import { HandlerQueue, type EventHandler, type Notification } from './handlerQueue.js';
import { byNamespace, NAMESPACE_INDEX, type IndexFunc } from './indexers.js';
import type { ListWatch } from './listWatch.js';
import type { KubeObject } from './object.js';
import { Reflector, type ReflectorHealth, type ReflectorOptions, type ReflectorSink } from './reflector.js';
import { shareManagedFields } from './sharedManagedFields.js';
import { Indexer, type Delta, type IndexReader } from './store.js';
import type { Transform } from './transform.js';

export interface SharedInformerOptions<T extends KubeObject = KubeObject> {
  /** Extra indexes; the namespace index is always there. */
  indexers?: Record<string, IndexFunc<T>>;
  /** Applied to every object before it is cached and handed to handlers. */
  transform?: Transform<T>;
  reflector?: ReflectorOptions;
  /** Called when a handler throws (default: ignored after logging to stderr). */
  onHandlerError?: (error: unknown) => void;
}

export interface HandlerRegistration {
  /** Whether this handler has been called for the whole initial state. */
  hasSynced(): boolean;
  /** Resolves once this handler has handled everything enqueued so far. */
  idle(): Promise<void>;
  remove(): void;
}

export class SharedInformer<T extends KubeObject = KubeObject> implements ReflectorSink<T> {
  private readonly indexer: Indexer<T>;
  private readonly reflector: Reflector<T>;
  private readonly queues = new Set<HandlerQueue<T>>();
  private synced = false;
  private started = false;
  private stopped = false;
  private syncWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];

  constructor(readonly listWatch: ListWatch<T>, private readonly options: SharedInformerOptions<T> = {}) {
    this.indexer = new Indexer<T>({ [NAMESPACE_INDEX]: byNamespace, ...options.indexers });
    this.reflector = new Reflector(listWatch, this, options.reflector);
  }

  /** The cache: read it, never write it. */
  get store(): IndexReader<T> {
    return this.indexer;
  }

  get health(): ReflectorHealth & { synced: boolean } {
    return { ...this.reflector.health, synced: this.synced };
  }

  addIndex(name: string, fn: IndexFunc<T>): void {
    this.indexer.addIndex(name, fn);
  }

  addEventHandler(handler: EventHandler<T>): HandlerRegistration {
    const queue = new HandlerQueue<T>(handler, this.options.onHandlerError ?? reportHandlerError);
    for (const object of this.indexer.list()) queue.push({ type: 'add', object, isInInitialList: true });
    if (this.synced) queue.markSynced();
    this.queues.add(queue);
    return {
      hasSynced: () => queue.hasSynced(),
      idle: () => queue.idle(),
      remove: () => {
        this.queues.delete(queue);
        queue.stop();
      },
    };
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.reflector.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.reflector.stop();
    for (const queue of this.queues) queue.stop();
    this.queues.clear();
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    for (const waiter of waiters) waiter.reject(new Error(`informer for ${this.listWatch.path} stopped before it synced`));
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once the first list is cached; rejects after `timeoutMs` or on stop. */
  waitForSync(timeoutMs?: number): Promise<void> {
    if (this.synced) return Promise.resolve();
    if (this.stopped) return Promise.reject(new Error(`informer for ${this.listWatch.path} is stopped`));
    return new Promise((resolve, reject) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
        this.syncWaiters = this.syncWaiters.filter((w) => w !== waiter);
        reject(new Error(`informer for ${this.listWatch.path} did not sync within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        resolve: () => { clearTimeout(timer); resolve(); },
        reject: (error: Error) => { clearTimeout(timer); reject(error); },
      };
      this.syncWaiters.push(waiter);
    });
  }

  // The reflector's sink.

  replace(items: T[], _resourceVersion: string): void {
    const deltas = this.indexer.replace(items.map((item) => this.transform(item)));
    const initial = !this.synced;
    for (const delta of deltas) this.notify(toNotification(delta, initial));
    if (initial) {
      this.synced = true;
      for (const queue of this.queues) queue.markSynced();
      const waiters = this.syncWaiters;
      this.syncWaiters = [];
      for (const waiter of waiters) waiter.resolve();
    }
  }

  add(object: T): void {
    this.update(object);
  }

  update(object: T): void {
    const current = this.transform(object);
    const old = this.indexer.upsert(current);
    this.notify(old ? { type: 'update', old, object: current } : { type: 'add', object: current, isInInitialList: false });
  }

  delete(object: T): void {
    const current = this.transform(object);
    this.indexer.delete(current);
    this.notify({ type: 'delete', object: current, finalStateUnknown: false });
  }

  private transform(object: T): T {
    return shareManagedFields(this.options.transform ? this.options.transform(object) : object);
  }

  private notify(notification: Notification<T>): void {
    for (const queue of this.queues) queue.push(notification);
  }
}

function toNotification<T extends KubeObject>(delta: Delta<T>, initial: boolean): Notification<T> {
  switch (delta.type) {
    case 'add': return { type: 'add', object: delta.object, isInInitialList: initial };
    case 'update': return { type: 'update', old: delta.old, object: delta.object };
    case 'delete': return { type: 'delete', object: delta.object, finalStateUnknown: delta.finalStateUnknown };
  }
}

function reportHandlerError(error: unknown): void {
  console.error('informer event handler failed:', error);
}
