// apiserver: the Kubernetes REST contract over HTTPS. http/ parses requests and writes
// answers (negotiation, bodies, Status errors), discovery/ and openapi/ describe what is
// served, handlers/ run each verb on the generic store of src/registry, pki/ makes the
// cluster's certificates and kubeconfig. It sees storage only through the storage contract.
export { startApiServer, type ApiServerOptions, type RunningApiServer } from './server.js';
export { bootstrap } from './bootstrap.js';
export { ensureCertificates } from './pki/certificates.js';
export { writeKubeconfig } from './pki/kubeconfig.js';
export { startStandaloneApiServer, type StandaloneApiServer, type StandaloneOptions } from './standalone.js';
