// runtime/client: what components read from their client configuration besides the
// connection client-node makes from it. It imports client-node only.
export { clusterCaBundle } from './clusterCaBundle.js';
