// Runs the WebApp controller against the cluster $KUBECONFIG names (or ~/.kube/config):
//   node --import tsx examples/webapp/main.ts
// Leader-elected on the Lease `webapp-controller` in $POD_NAMESPACE (default `default`), so
// several replicas may run; SIGTERM or Ctrl-C stops it gracefully (reconciles in flight finish,
// the Lease is released).
import { KubeConfig } from '@kubernetes/client-node';
import { hostname } from 'node:os';
import { Manager } from '../../src/runtime/manager/index.js';
import { addWebAppController } from './index.js';

const kubeConfig = new KubeConfig();
kubeConfig.loadFromDefault();

const manager = new Manager(kubeConfig, {
  leaderElection: {
    namespace: process.env.POD_NAMESPACE ?? 'default',
    name: 'webapp-controller',
    identity: `${hostname()}-${process.pid}`,
  },
  stopOnSignals: ['SIGTERM', 'SIGINT'],
  gracefulShutdownTimeoutMs: 30_000,
});
addWebAppController(manager, { namespace: process.env.WATCH_NAMESPACE });

await manager.start();
console.error(`webapp controller: caches synced against ${kubeConfig.getCurrentCluster()?.server}; waiting to lead`);
await manager.leading();
console.error('webapp controller: leading, reconciling WebApps');
