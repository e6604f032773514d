// runtime/client: what components need of their client configuration beyond client-node:
// connections reused across requests, and the cluster's CA bundle. It imports client-node only.
export { clusterCaBundle } from './clusterCaBundle.js';
export { reuseConnections } from './connectionReuse.js';
