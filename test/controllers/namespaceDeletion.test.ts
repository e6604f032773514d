// `kubectl delete namespace` under `kubets up --nodes 2` (the API server empties and finalizes
// the namespace; the node agents end its pods gracefully): a Deployment with running pods, a
// Service with its Endpoints and slices, a bound claim, ConfigMaps, Secrets, a quota and a
// budget all go, then the namespace itself; a new namespace of the same name starts empty.
import { eventually } from '../helpers/kubectl.js';
import { useKubetsUp } from '../helpers/kubetsProcess.js';

const cluster = useKubetsUp('nsdelete', ['--nodes', '2']);

const KINDS = 'deployments,replicasets,pods,services,endpoints,endpointslices,persistentvolumeclaims,configmaps,secrets,resourcequotas,poddisruptionbudgets';

test('deleting a namespace removes everything in it, pods included, then the namespace', async () => {
  await cluster.kubectl.ok(['create', 'namespace', 'shop']);
  await cluster.kubectl.ok(['-n', 'shop', 'create', 'deployment', 'web', '--image=nginx', '--replicas=3', '--port=80']);
  await cluster.kubectl.ok(['-n', 'shop', 'expose', 'deployment', 'web', '--port=80']);
  await cluster.kubectl.ok(['-n', 'shop', 'create', 'configmap', 'settings', '--from-literal=a=b']);
  await cluster.kubectl.ok(['-n', 'shop', 'create', 'secret', 'generic', 'token', '--from-literal=t=x']);
  await cluster.kubectl.ok(['-n', 'shop', 'create', 'quota', 'q', '--hard=pods=10']);
  await cluster.kubectl.ok(['-n', 'shop', 'create', 'pdb', 'web', '--selector=app=web', '--min-available=1']);
  await cluster.kubectl.ok(['-n', 'shop', 'apply', '-f', '-'], `
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  storageClassName: fast
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: kubets.io/local-path
volumeBindingMode: Immediate
`);
  await cluster.kubectl.ok(['-n', 'shop', 'rollout', 'status', 'deployment/web', '--timeout=60s']);
  await eventually(async () => (await cluster.kubectl.ok(['-n', 'shop', 'get', 'pvc', 'data', '-o', 'jsonpath={.status.phase}'])) === 'Bound', 30_000);
  await eventually(async () => (await cluster.kubectl.ok(['-n', 'shop', 'get', 'endpoints', 'web', '--no-headers'])).split(',').length === 3, 30_000);
  const volume = (await cluster.kubectl.ok(['-n', 'shop', 'get', 'pvc', 'data', '-o', 'jsonpath={.spec.volumeName}'])).trim();

  await cluster.kubectl.ok(['delete', 'namespace', 'shop', '--timeout=90s']);
  expect((await cluster.kubectl.run(['get', 'namespace', 'shop'])).stderr).toContain('namespaces "shop" not found');
  expect((await cluster.kubectl.ok(['-n', 'shop', 'get', KINDS, '--no-headers', '--ignore-not-found'])).trim()).toBe('');
  // The claim's volume (reclaim Delete) goes with it.
  await eventually(async () => (await cluster.kubectl.run(['get', 'pv', volume])).stderr.includes('NotFound'), 30_000);

  await cluster.kubectl.ok(['create', 'namespace', 'shop']);
  await eventually(async () => (await cluster.kubectl.ok(['-n', 'shop', 'get', 'serviceaccounts', '--no-headers'])).startsWith('default'), 20_000);
  expect((await cluster.kubectl.ok(['-n', 'shop', 'get', 'deployments,pods,services,pvc', '--no-headers', '--ignore-not-found'])).trim()).toBe('');
}, 180_000);
