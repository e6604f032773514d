// What /version reports: the Kubernetes API level kubets keeps (v1.33), as kube-apiserver
// reports it, so clients that gate features on the server version behave as with v1.33.
import { KUBERNETES_VERSION } from '../api/kubernetesVersion.js';

export { KUBERNETES_VERSION };

export function versionInfo() {
  return {
    major: '1',
    minor: '33',
    gitVersion: `${KUBERNETES_VERSION}+kubets`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-11-01T00:00:00Z',
    goVersion: 'go1.24.0',
    compiler: 'gc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
