// `kubets up`: one process running the whole cluster on one machine. Today that is the
// storage, the API server and the controller manager (which reaches the API server through
// its kubeconfig, as it would from another process); the scheduler and node agents join as
// they are built.
import { startStandaloneApiServer } from '../apiserver/index.js';
import { startControllerManager } from './controllerManager.js';

export interface UpOptions {
  dataDir: string;
  port: number;
  storage: 'sqlite' | 'etcd';
  etcdEndpoints?: string[];
  serviceClusterIpRange?: string;
  serviceNodePortRange?: string;
  runtime?: 'containerd' | 'simulated';
  nodes?: number;
}

export async function up(options: UpOptions): Promise<void> {
  const started = performance.now();
  const server = await startStandaloneApiServer(options);
  console.log(`kubets: API server ready at ${server.url} in ${Math.round(performance.now() - started)} ms (${options.storage} storage)`);
  console.log(`export KUBECONFIG=${server.kubeconfig}`);
  const controllers = await startControllerManager(server.kubeconfig);
  if (options.runtime !== undefined || (options.nodes ?? 1) !== 1) {
    console.log('kubets: node agents are not built yet: --runtime and --nodes take effect once they are');
  }
  const stop = async () => {
    await controllers.stop();
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
