// customresources: CustomResourceDefinitions and the resources they define. The definition
// strategy accepts and establishes them; the controller serves each definition's versions
// (catalog, discovery, stores) and cleans a deleted definition's objects up; scale reads and
// writes a custom object's replicas at its definition's paths.
export { CrdController } from './crdController.js';
export { CrdStrategy, CLEANUP_FINALIZER } from './crdStrategy.js';
export { CustomResourceStrategy } from './customResourceStrategy.js';
export { servedResources, servedGroups, compareVersions, type CrdSpec } from './definitions.js';
export { scaleValues, setValueAt } from './scale.js';
