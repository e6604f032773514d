// `kubets kubelet`: node agents as a process of their own, reaching the API server through a
// kubeconfig: one on a private containerd (--runtime containerd), or any number of simulated
// nodes (--runtime simulated --nodes N), as kwok runs fake nodes beside a cluster.
import { startNodeAgents } from './nodeAgents.js';

export interface KubeletCommandOptions {
  kubeconfig: string;
  dataDir: string;
  runtime: 'containerd' | 'simulated';
  nodes: number;
  nodeOffset?: number;
}

export async function kubelet(options: KubeletCommandOptions): Promise<void> {
  const started = performance.now();
  const agents = await startNodeAgents(options);
  console.log(`kubets kubelet: ${agents.names.length} node(s) registered in ${Math.round(performance.now() - started)} ms (${options.runtime} runtime)`);
  const stop = async () => {
    await agents.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
