// PersistentVolumes under `kubets up --nodes 2` with kubectl 1.33: the default `standard`
// StorageClass, a claim without a class given it, provisioned once a pod uses it
// (WaitForFirstConsumer) on that pod's node and bound with upstream's annotations, reclaim
// Delete removing the directory; an Immediate class provisioning at once; static volumes bound
// by class, access modes, capacity and selector (the smallest fit), Retain leaving a volume
// Released, a claim whose volume is deleted Lost, and the events of claims nothing can satisfy.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../../helpers/kubectl.js';
import { useKubetsUp } from '../../helpers/kubetsProcess.js';

const cluster = useKubetsUp('pv', ['--nodes', '2']);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const json = async (args: string[]): Promise<Json> => JSON.parse(await cluster.kubectl.ok([...args, '-o', 'json'])) as Json;
const phase = async (kind: string, name: string) => (await cluster.kubectl.run(['get', kind, name, '-o', 'jsonpath={.status.phase}'])).stdout;

test('a claim without a class gets standard, waits for its first consumer, is provisioned on its node and deleted with its directory', async () => {
  await eventually(async () => (await cluster.kubectl.run(['get', 'sc', '--no-headers'])).stdout.includes('standard (default)'), 20_000);
  expect(await cluster.kubectl.ok(['get', 'sc', 'standard', '--no-headers'])).toMatch(/^standard \(default\)\s+kubets\.io\/local-path\s+Delete\s+WaitForFirstConsumer\s+false/);

  await cluster.kubectl.ok(['apply', '-f', '-'], `
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
`);
  expect((await json(['get', 'pvc', 'data'])).spec.storageClassName).toBe('standard');
  await eventually(async () => (await cluster.kubectl.ok(['describe', 'pvc', 'data'])).includes('waiting for first consumer to be created before binding'), 20_000);
  expect(await phase('pvc', 'data')).toBe('Pending');
  expect((await cluster.kubectl.ok(['get', 'pv', '--no-headers', '--ignore-not-found'])).trim()).toBe('');

  await cluster.kubectl.ok(['apply', '-f', '-'], `
apiVersion: v1
kind: Pod
metadata: {name: user}
spec:
  containers:
  - {name: c, image: busybox, command: [sh, -c, 'sleep 3600'], volumeMounts: [{name: d, mountPath: /data}]}
  volumes:
  - {name: d, persistentVolumeClaim: {claimName: data}}
`);
  await cluster.kubectl.ok(['wait', '--for=condition=Ready', 'pod/user', '--timeout=60s']);
  const claim = await json(['get', 'pvc', 'data']);
  const node = (await json(['get', 'pod', 'user'])).spec.nodeName as string;
  expect(claim.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } });
  expect(claim.metadata.annotations).toMatchObject({
    'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes',
    'volume.kubernetes.io/selected-node': node, 'volume.kubernetes.io/storage-provisioner': 'kubets.io/local-path',
  });
  const volume = await json(['get', 'pv', claim.spec.volumeName]);
  expect(claim.spec.volumeName).toBe(`pvc-${claim.metadata.uid}`);
  expect(volume.metadata.annotations).toEqual({ 'pv.kubernetes.io/provisioned-by': 'kubets.io/local-path' });
  expect(volume.spec).toMatchObject({
    capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'standard', persistentVolumeReclaimPolicy: 'Delete', volumeMode: 'Filesystem',
    claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data', uid: claim.metadata.uid },
    nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
  });
  expect(volume.spec.hostPath.path).toBe(join(cluster.dataDir, 'local-volumes', `${volume.metadata.name}_default_data`));
  expect(volume.status.phase).toBe('Bound');
  expect(existsSync(volume.spec.hostPath.path)).toBe(true);
  expect(await cluster.kubectl.ok(['get', 'pvc', 'data', '--no-headers'])).toMatch(new RegExp(`^data\\s+Bound\\s+${volume.metadata.name}\\s+1Gi\\s+RWO\\s+standard`));
  const provisioning = await cluster.kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.name=data', '-o', 'jsonpath={range .items[*]}{.reason} {.count}{"\\n"}{end}']);
  expect(provisioning).toContain('Provisioning 1\n');
  expect(provisioning).toContain('ProvisioningSucceeded 1\n');
  expect(await cluster.kubectl.ok(['describe', 'pvc', 'data'])).toMatch(/ProvisioningSucceeded\s+\S+\s+persistentvolume-controller\s+Successfully provisioned volume pvc-/);

  await cluster.kubectl.ok(['delete', 'pod', 'user']);
  await cluster.kubectl.ok(['delete', 'pvc', 'data']);
  await eventually(async () => (await cluster.kubectl.run(['get', 'pv', volume.metadata.name])).stderr.includes('NotFound'), 30_000);
  expect(existsSync(volume.spec.hostPath.path)).toBe(false);
}, 180_000);

