// volume: upstream's PersistentVolume controller in two halves — claimBinder.ts binds claims
// to volumes (and provisions `kubets.io/local-path` volumes for them), volumeReclaimer.ts keeps
// volumes' phases and reclaims released ones — plus the default `standard` StorageClass. It
// imports src/runtime, src/controllers/common, src/api (quantities), node:fs and client-node.
export { addClaimBinder, BIND_COMPLETED, BOUND_BY_CONTROLLER, SELECTED_NODE, type ClaimBinderOptions } from './claimBinder.js';
export { DEFAULT_CLASS_ANNOTATION, ensureDefaultStorageClass } from './defaultStorageClass.js';
export { LOCAL_PATH_PROVISIONER } from './localPathProvisioner.js';
export { addVolumeReclaimer } from './volumeReclaimer.js';
export { findVolumeForClaim, volumeFitsNode, volumeMatchesClaim } from './volumeMatching.js';
