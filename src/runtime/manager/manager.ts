// Manager: what a process of controllers shares. It owns the shared informer factory (one
// cache per watched path), the client reconcilers write with and the metrics registry.
// start(): informers start and sync, then (after winning the Lease when leader election is
// configured) the controllers start. stop(): controllers stop first, each waiting for its
// reconciles in flight, then leadership is released and the informers stop.
import { KubernetesObjectApi, type KubeConfig } from '@kubernetes/client-node';
import { reuseConnections } from '../client/index.js';
import type { Registry } from 'prom-client';
import { logger as componentLogger, type Logger } from '../../log/index.js';
import { SharedInformerFactory, type SharedInformerFactoryOptions } from '../cache/index.js';
import { Controller, ControllerBuilder, type ControllerHost } from '../controller/index.js';
import { LeaderElector, LeaseLock } from '../leaderelection/index.js';

export interface LeaderElectionOptions {
  /** The Lease's namespace and name, and this replica's identity in it. */
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Hand the Lease over at once on a graceful stop (default true). */
  releaseOnCancel?: boolean;
}

export interface ManagerOptions {
  metricsRegistry?: Registry;
  leaderElection?: LeaderElectionOptions;
  informers?: SharedInformerFactoryOptions;
  /** How long start() waits for the informers' first lists (default 60 s). */
  cacheSyncTimeoutMs?: number;
  /** How long stop() waits for reconciles in flight before aborting them (default: no limit). */
  gracefulShutdownTimeoutMs?: number;
  /** Stop gracefully on these signals (for example ['SIGTERM', 'SIGINT']); none by default. */
  stopOnSignals?: NodeJS.Signals[];
  logger?: Logger;
}

export class Manager implements ControllerHost {
  readonly informers: SharedInformerFactory;
  readonly client: KubernetesObjectApi;
  readonly metricsRegistry: Registry | undefined;
  private readonly controllers = new Map<string, Controller>();
  private readonly log: Logger;
  private readonly election = new AbortController();
  private elector: LeaderElector | undefined;
  private electorDone: Promise<void> | undefined;
  private controllersStarted = false;
  private startedWaiters: Array<() => void> = [];
  private state: 'new' | 'starting' | 'started' | 'stopping' | 'stopped' = 'new';
  private stopping: Promise<void> | undefined;
  private readonly signalHandler = (): void => void this.stop();

  constructor(readonly kubeConfig: KubeConfig, private readonly options: ManagerOptions = {}) {
    reuseConnections(kubeConfig);
    this.informers = new SharedInformerFactory(kubeConfig, options.informers);
    this.client = KubernetesObjectApi.makeApiClient(kubeConfig);
    this.metricsRegistry = options.metricsRegistry;
    this.log = options.logger ?? componentLogger('manager');
  }

  /** A builder for a controller added to this manager. */
  controller(): ControllerBuilder {
    return new ControllerBuilder(this);
  }

  /** Adds a controller; one added after start() starts at once (once the controllers run). */
  add(controller: Controller): void {
    if (this.controllers.has(controller.name)) throw new Error(`a controller named ${controller.name} is already registered`);
    if (this.state === 'stopping' || this.state === 'stopped') throw new Error('the manager is stopped');
    this.controllers.set(controller.name, controller);
    if (this.controllersStarted) controller.start();
  }

  /** Whether this manager runs its controllers now (always true without leader election once started). */
  isLeader(): boolean {
    return this.controllersStarted;
  }

  /**
   * Starts the informers and waits for their first lists, then starts the controllers, or
   * campaigns for the Lease and starts them once leading. Resolves once the caches have synced.
   */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error('a manager starts once');
    this.state = 'starting';
    for (const signal of this.options.stopOnSignals ?? []) process.on(signal, this.signalHandler);
    this.informers.start();
    await this.informers.waitForSync(this.options.cacheSyncTimeoutMs ?? 60_000);
    if (this.state !== 'starting') return;
    this.state = 'started';
    this.log.v(1).info('caches synced', { controllers: [...this.controllers.keys()] });
    const election = this.options.leaderElection;
    if (!election) {
      this.startControllers();
      return;
    }
    this.elector = new LeaderElector({
      lock: new LeaseLock(this.kubeConfig, { namespace: election.namespace, name: election.name, identity: election.identity }),
      // The lock's name labels leader_election_master_status, as controller-runtime's election ID does.
      name: election.name,
      leaseDurationMs: election.leaseDurationMs,
      renewDeadlineMs: election.renewDeadlineMs,
      retryPeriodMs: election.retryPeriodMs,
      releaseOnCancel: election.releaseOnCancel ?? true,
      registry: this.metricsRegistry,
      callbacks: {
        onStartedLeading: async (leading) => {
          this.startControllers();
          // Leading ends (lease lost or stop): the controllers stop before the Lease is released.
          await new Promise<void>((resolve) => leading.addEventListener('abort', () => resolve(), { once: true }));
          await this.stopControllers();
        },
        onStoppedLeading: () => {
          if (this.state === 'started') {
            // Lost the Lease while running: another replica leads now; stop everything here.
            this.log.error('leader election lost', { lease: `${election.namespace}/${election.name}` });
            void this.stop();
          }
        },
      },
    });
    this.electorDone = this.elector.run(this.election.signal);
  }

  /** Resolves once the controllers run (at once without leader election after start()). */
  leading(): Promise<void> {
    if (this.controllersStarted) return Promise.resolve();
    return new Promise((resolve) => this.startedWaiters.push(resolve));
  }

  /** Graceful stop: controllers drain, leadership is released, informers stop. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  private startControllers(): void {
    if (this.controllersStarted || this.state !== 'started') return;
    this.controllersStarted = true;
    for (const controller of this.controllers.values()) controller.start();
    for (const resolve of this.startedWaiters.splice(0)) resolve();
  }

  private async stopControllers(): Promise<void> {
    const timeoutMs = this.options.gracefulShutdownTimeoutMs;
    await Promise.all([...this.controllers.values()].map((c) => c.stop({ timeoutMs })));
  }

  private async shutDown(): Promise<void> {
    this.state = 'stopping';
    for (const signal of this.options.stopOnSignals ?? []) process.off(signal, this.signalHandler);
    await this.stopControllers();
    this.election.abort();
    await this.electorDone;
    await this.informers.stop();
    this.state = 'stopped';
    this.log.v(1).info('stopped');
  }
}
