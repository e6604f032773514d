// The node agents of a process: with the containerd runtime, the first node runs pods in a
// private containerd under the data dir (started and supervised here) and the rest are
// simulated; with the simulated runtime, all are. Nodes are named kubets-node-1..N, each
// simulated node with its own pod CIDR. All agents of the process share one informer factory,
// one pod informer and one kubelet HTTPS server.
import { KubeConfig } from '@kubernetes/client-node';
import { join } from 'node:path';
import { containerd, CriClient, inProcessCri, simulator, type Cri } from '../cri/index.js';
import { Kubelet, NodePodSource, simulatedMachine, thisMachine } from '../kubelet/index.js';
import { KubeletServer } from '../kubelet/server/index.js';
import { SharedInformerFactory } from '../runtime/cache/index.js';
import { clusterCaBundle, reuseConnections } from '../runtime/client/index.js';

export interface NodeAgentsOptions {
  kubeconfig: string;
  dataDir: string;
  runtime: 'containerd' | 'simulated';
  nodes: number;
  /** Nodes are numbered after this many (default 0: kubets-node-1..N), so several processes of agents can run side by side. */
  nodeOffset?: number;
}

export interface NodeAgents {
  names: string[];
  stop(): Promise<void>;
}

const START_BATCH = 50;

export const nodeName = (index: number) => `kubets-node-${index + 1}`;

/** 10.(128 + i/256).(i%256).0/24: distinct /24s for up to 32,768 simulated nodes. */
const simulatedPodCidr = (index: number) => `10.${128 + Math.floor(index / 256)}.${index % 256}.0/24`;

export async function startNodeAgents(options: NodeAgentsOptions): Promise<NodeAgents> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(options.kubeconfig);
  reuseConnections(kubeConfig);
  const informers = new SharedInformerFactory(kubeConfig);
  const offset = options.nodeOffset ?? 0;
  const pods = new NodePodSource(informers, options.nodes === 1 ? nodeName(offset) : undefined);
  // One HTTPS server for every node of the process (logs, exec, port-forward, stats), open to
  // callers with a client certificate of the cluster's CA: the API server.
  const server = await KubeletServer.start({ clientCa: clusterCaBundle(kubeConfig) });
  const kubelets: Kubelet[] = [];
  const runtimes: Cri[] = [];
  const simulated: simulator.SimulatedRuntime[] = [];
  // One exec endpoint for every simulated node of the process.
  const streams = options.nodes > (options.runtime === 'containerd' ? 1 : 0) ? await simulator.StreamServer.start() : undefined;
  let real: containerd.ContainerdProcess | undefined;
  const stop = async () => {
    await Promise.all(kubelets.map((k) => k.stop()));
    await informers.stop();
    for (const cri of runtimes) cri.close();
    for (const runtime of simulated) runtime.shutdown();
    await streams?.close();
    await server.close();
    await real?.stop();
  };
  const startNode = async (i: number) => {
    const name = nodeName(offset + i);
    const dir = join(options.dataDir, 'nodes', name);
    const isReal = i === 0 && options.runtime === 'containerd';
    if (isReal) real = await containerd.ContainerdProcess.start({ dataDir: join(options.dataDir, 'containerd') });
    let cri: Cri;
    if (real && isReal) cri = new CriClient(real.endpoint);
    else {
      const runtime = new simulator.SimulatedRuntime({ podCidr: simulatedPodCidr(offset + i), streams });
      simulated.push(runtime);
      cri = inProcessCri(runtime);
    }
    runtimes.push(cri);
    const kubelet = new Kubelet({
      kubeConfig, cri, nodeName: name, address: '127.0.0.1',
      machine: isReal ? thisMachine(100 * 1024 ** 3) : simulatedMachine(name),
      rootDir: join(dir, 'root'), logDir: join(dir, 'logs'), informers, pods, server,
      reachable: isReal,
      relistMs: isReal ? 1_000 : 5_000,
    });
    kubelets[i] = kubelet;
    await kubelet.start();
  };
  try {
    // Nodes start side by side, a batch at a time, so a thousand register in seconds.
    for (let first = 0; first < options.nodes; first += START_BATCH) {
      const batch = Array.from({ length: Math.min(START_BATCH, options.nodes - first) }, (_, k) => first + k);
      await Promise.all(batch.map(startNode));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { names: kubelets.map((k) => k.nodeName), stop };
}
