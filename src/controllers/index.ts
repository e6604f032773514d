// controllers: kubets' built-in controllers, each written on the framework of src/runtime
// exactly as a user's operator is (informers, work queues, the Manager's client). One folder per
// controller; each exports a way for `kubets up` / `kubets controller-manager` to start it on a
// Manager. It imports src/runtime, src/log and client-node; never src/apiserver, src/registry or
// src/storage: controllers reach the cluster's state through the API only.
export {
  GarbageCollector, startGarbageCollector, type GarbageCollectorOptions,
} from './garbagecollector/index.js';
export { addServiceAccountsController } from './serviceaccount/index.js';
export { addRootCaCertPublisher, ROOT_CA_CONFIGMAP } from './rootcacertpublisher/index.js';
export { addEndpointsController, addKubernetesServiceEndpoints } from './endpoints/index.js';
export { addEndpointSliceController } from './endpointslice/index.js';
export { addReplicaSetController, addReplicationControllerController } from './replicaset/index.js';
export { addJobController } from './job/index.js';
export { addCronJobController } from './cronjob/index.js';
export { addTtlAfterFinishedController } from './ttlafterfinished/index.js';
export { addDeploymentController } from './deployment/index.js';
export { addDaemonSetController } from './daemonset/index.js';
export { addNodeLifecycleController, addTaintEvictionController } from './nodelifecycle/index.js';
export { addClaimBinder, addVolumeReclaimer, ensureDefaultStorageClass } from './volume/index.js';
export { addResourceQuotaController } from './resourcequota/index.js';
export { addDisruptionController } from './disruption/index.js';
export { addHorizontalPodAutoscalerController } from './podautoscaler/index.js';
export { addStatefulSetController } from './statefulset/index.js';
