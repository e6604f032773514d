// envtest: a test helper that starts a real kubets API server in this process (SQLite in a temp
// dir, a free loopback port), installs CustomResourceDefinitions from a folder or as objects,
// waits until they are Established and listed in discovery, and hands back a loaded
// client-node KubeConfig — controller-runtime's envtest without etcd or a kube-apiserver binary.
//
// Layering: envtest may import src/apiserver and src/registry (it starts the server itself);
// nothing in src may import envtest — only tests and user code do.
export { startEnvironment, type Environment, type EnvironmentOptions } from './environment.js';
export { parseCrds, readCrdDirectory, type CrdObject } from './crds.js';
