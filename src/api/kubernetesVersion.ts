// The Kubernetes release whose API kubets keeps: the API server's /version and the node
// agents' nodeInfo.kubeletVersion both report it.
export const KUBERNETES_VERSION = 'v1.33.13';
