// What every cluster has from its first start: the four system namespaces, the
// `kubernetes` Service in `default` that points at the API server, and the system
// PriorityClasses (system-node-critical, system-cluster-critical).
import { SYSTEM_PRIORITY_CLASSES } from '../api/systemPriorityClasses.js';
import type { Registries } from '../registry/registries.js';
import { StatusError } from '../registry/statusError.js';
import type { KubeObject } from '../registry/object.js';
import type { Store } from '../registry/store.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Creates the object unless it exists. */
async function ensure(store: Store, object: KubeObject): Promise<void> {
  const { namespace, name } = object.metadata;
  try {
    await store.get(namespace, name!);
    return;
  } catch (error) {
    if (!(error instanceof StatusError && error.code === 404)) throw error;
  }
  try {
    await store.create(namespace, object);
  } catch (error) {
    if (!(error instanceof StatusError && error.status.reason === 'AlreadyExists')) throw error;
  }
}

/** The `kubernetes` Service takes the first address of the service range (10.96.0.1 by default). */
export async function bootstrap(registries: Registries, apiServerPort: number, kubernetesServiceIP: string): Promise<void> {
  const namespaces = registries.store('', 'v1', 'namespaces')!;
  for (const name of SYSTEM_NAMESPACES) {
    await ensure(namespaces, { metadata: { name } });
  }
  const services = registries.store('', 'v1', 'services')!;
  const service: KubeObject = {
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: apiServerPort }],
      clusterIP: kubernetesServiceIP,
      clusterIPs: [kubernetesServiceIP],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    },
  };
  await ensure(services, service);
  const priorityClasses = registries.store('scheduling.k8s.io', 'v1', 'priorityclasses')!;
  for (const { name, value, description } of SYSTEM_PRIORITY_CLASSES) {
    await ensure(priorityClasses, { metadata: { name }, value, description } as KubeObject);
  }
}
