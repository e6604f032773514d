// `kubets scheduler`: the scheduler in a process of its own, leader-elected on the
// kube-system/kube-scheduler Lease so that replicas can stand by: the informers fill the
// cache at once, pods are scheduled only while leading, and scheduling stops if the Lease is
// lost. Its metrics are served at --metrics-bind-address (127.0.0.1:10259, the port of
// upstream's kube-scheduler). `kubets up` runs the same.
import { KubeConfig } from '@kubernetes/client-node';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { logger } from '../log/index.js';
import { SharedInformerFactory } from '../runtime/cache/index.js';
import { reuseConnections } from '../runtime/client/index.js';
import { LeaderElector, LeaseLock } from '../runtime/leaderelection/index.js';
import { serveMetrics, type MetricsServer } from '../runtime/metrics/index.js';
import { Scheduler } from '../scheduler/index.js';

const log = logger('scheduler');

export const SCHEDULER_METRICS_ADDRESS = '127.0.0.1:10259';

export interface SchedulerSettings {
  /** Where /metrics and the health checks are served (host:port, or 0 for nowhere). */
  metricsBindAddress?: string;
  /** Another component's informers to share (`kubets up`: the controller manager's, so the
   * process holds one pod cache and one node cache); their owner starts and stops them. */
  informers?: SharedInformerFactory;
}

export interface SchedulerCommandOptions extends SchedulerSettings {
  kubeconfig: string;
}

export interface RunningScheduler {
  scheduler: Scheduler;
  /** Serving /metrics, unless the bind address was 0. */
  metrics: MetricsServer | undefined;
  stop(): Promise<void>;
}

/** Starts the scheduler against the API server the kubeconfig names; it schedules once it leads. */
export async function startScheduler(kubeconfigPath: string, settings: SchedulerSettings = {}): Promise<RunningScheduler> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  // Bindings, events and status patches share keep-alive connections (one TLS context).
  reuseConnections(kubeConfig);
  const metricsRegistry = new Registry();
  collectDefaultMetrics({ register: metricsRegistry });
  const ownInformers = settings.informers ? undefined : new SharedInformerFactory(kubeConfig);
  const informers = settings.informers ?? ownInformers!;
  const scheduler = new Scheduler(kubeConfig, informers, { metricsRegistry });
  const metrics = await serveMetrics({ bindAddress: settings.metricsBindAddress ?? SCHEDULER_METRICS_ADDRESS, registry: metricsRegistry });
  ownInformers?.start();
  await informers.waitForSync(60_000);
  const election = new AbortController();
  const elector = new LeaderElector({
    lock: new LeaseLock(kubeConfig, { namespace: 'kube-system', name: 'kube-scheduler', identity: `${hostname()}_${randomUUID()}` }),
    name: 'kube-scheduler',
    releaseOnCancel: true,
    registry: metricsRegistry,
    callbacks: {
      onStartedLeading: async (leading) => {
        scheduler.run();
        await new Promise<void>((resolve) => leading.addEventListener('abort', () => resolve(), { once: true }));
        await scheduler.stop();
      },
      onStoppedLeading: () => {
        if (!election.signal.aborted) log.error('leader election lost: scheduling stopped', { lease: 'kube-system/kube-scheduler' });
      },
    },
  });
  const electing = elector.run(election.signal);
  return {
    scheduler,
    metrics,
    stop: async () => {
      election.abort();
      await electing;
      await scheduler.stop();
      await ownInformers?.stop();
      await metrics?.close();
    },
  };
}

export async function scheduler(options: SchedulerCommandOptions): Promise<void> {
  const running = await startScheduler(options.kubeconfig, options);
  console.log(`kubets scheduler: running${running.metrics ? `, metrics at ${running.metrics.url}/metrics` : ''}`);
  const stop = async () => {
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
