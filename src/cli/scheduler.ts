// `kubets scheduler`: the scheduler in a process of its own, leader-elected on the
// kube-system/kube-scheduler Lease so that replicas can stand by: the informers fill the
// cache at once, pods are scheduled only while leading, and scheduling stops if the Lease is
// lost. `kubets up` runs the same.
import { KubeConfig } from '@kubernetes/client-node';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { logger } from '../log/index.js';
import { SharedInformerFactory } from '../runtime/cache/index.js';
import { reuseConnections } from '../runtime/client/index.js';
import { LeaderElector, LeaseLock } from '../runtime/leaderelection/index.js';
import { Scheduler } from '../scheduler/index.js';

const log = logger('scheduler');

export interface SchedulerCommandOptions {
  kubeconfig: string;
}

export interface RunningScheduler {
  scheduler: Scheduler;
  stop(): Promise<void>;
}

/** Starts the scheduler against the API server the kubeconfig names; it schedules once it leads. */
export async function startScheduler(kubeconfigPath: string): Promise<RunningScheduler> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  // Bindings, events and status patches share keep-alive connections (one TLS context).
  reuseConnections(kubeConfig);
  const informers = new SharedInformerFactory(kubeConfig);
  const scheduler = new Scheduler(kubeConfig, informers);
  informers.start();
  await informers.waitForSync(60_000);
  const election = new AbortController();
  const elector = new LeaderElector({
    lock: new LeaseLock(kubeConfig, { namespace: 'kube-system', name: 'kube-scheduler', identity: `${hostname()}_${randomUUID()}` }),
    releaseOnCancel: true,
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
    stop: async () => {
      election.abort();
      await electing;
      await scheduler.stop();
      await informers.stop();
    },
  };
}

export async function scheduler(options: SchedulerCommandOptions): Promise<void> {
  const running = await startScheduler(options.kubeconfig);
  console.log('kubets scheduler: running');
  const stop = async () => {
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
