// `kubets controller-manager`: the built-in controllers in one process, on the framework's
// Manager, leader-elected on the kube-system/kube-controller-manager Lease so that replicas
// can stand by, its metrics served at --metrics-bind-address (127.0.0.1:10257, the port of
// upstream's kube-controller-manager). `kubets up` runs the same thing in its own process.
import { KubeConfig } from '@kubernetes/client-node';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import {
  addDeploymentController, addEndpointsController, addEndpointSliceController, addKubernetesServiceEndpoints, addReplicaSetController,
  addReplicationControllerController,
  addRootCaCertPublisher, addServiceAccountsController, startGarbageCollector,
  addCronJobController, addDaemonSetController, addJobController, addStatefulSetController, addTtlAfterFinishedController,
  addClaimBinder, addDisruptionController, addHorizontalPodAutoscalerController, addNodeLifecycleController, addResourceQuotaController,
  addTaintEvictionController, addVolumeReclaimer, ensureDefaultStorageClass,
} from '../controllers/index.js';
import { parseGoDuration } from '../api/goDuration.js';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { dropManagedFields } from '../runtime/cache/index.js';
import { Manager } from '../runtime/index.js';
import { serveMetrics, type MetricsServer } from '../runtime/metrics/index.js';

export const CONTROLLER_MANAGER_METRICS_ADDRESS = '127.0.0.1:10257';

/** Settings of the controllers, as upstream's kube-controller-manager flags name them. */
export interface ControllerSettings {
  /** How long a node may go without a heartbeat before it is Unknown (Go duration; 40s). */
  nodeMonitorGracePeriod?: string;
  /** How often HorizontalPodAutoscalers are synced (Go duration; 15s). */
  horizontalPodAutoscalerSyncPeriod?: string;
  /** Where the kubets.io/local-path provisioner makes volumes' directories. */
  localVolumeDir?: string;
  /** Where /metrics and the health checks are served (host:port, or 0 for nowhere). */
  metricsBindAddress?: string;
}

export interface ControllerManagerOptions extends ControllerSettings {
  kubeconfig: string;
}

const milliseconds = (duration: string | undefined) => (duration === undefined ? undefined : Number(parseGoDuration(duration) / 1_000_000n));

export interface RunningControllerManager {
  manager: Manager;
  /** Serving /metrics, unless the bind address was 0. */
  metrics: MetricsServer | undefined;
  stop(): Promise<void>;
}

/** Starts the controllers against the API server the kubeconfig names. */
export async function startControllerManager(kubeconfigPath: string, settings: ControllerSettings = {}): Promise<RunningControllerManager> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const metricsRegistry = new Registry();
  collectDefaultMetrics({ register: metricsRegistry });
  const manager = new Manager(kubeConfig, {
    metricsRegistry,
    leaderElection: { namespace: 'kube-system', name: 'kube-controller-manager', identity: `${hostname()}_${randomUUID()}` },
    // No controller reads managedFields: the caches drop them, as upstream's controller manager does.
    informers: { informer: { transform: dropManagedFields } },
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
  addDaemonSetController(manager);
  addStatefulSetController(manager);
  addNodeLifecycleController(manager, { nodeMonitorGracePeriodMs: milliseconds(settings.nodeMonitorGracePeriod) });
  addTaintEvictionController(manager);
  const volumeDirectory = resolve(settings.localVolumeDir ?? '.kubets/local-volumes');
  addClaimBinder(manager, { volumeDirectory });
  addVolumeReclaimer(manager, { volumeDirectory });
  ensureDefaultStorageClass(manager);
  addResourceQuotaController(manager);
  addDisruptionController(manager);
  addHorizontalPodAutoscalerController(manager, { syncPeriodMs: milliseconds(settings.horizontalPodAutoscalerSyncPeriod) });
  const metrics = await serveMetrics({ bindAddress: settings.metricsBindAddress ?? CONTROLLER_MANAGER_METRICS_ADDRESS, registry: metricsRegistry });
  await manager.start();
  return {
    manager,
    metrics,
    stop: async () => {
      await manager.stop();
      await metrics?.close();
    },
  };
}

export async function controllerManager(options: ControllerManagerOptions): Promise<void> {
  const running = await startControllerManager(options.kubeconfig, options);
  console.log(`kubets controller-manager: running${running.metrics ? `, metrics at ${running.metrics.url}/metrics` : ''}`);
  const stop = async () => {
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
