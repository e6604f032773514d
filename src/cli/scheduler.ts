// `kubets scheduler`: the scheduler in a process of its own, leader-elected on the
// kube-system/kube-scheduler Lease so that replicas can stand by. `kubets up` runs the same.
import { KubeConfig } from '@kubernetes/client-node';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Manager } from '../runtime/index.js';
import { Scheduler } from '../scheduler/index.js';

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
  const manager = new Manager(kubeConfig, {
    leaderElection: { namespace: 'kube-system', name: 'kube-scheduler', identity: `${hostname()}_${randomUUID()}` },
  });
  const scheduler = new Scheduler(kubeConfig, manager.informers);
  await manager.start();
  void manager.leading().then(() => scheduler.run());
  return {
    scheduler,
    stop: async () => {
      await scheduler.stop();
      await manager.stop();
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