test('an Immediate class provisions at once, with no node affinity', async () => {
  await cluster.kubectl.ok(['apply', '-f', '-'], `
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: kubets.io/local-path
volumeBindingMode: Immediate
reclaimPolicy: Retain
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: quick}
spec:
  storageClassName: fast
  accessModes: [ReadWriteMany]
  resources: {requests: {storage: 2Gi}}
`);
  await eventually(async () => (await phase('pvc', 'quick')) === 'Bound', 30_000);
  const volume = await json(['get', 'pv', (await json(['get', 'pvc', 'quick'])).spec.volumeName]);
  expect(volume.spec.nodeAffinity).toBeUndefined();
  expect(volume.spec.persistentVolumeReclaimPolicy).toBe('Retain');
  // Retain: the claim gone, the volume stays Released.
  await cluster.kubectl.ok(['delete', 'pvc', 'quick']);
  await eventually(async () => (await phase('pv', volume.metadata.name)) === 'Released', 30_000);
  expect(await cluster.kubectl.ok(['get', 'pv', volume.metadata.name, '--no-headers'])).toMatch(/Retain\s+Released\s+default\/quick\s+fast/);
}, 60_000);

test('static volumes bind by class, access modes, capacity and selector; what fits nothing stays Pending', async () => {
  const pv = (name: string, size: string, modes: string[], labels: Record<string, string>, policy = 'Retain') => ({
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name, labels },
    spec: { capacity: { storage: size }, accessModes: modes, storageClassName: 'manual', persistentVolumeReclaimPolicy: policy, hostPath: { path: join(cluster.dataDir, 'static', name) } },
  });
  const claim = (name: string, size: string, modes: string[], extra: Record<string, unknown> = {}) => ({
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name },
    spec: { storageClassName: 'manual', accessModes: modes, resources: { requests: { storage: size } }, ...extra },
  });
  await cluster.kubectl.ok(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [
    pv('small-gold', '1Gi', ['ReadWriteOnce'], { tier: 'gold' }), pv('small', '1Gi', ['ReadWriteOnce', 'ReadOnlyMany'], {}),
    pv('big', '10Gi', ['ReadWriteMany'], {}), pv('medium', '5Gi', ['ReadWriteMany', 'ReadWriteOnce'], {}),
  ] }));
  await eventually(async () => (await cluster.kubectl.ok(['get', 'pv', '-l', '!nothing', '--no-headers'])).split('\n').filter((l) => /\sAvailable\s/.test(l)).length === 4, 20_000);
  await cluster.kubectl.ok(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [
    claim('shared', '2Gi', ['ReadWriteMany']),
    claim('gold', '500Mi', ['ReadWriteOnce'], { selector: { matchLabels: { tier: 'gold' } } }),
    claim('readers', '1Gi', ['ReadOnlyMany']),
    claim('one-pod', '1Gi', ['ReadWriteOncePod']),
  ] }));
  await eventually(async () => (await phase('pvc', 'shared')) === 'Bound' && (await phase('pvc', 'gold')) === 'Bound' && (await phase('pvc', 'readers')) === 'Bound', 30_000);
  expect((await json(['get', 'pvc', 'shared'])).spec.volumeName).toBe('medium');
  expect((await json(['get', 'pvc', 'gold'])).spec.volumeName).toBe('small-gold');
  expect((await json(['get', 'pvc', 'readers'])).spec.volumeName).toBe('small');
  expect((await json(['get', 'pv', 'medium'])).metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' });
  expect(await cluster.kubectl.ok(['get', 'pv', 'big', '--no-headers'])).toMatch(/Available/);
  expect(await phase('pvc', 'one-pod')).toBe('Pending');
  await eventually(async () => (await cluster.kubectl.ok(['describe', 'pvc', 'one-pod'])).includes('storageclass.storage.k8s.io "manual" not found'), 20_000);

  // A pre-bound volume goes to its claim only.
  await cluster.kubectl.ok(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [
    { ...pv('reserved', '1Gi', ['ReadWriteOncePod'], {}), spec: { ...pv('reserved', '1Gi', ['ReadWriteOncePod'], {}).spec, claimRef: { namespace: 'default', name: 'one-pod' } } },
  ] }));
  await eventually(async () => (await phase('pvc', 'one-pod')) === 'Bound', 30_000);
  expect((await json(['get', 'pvc', 'one-pod'])).spec.volumeName).toBe('reserved');
  expect((await json(['get', 'pvc', 'one-pod'])).metadata.annotations['pv.kubernetes.io/bound-by-controller']).toBe('yes');
  expect((await json(['get', 'pv', 'reserved'])).metadata.annotations).toBeUndefined();

  // A bound claim whose volume is deleted is Lost.
  await cluster.kubectl.ok(['delete', 'pv', 'small']);
  await eventually(async () => (await phase('pvc', 'readers')) === 'Lost', 20_000);
  await eventually(async () => (await cluster.kubectl.ok(['describe', 'pvc', 'readers'])).includes('Bound claim has lost its PersistentVolume. Data on the volume is lost!'), 20_000);

  // A classless claim with no volume: upstream's event.
  await cluster.kubectl.ok(['create', '-f', '-'], JSON.stringify(claim('classless', '1Gi', ['ReadWriteOnce'], { storageClassName: '' })));
  await eventually(async () => (await cluster.kubectl.ok(['describe', 'pvc', 'classless'])).includes('no persistent volumes available for this claim and no storage class is set'), 20_000);
}, 120_000);
