// Which objects a quota's hard resource names are counted from: the collection path of the
// resource each name is about (`requests.cpu` → pods, `services.nodeports` → services,
// `count/deployments.apps` → deployments, ...).
const GROUP_VERSIONS: Record<string, string> = {
  apps: 'v1', batch: 'v1', autoscaling: 'v2', policy: 'v1', 'networking.k8s.io': 'v1', 'rbac.authorization.k8s.io': 'v1',
  'storage.k8s.io': 'v1', 'discovery.k8s.io': 'v1', 'coordination.k8s.io': 'v1', 'events.k8s.io': 'v1',
};

export interface CountedResource {
  group: string;
  resource: string;
  path: string;
}

const core = (resource: string): CountedResource => ({ group: '', resource, path: `/api/v1/${resource}` });

/** The resource a quota resource name is counted from, undefined for names kubets does not count. */
export function countedResource(name: string): CountedResource | undefined {
  if (name.startsWith('count/')) {
    const [resource, ...group] = name.slice('count/'.length).split('.');
    if (group.length === 0) return core(resource);
    const groupName = group.join('.');
    const version = GROUP_VERSIONS[groupName];
    return version ? { group: groupName, resource, path: `/apis/${groupName}/${version}/${resource}` } : undefined;
  }
  if (['pods', 'cpu', 'memory', 'ephemeral-storage'].includes(name) || name.startsWith('requests.') && name !== 'requests.storage' || name.startsWith('limits.')) return core('pods');
  if (name === 'requests.storage' || name.endsWith('.storageclass.storage.k8s.io/requests.storage') || name.endsWith('.storageclass.storage.k8s.io/persistentvolumeclaims') || name === 'persistentvolumeclaims') {
    return core('persistentvolumeclaims');
  }
  if (name === 'services' || name.startsWith('services.')) return core('services');
  if (['configmaps', 'secrets', 'replicationcontrollers', 'resourcequotas'].includes(name)) return core(name);
  return undefined;
}
