// `kubets up`: one process running the whole cluster on one machine: the storage, the API
// server, the controller manager, the scheduler and the node agents (each reaching the API
// server through the kubeconfig, as they would from another process). The controller manager
// and the scheduler serve their metrics apart, each on its own port, as upstream's do.
import { startStandaloneApiServer } from '../apiserver/index.js';
import { join, resolve } from 'node:path';
import { startControllerManager, type ControllerSettings } from './controllerManager.js';
import { startNodeAgents } from './nodeAgents.js';
import { startScheduler } from './scheduler.js';

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
}

export async function up(options: UpOptions): Promise<void> {
  const started = performance.now();
  const server = await startStandaloneApiServer(options);
  console.log(`kubets: API server ready at ${server.url} in ${Math.round(performance.now() - started)} ms (${options.storage} storage)`);
  console.log(`export KUBECONFIG=${server.kubeconfig}`);
  const controllers = await startControllerManager(server.kubeconfig, {
    ...options,
    localVolumeDir: options.localVolumeDir ?? join(resolve(options.dataDir), 'local-volumes'),
    metricsBindAddress: options.controllerManagerMetricsBindAddress,
  });
  const scheduler = await startScheduler(server.kubeconfig, { metricsBindAddress: options.schedulerMetricsBindAddress });
  for (const [name, running] of [['controller manager', controllers], ['scheduler', scheduler]] as const) {
    if (running.metrics) console.log(`kubets: ${name} metrics at ${running.metrics.url}/metrics`);
  }
  const runtime = options.runtime ?? 'simulated';
  const nodes = await startNodeAgents({ kubeconfig: server.kubeconfig, dataDir: options.dataDir, runtime, nodes: options.nodes ?? 1 });
  console.log(`kubets: ${nodes.names.length} node(s) ready (${runtime} runtime${runtime === 'containerd' && nodes.names.length > 1 ? ' on the first, simulated on the rest' : ''})`);
  const stop = async () => {
    await nodes.stop();
    await scheduler.stop();
    await controllers.stop();
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
