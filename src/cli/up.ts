// `kubets up`: one process running the whole cluster on one machine: the storage, the API
// server, the controller manager, the scheduler and the node agents (each reaching the API
// server through the kubeconfig, as they would from another process). The controller manager
// and the scheduler run in a worker thread of their own (controllersThread.ts), so the process
// uses two cores, and serve their metrics apart, each on its own port, as upstream's do.
import { startStandaloneApiServer } from '../apiserver/index.js';
import { join, resolve } from 'node:path';
import type { ControllerSettings } from './controllerManager.js';
import { startControllersThread } from './controllersThread.js';
import { startNodeAgents } from './nodeAgents.js';

export interface UpOptions extends ControllerSettings {
  dataDir: string;
  port: number;
  storage: 'sqlite' | 'etcd';
  etcdEndpoints?: string[];
  serviceClusterIpRange?: string;
  serviceNodePortRange?: string;
  runtime?: 'containerd' | 'simulated';
  nodes?: number;
  /** The controller manager's metrics address (its --metrics-bind-address). */
  controllerManagerMetricsBindAddress?: string;
  /** The scheduler's metrics address (its --metrics-bind-address). */
  schedulerMetricsBindAddress?: string;
  /** Log verbosity (--v), for every thread. */
  v?: number;
}

export async function up(options: UpOptions): Promise<void> {
  // A signal during start-up stops what has started so far (last first) and exits cleanly too.
  const running: { stop(): Promise<unknown> }[] = [];
  const stop = async () => {
    for (const part of running.reverse()) await part.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const started = performance.now();
  const server = await startStandaloneApiServer(options);
  running.push(server);
  console.log(`kubets: API server ready at ${server.url} in ${Math.round(performance.now() - started)} ms (${options.storage} storage)`);
  console.log(`export KUBECONFIG=${server.kubeconfig}`);
  const controllers = await startControllersThread({
    kubeconfig: server.kubeconfig,
    controllers: {
      ...options,
      localVolumeDir: options.localVolumeDir ?? join(resolve(options.dataDir), 'local-volumes'),
      metricsBindAddress: options.controllerManagerMetricsBindAddress,
    },
    scheduler: { metricsBindAddress: options.schedulerMetricsBindAddress },
    verbosity: options.v ?? 0,
  });
  running.push(controllers);
  const runtime = options.runtime ?? 'simulated';
  const nodes = await startNodeAgents({ kubeconfig: server.kubeconfig, dataDir: options.dataDir, runtime, nodes: options.nodes ?? 1 });
  running.push(nodes);
  console.log(`kubets: ${nodes.names.length} node(s) ready (${runtime} runtime${runtime === 'containerd' && nodes.names.length > 1 ? ' on the first, simulated on the rest' : ''})`);
}
