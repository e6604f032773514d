// manager: runs a process's controllers, as controller-runtime's manager. One Manager owns
// its kubeconfig's connections (kept alive and shared by every request, see runtime/client),
// the SharedInformerFactory (caches shared by every controller), a client-node
// KubernetesObjectApi for reconcilers (`manager.client`), the metrics registry, and optionally
// leader election on a Lease. start() syncs the caches, then runs the controllers (once
// leading); stop() — or a configured signal such as SIGTERM — drains them and stops the caches.
// It imports runtime/cache, runtime/controller, runtime/leaderelection, client-node and src/log;
// never the API server, registry or storage.
export { Manager, type LeaderElectionOptions, type ManagerOptions } from './manager.js';
