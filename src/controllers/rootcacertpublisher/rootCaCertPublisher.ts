// Reconciles namespaces (by name): the `kube-root-ca.crt` ConfigMap is created, or put back to
// the CA bundle when it differs; a changed or deleted one enqueues its namespace again. The
// bundle is the one the controller manager's kubeconfig trusts.
import { CoreV1Api } from '@kubernetes/client-node';
import { clusterCaBundle } from '../../runtime/client/index.js';
import type { Controller } from '../../runtime/controller/index.js';
import { activeNamespace, statusCode } from '../common/index.js';
import type { Manager } from '../../runtime/manager/index.js';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const DESCRIPTION = 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';


export function addRootCaCertPublisher(manager: Manager): Controller {
  const core = manager.kubeConfig.makeApiClient(CoreV1Api);
  const ca = clusterCaBundle(manager.kubeConfig);
  return manager.controller()
    .named('root-ca-cert-publisher')
    .for('/api/v1/namespaces')
    .watches('/api/v1/configmaps', (map) => (map.metadata?.name === ROOT_CA_CONFIGMAP ? [{ name: map.metadata.namespace! }] : []),
      { fieldSelector: `metadata.name=${ROOT_CA_CONFIGMAP}` })
    .complete(async ({ name }) => {
      if (!(await activeNamespace(core, name))) return;
      const body = { metadata: { name: ROOT_CA_CONFIGMAP, namespace: name, annotations: { 'kubernetes.io/description': DESCRIPTION } }, data: { 'ca.crt': ca } };
      try {
        const current = await core.readNamespacedConfigMap({ name: ROOT_CA_CONFIGMAP, namespace: name });
        if (current.data?.['ca.crt'] === ca && current.metadata?.annotations?.['kubernetes.io/description'] === DESCRIPTION) return;
        await core.replaceNamespacedConfigMap({ name: ROOT_CA_CONFIGMAP, namespace: name, body: { ...body, metadata: { ...current.metadata, ...body.metadata } } });
      } catch (error) {
        if (statusCode(error) !== 404) throw error;
        await core.createNamespacedConfigMap({ namespace: name, body }).catch((e: unknown) => {
          if (statusCode(e) !== 409 && statusCode(e) !== 403) throw e;
        });
      }
    });
}
