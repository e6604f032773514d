// rootcacertpublisher: every active namespace has the `kube-root-ca.crt` ConfigMap holding the
// cluster's CA bundle (key `ca.crt`), which projected service-account volumes mount, as
// upstream's root-ca-cert-publisher. It imports src/runtime and client-node only.
export { addRootCaCertPublisher, ROOT_CA_CONFIGMAP } from './rootCaCertPublisher.js';
