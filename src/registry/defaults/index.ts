// defaults: kube-apiserver v1.33's defaulting of the built-in kinds (the versioned SetDefaults_*
// functions and their generated call graph), plus the encoding normalisation that makes an
// object read back exactly as upstream writes it, and the few mutations upstream makes in
// admission and in the registry strategies (default service account and token volume, pod
// status and QoS class, Job selector, Namespace finalizer, Service IP family fields), exposed for
// the store to call. Pure functions over JSON objects; imports src/api and ../validation only.
export { applyDefaults, hasDefaults, type DefaultOptions } from './applyDefaults.js';
export { goJsonShape, goJsonShapeInPlace } from './goJsonShape.js';
export { defaultPod, defaultPodSpec, defaultContainer, defaultVolume } from './podDefaults.js';
export { imageTag, defaultPullPolicy } from './imageReference.js';
export {
  defaultService,
  normalizeServiceClusterIPs,
  patchServiceAllocatedValues,
  initServiceIPFamilyFields,
  type IPFamilyConfig,
} from './serviceDefaults.js';
export {
  defaultServiceAccount,
  serviceAccountTokenVolume,
  SERVICE_ACCOUNT_TOKEN_MOUNT_PATH,
  podQOSClass,
  preparePodForCreate,
  generateJobSelector,
  prepareNamespaceForCreate,
  prepareNamespaceForUpdate,
  canonicalizeNamespace,
  prepareDaemonSetForCreate,
  prepareDaemonSetForUpdate,
  DAEMONSET_TEMPLATE_GENERATION,
  generateName,
  type ServiceAccountInfo,
} from './storeHelpers.js';
