// Controller: a rate-limited queue of request keys, the watches that fill it and
// maxConcurrentReconciles workers that drain it. The queue is stingy (a key is with one worker
// at a time), so one object is never reconciled concurrently with itself. After a reconcile:
//   error            → addRateLimited (per-key backoff 5 ms, 10 ms, ... up to 1000 s)
//   TerminalError    → forget (logged and counted, not retried)
//   requeueAfter > 0 → forget, addAfter(requeueAfter)
//   requeue          → addRateLimited
//   otherwise        → forget
// stop() refuses new work, waits for the reconciles in flight and only then returns.
import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import { logger as componentLogger, type Logger } from '../../log/index.js';
import type { HandlerRegistration, KubeObject, SharedInformer } from '../cache/index.js';
import { RateLimitingQueue, type Clock, type RateLimiter } from '../workqueue/index.js';
import type { ObjectEvent } from './event.js';
import type { EventHandler } from './handler.js';
import { controllerMetrics, workqueueMetricsProvider, type ControllerMetrics } from './metrics.js';
import type { Predicate } from './predicate.js';
import { isTerminalError, toReconcileFunc, type ReconcileFunc, type ReconcilerLike } from './reconciler.js';
import { requestFromKey, requestKey, type Request } from './request.js';

export interface ControllerOptions {
  /** Names the queue, the metrics and the logs; unique per manager. */
  name: string;
  reconciler: ReconcilerLike;
  /** Workers (default 1). */
  maxConcurrentReconciles?: number;
  /** Default: DefaultControllerRateLimiter (5 ms → 1000 s per key, 10 qps burst 100). */
  rateLimiter?: RateLimiter<string>;
  /** Where the controller_runtime_* and workqueue_* metrics go; none without. */
  metricsRegistry?: Registry;
  clock?: Clock;
  logger?: Logger;
}

export interface StopOptions {
  /** Stop waiting for in-flight reconciles after this long and abort their signal (default: wait). */
  timeoutMs?: number;
}

export class Controller {
  readonly name: string;
  readonly maxConcurrentReconciles: number;
  readonly queue: RateLimitingQueue<string>;
  private readonly reconcileFn: ReconcileFunc;
  private readonly metrics: ControllerMetrics;
  private readonly log: Logger;
  private readonly registrations: HandlerRegistration[] = [];
  private readonly abort = new AbortController();
  private workers: Promise<void>[] = [];
  private started = false;
  private stopping = false;
  private stopped: Promise<void> | undefined;

  constructor(options: ControllerOptions) {
    if (!options.name) throw new Error('a controller needs a name');
    this.name = options.name;
    this.maxConcurrentReconciles = options.maxConcurrentReconciles ?? 1;
    if (!(this.maxConcurrentReconciles >= 1)) throw new Error('maxConcurrentReconciles must be at least 1');
    this.reconcileFn = toReconcileFunc(options.reconciler);
    this.metrics = controllerMetrics(this.name, options.metricsRegistry);
    this.log = options.logger ?? componentLogger(`controller/${this.name}`);
    this.queue = new RateLimitingQueue<string>({
      name: this.name,
      clock: options.clock,
      rateLimiter: options.rateLimiter,
      metricsProvider: options.metricsRegistry ? workqueueMetricsProvider(options.metricsRegistry) : undefined,
    });
  }

  /** Enqueues a request directly (deduplicated with any already queued). */
  enqueue(request: Request): void {
    this.queue.add(requestKey(request));
  }

  /**
   * Feeds the informer's events through the predicates (all must pass) to the handler and
   * enqueues what it returns. Events queue up before start() and are worked on once started.
   */
  watch<T extends KubeObject>(informer: SharedInformer<T>, handler: EventHandler<T>, predicates: Predicate<T>[] = []): HandlerRegistration {
    const dispatch = (event: ObjectEvent<T>): void => {
      if (!predicates.every((p) => p(event))) return;
      for (const request of handler(event)) this.enqueue(request);
    };
    const registration = informer.addEventHandler({
      onAdd: (object, isInInitialList) => dispatch({ type: 'create', object, isInInitialList }),
      onUpdate: (old, object) => dispatch({ type: 'update', old, object }),
      onDelete: (object, finalStateUnknown) => dispatch({ type: 'delete', object, finalStateUnknown }),
    });
    this.registrations.push(registration);
    return registration;
  }

