// The certificate authority bundle (PEM) a kubeconfig's current cluster trusts: published to
// namespaces as kube-root-ca.crt, and what node agents check the API server's client
// certificate against.
import type { KubeConfig } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';

export function clusterCaBundle(kubeConfig: KubeConfig): string {
  const cluster = kubeConfig.getCurrentCluster();
  if (cluster?.caData) return Buffer.from(cluster.caData, 'base64').toString('utf8');
  if (cluster?.caFile) return readFileSync(cluster.caFile, 'utf8');
  throw new Error(`the kubeconfig's cluster ${cluster?.name ?? ''} names no certificate authority`);
}
