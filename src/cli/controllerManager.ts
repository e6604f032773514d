// `kubets controller-manager`: the built-in controllers in one process, on the framework's
// Manager, leader-elected on the kube-system/kube-controller-manager Lease so that replicas
// can stand by. `kubets up` runs the same thing in its own process.
import { KubeConfig } from '@kubernetes/client-node';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import {
  addDeploymentController, addEndpointsController, addEndpointSliceController, addKubernetesServiceEndpoints, addReplicaSetController,
  addReplicationControllerController,
  addRootCaCertPublisher, addServiceAccountsController, startGarbageCollector,
  addCronJobController, addJobController, addTtlAfterFinishedController,
} from '../controllers/index.js';
import { Manager } from '../runtime/index.js';

export interface ControllerManagerOptions {
  kubeconfig: string;
}

/** Starts the controllers against the API server the kubeconfig names. */
export async function startControllerManager(kubeconfigPath: string): Promise<Manager> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const manager = new Manager(kubeConfig, {
    leaderElection: { namespace: 'kube-system', name: 'kube-controller-manager', identity: `${hostname()}_${randomUUID()}` },
  });
  startGarbageCollector(manager);
  addServiceAccountsController(manager);
  addRootCaCertPublisher(manager);
  addEndpointsController(manager);
  addEndpointSliceController(manager);
  addKubernetesServiceEndpoints(manager);
  addReplicaSetController(manager);
  addReplicationControllerController(manager);
  addDeploymentController(manager);
  addJobController(manager);
  addCronJobController(manager);
  addTtlAfterFinishedController(manager);
  await manager.start();
  return manager;
}

export async function controllerManager(options: ControllerManagerOptions): Promise<void> {
  const manager = await startControllerManager(options.kubeconfig);
  console.log('kubets controller-manager: running');
  const stop = async () => {
    await manager.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