  /** Whether every watch's handler has seen its informer's initial list. */
  hasSynced(): boolean {
    return this.registrations.every((r) => r.hasSynced());
  }

  /** Starts the workers; returns at once. */
  start(): void {
    if (this.started) throw new Error(`controller ${this.name} was already started`);
    if (this.stopping) throw new Error(`controller ${this.name} is stopped`);
    this.started = true;
    this.metrics.setMaxConcurrentReconciles(this.maxConcurrentReconciles);
    this.log.v(1).info('starting workers', { workers: this.maxConcurrentReconciles });
    for (let i = 0; i < this.maxConcurrentReconciles; i++) this.workers.push(this.work());
  }

  /** Stops watching, lets the reconciles in flight finish (see StopOptions), then resolves. */
  stop(options: StopOptions = {}): Promise<void> {
    this.stopped ??= this.shutDown(options);
    return this.stopped;
  }

  private async shutDown(options: StopOptions): Promise<void> {
    this.stopping = true;
    for (const registration of this.registrations.splice(0)) registration.remove();
    const drained = this.queue.shutDownWithDrain().then(() => Promise.all(this.workers));
    if (options.timeoutMs === undefined) {
      await drained;
    } else {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), options.timeoutMs); });
      const outcome = await Promise.race([drained, timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        this.log.warn('stop timed out; aborting reconciles in flight', { timeoutMs: options.timeoutMs });
        this.abort.abort(new Error(`controller ${this.name} stopped`));
        this.queue.shutDown();
      }
    }
    this.abort.abort(new Error(`controller ${this.name} stopped`));
    this.log.v(1).info('stopped');
  }

  private async work(): Promise<void> {
    for (;;) {
      const next = await this.queue.get();
      if (next.shutdown) return;
      const key = next.item;
      if (this.stopping) {
        // Queued before the stop: dropped, not started.
        this.queue.done(key);
        continue;
      }
      this.metrics.workerStarted();
      try {
        await this.reconcileKey(key);
      } finally {
        this.metrics.workerFinished();
        this.queue.done(key);
      }
    }
  }

  private async reconcileKey(key: string): Promise<void> {
    const request = requestFromKey(key);
    const log = withFields(this.log, { namespace: request.namespace, name: request.name, reconcileID: randomUUID() });
    const start = performance.now();
    try {
      const result = (await this.reconcileFn(request, { signal: this.abort.signal, log })) ?? {};
      if (result.requeueAfter !== undefined && result.requeueAfter > 0) {
        this.queue.forget(key);
        this.queue.addAfter(key, result.requeueAfter);
        this.metrics.reconciled('requeue_after');
      } else if (result.requeue) {
        this.queue.addRateLimited(key);
        this.metrics.reconciled('requeue');
      } else {
        this.queue.forget(key);
        this.metrics.reconciled('success');
      }
    } catch (error) {
      const terminal = isTerminalError(error);
      if (terminal) this.queue.forget(key);
      else this.queue.addRateLimited(key);
      this.metrics.reconciled('error');
      this.metrics.failed(terminal);
      log.error('reconciler error', { error: error instanceof Error ? error.message : String(error), terminal });
    } finally {
      this.metrics.observeReconcileSeconds((performance.now() - start) / 1000);
    }
  }
}

function withFields(log: Logger, fields: Record<string, unknown>): Logger {
  return {
    info: (message, extra) => log.info(message, { ...fields, ...extra }),
    warn: (message, extra) => log.warn(message, { ...fields, ...extra }),
    error: (message, extra) => log.error(message, { ...fields, ...extra }),
    v: (level) => {
      const leveled = log.v(level);
      return { enabled: leveled.enabled, info: (message, extra) => leveled.info(message, { ...fields, ...extra }) };
    },
  };
}
