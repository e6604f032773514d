// ControllerBuilder: a controller and its watches in one statement, controller-runtime style.
//   new ControllerBuilder(manager)
//     .named('webapp')
//     .for('/apis/example.com/v1/webapps', { predicates: [generationChanged()] })
//     .owns('/apis/apps/v1/deployments', 'WebApp')
//     .watches('/api/v1/configmaps', (cm) => [...requests])
//     .withOptions({ maxConcurrentReconciles: 2 })
//     .complete(reconciler);
// Resources are collection paths, as SharedInformerFactory.forResource takes them; informers
// come from the manager's factory, so controllers watching one path share one cache.
import type { Registry } from 'prom-client';
import type { InformerScope, KubeObject, SharedInformerFactory } from '../cache/index.js';
import type { Logger } from '../../log/index.js';
import type { RateLimiter } from '../workqueue/index.js';
import { Controller } from './controller.js';
import {
  enqueueRequestForObject, enqueueRequestForOwner, enqueueRequestsFromMapFunc, type EventHandler, type MapFunc, type OwnerMatch,
} from './handler.js';
import type { Predicate } from './predicate.js';
import type { ReconcilerLike } from './reconciler.js';

/** What a builder needs from a manager. */
export interface ControllerHost {
  readonly informers: SharedInformerFactory;
  readonly metricsRegistry?: Registry;
  add(controller: Controller): void;
}

export interface WatchOptions<T extends KubeObject = KubeObject> extends InformerScope {
  /** All must pass for an event to enqueue anything. */
  predicates?: Predicate<T>[];
}

export interface BuilderOptions {
  maxConcurrentReconciles?: number;
  rateLimiter?: RateLimiter<string>;
  logger?: Logger;
}

interface WatchSpec {
  path: string;
  scope: InformerScope;
  handler: EventHandler;
  predicates: Predicate[];
}

export class ControllerBuilder {
  private name: string | undefined;
  private forPath: string | undefined;
  private readonly watchSpecs: WatchSpec[] = [];
  private options: BuilderOptions = {};

  constructor(private readonly host: ControllerHost) {}

  /** The controller's name (default: the last segment of the `for` path). */
  named(name: string): this {
    this.name = name;
    return this;
  }

  /** The reconciled resource: its events enqueue the object itself. Exactly one per controller. */
  for<T extends KubeObject = KubeObject>(path: string, options: WatchOptions<T> = {}): this {
    if (this.forPath !== undefined) throw new Error(`for() was already called with ${this.forPath}`);
    this.forPath = path;
    return this.addWatch(path, enqueueRequestForObject<T>(), options);
  }

  /** A resource the reconciled one controls: its events enqueue the controller owner of `ownerKind`. */
  owns<T extends KubeObject = KubeObject>(path: string, ownerKind: string | OwnerMatch, options: WatchOptions<T> = {}): this {
    return this.addWatch(path, enqueueRequestForOwner<T>(ownerKind), options);
  }

  /** Any resource: its events enqueue what `map` returns, or what a custom handler returns. */
  watches<T extends KubeObject = KubeObject>(path: string, map: MapFunc<T>, options?: WatchOptions<T>): this;
  watches<T extends KubeObject = KubeObject>(path: string, handler: { handler: EventHandler<T> }, options?: WatchOptions<T>): this;
  watches<T extends KubeObject = KubeObject>(
    path: string, mapOrHandler: MapFunc<T> | { handler: EventHandler<T> }, options: WatchOptions<T> = {},
  ): this {
    const handler = typeof mapOrHandler === 'function' ? enqueueRequestsFromMapFunc(mapOrHandler) : mapOrHandler.handler;
    return this.addWatch(path, handler, options);
  }

  withOptions(options: BuilderOptions): this {
    this.options = { ...this.options, ...options };
    return this;
  }

  /** Builds the controller, wires its watches and adds it to the manager. */
  complete(reconciler: ReconcilerLike): Controller {
    if (this.forPath === undefined) throw new Error('a controller needs for() before complete()');
    const name = this.name ?? defaultName(this.forPath);
    const controller = new Controller({
      name,
      reconciler,
      maxConcurrentReconciles: this.options.maxConcurrentReconciles,
      rateLimiter: this.options.rateLimiter,
      logger: this.options.logger,
      metricsRegistry: this.host.metricsRegistry,
    });
    this.host.add(controller);
    for (const spec of this.watchSpecs) {
      controller.watch(this.host.informers.forResource(spec.path, spec.scope), spec.handler, spec.predicates);
    }
    return controller;
  }

  private addWatch<T extends KubeObject>(path: string, handler: EventHandler<T>, options: WatchOptions<T>): this {
    const { predicates = [], labelSelector, fieldSelector } = options;
    this.watchSpecs.push({
      path,
      scope: { labelSelector, fieldSelector },
      handler: handler as unknown as EventHandler,
      predicates: predicates as unknown as Predicate[],
    });
    return this;
  }
}

function defaultName(path: string): string {
  const segments = path.split('/').filter(Boolean);
  return segments[segments.length - 1] ?? path;
}
