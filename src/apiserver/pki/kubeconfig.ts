// The admin kubeconfig `kubets up` writes for kubectl and client programs.
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { ClusterCertificates } from './certificates.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

export function writeKubeconfig(path: string, server: string, certificates: ClusterCertificates): void {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kubets', cluster: { server, 'certificate-authority-data': b64(certificates.ca.certificate) } }],
    users: [{
      name: 'kubets-admin',
      user: {
        'client-certificate-data': b64(certificates.admin.certificate),
        'client-key-data': b64(certificates.admin.key),
      },
    }],
    contexts: [{ name: 'kubets', context: { cluster: 'kubets', user: 'kubets-admin', namespace: 'default' } }],
    'current-context': 'kubets',
    preferences: {},
  };
  writeFileSync(path, stringify(config), { mode: 0o600 });
}
