// runtime/client: what components need of their client configuration beyond client-node:
// connections reused across requests, the cluster's CA bundle, and a writer for high-volume
// writes whose replies go unread. It imports client-node only.
export { ApiWriteError, ApiWriter, type PatchType } from './apiWriter.js';
export { clusterCaBundle } from './clusterCaBundle.js';
export { reuseConnections } from './connectionReuse.js';
