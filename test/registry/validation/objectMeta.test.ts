import { createErrors, pod, stored, updateErrors, updateStatusMessage, type Obj } from './fixtures.js';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

function configMap(metadata: Obj): Obj {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default', ...metadata } };
}

describe('names per kind', () => {
  test('most kinds take DNS-1123 subdomains', () => {
    expect(createErrors(configMap({ name: 'My.Config' }))).toEqual([`metadata.name: Invalid value: "My.Config": ${SUBDOMAIN_MSG}`]);
    expect(createErrors(configMap({ name: 'my.config' }))).toEqual([]);
  });

  test('namespaces take DNS-1123 labels', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } };
    expect(createErrors(ns)).toEqual(['metadata.name: Invalid value: "team.a": must not contain dots']);
    expect(createErrors({ ...ns, metadata: { name: 'Team' } })).toEqual([`metadata.name: Invalid value: "Team": ${LABEL_MSG}`]);
  });

  test('services take DNS-1035 labels', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: '1web', namespace: 'default' }, spec: { ports: [{ port: 80 }] } };
    expect(createErrors(svc)).toEqual([`metadata.name: Invalid value: "1web": ${DNS1035_MSG}`]);
  });

  test('StatefulSets take DNS-1123 labels', () => {
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db.primary', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres' }] } },
      },
    };
    expect(createErrors(sts)).toEqual(['metadata.name: Invalid value: "db.primary": must not contain dots']);
  });

  test('a name or generateName is required; generateName may end with a dash', () => {
    expect(createErrors(configMap({ name: undefined }))).toEqual(['metadata.name: Required value: name or generateName is required']);
    expect(createErrors(configMap({ name: 'cfg-abcde', generateName: 'cfg-' }))).toEqual([]);
    expect(createErrors(configMap({ name: 'x', generateName: 'CFG-' }))).toEqual([`metadata.generateName: Invalid value: "CFG-": ${SUBDOMAIN_MSG}`]);
  });

  test('namespaced kinds need a namespace, cluster kinds may not have one', () => {
    expect(createErrors(configMap({ namespace: undefined }))).toEqual(['metadata.namespace: Required value']);
    expect(createErrors({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', namespace: 'y' } })).toEqual([
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
  });
});

describe('labels, annotations, finalizers, owner references', () => {
  test('label keys and values', () => {
    expect(createErrors(configMap({ labels: { 'bad key': 'ok', good: 'bad value' } }))).toEqual([
      "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "metadata.labels: Invalid value: \"bad value\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
    expect(createErrors(configMap({ labels: { k: 'v'.repeat(64) } }))).toEqual(['metadata.labels: Invalid value: "' + 'v'.repeat(64) + '": must be no more than 63 characters']);
  });

  test('annotation keys are checked lower-cased; the total is limited to 256 KiB', () => {
    expect(createErrors(configMap({ annotations: { 'Example.COM/Key': 'x' } }))).toEqual([]);
    expect(createErrors(configMap({ annotations: { big: 'x'.repeat(256 * 1024) } }))).toEqual([
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ]);
  });

  test('finalizers', () => {
    expect(createErrors(configMap({ finalizers: ['example.com/cleanup', 'kubernetes'] }))).toEqual([]);
    expect(createErrors(configMap({ finalizers: ['cleanup'] }))).toEqual([
      'metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ]);
    expect(createErrors(configMap({ finalizers: ['orphan', 'foregroundDeletion'] }))).toEqual([
      'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
    ]);
  });

  test('owner references', () => {
    const refs = [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: '1', controller: true },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', uid: '2', controller: true },
    ];
    const errs = createErrors(configMap({ ownerReferences: refs }));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^metadata\.ownerReferences: Invalid value: \[\]v1\.OwnerReference\{v1\.OwnerReference\{APIVersion:"apps\/v1", Kind:"ReplicaSet", Name:"a", UID:"1", Controller:\(\*bool\)\(0x[0-9a-f]+\)/);
    expect(errs[0]).toMatch(/: Only one reference can have Controller set to true\. Found "true" in references for ReplicaSet\/a and ReplicaSet\/b$/);
    expect(createErrors(configMap({ ownerReferences: [{ apiVersion: '', kind: '', name: '', uid: '' }] }))).toEqual([
      'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
      'metadata.ownerReferences.kind: Invalid value: "": kind must not be empty',
      'metadata.ownerReferences.name: Invalid value: "": name must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
    ]);
  });
});

describe('metadata on update', () => {
  const old = stored(configMap({}));

  // upstream checks metadata twice on update (the generic store's common check, then the kind's):
  // each metadata error is two causes, and one line of the Status message
  test('name, namespace, uid and creationTimestamp are immutable', () => {
    const next = structuredClone(old);
    next.metadata.uid = 'other';
    next.metadata.creationTimestamp = '2025-02-02T00:00:00Z';
    const once = [
      'metadata.uid: Invalid value: "other": field is immutable',
      'metadata.creationTimestamp: Invalid value: 2025-02-02 00:00:00 +0000 UTC: field is immutable',
    ];
    expect(updateErrors(next, old)).toEqual([...once, ...once]);
    expect(updateStatusMessage(next, old)).toBe(`ConfigMap "cfg" is invalid: [${once.join(', ')}]`);
  });

  test('a resourceVersion is required; generation may not go down', () => {
    const next = structuredClone(old);
    delete next.metadata.resourceVersion;
    expect(updateErrors(next, old)).toEqual(Array(2).fill('metadata.resourceVersion: Invalid value: "": must be specified for an update'));
    const gen = { ...structuredClone(old), metadata: { ...old.metadata, generation: 1 } };
    const oldGen = { ...structuredClone(old), metadata: { ...old.metadata, generation: 3 } };
    expect(updateErrors(gen, oldGen)).toEqual(Array(2).fill('metadata.generation: Invalid value: 1: must not be decremented'));
  });

  test('no new finalizers once deleting', () => {
    const deleting = { ...structuredClone(old), metadata: { ...old.metadata, deletionTimestamp: '2025-01-03T00:00:00Z', finalizers: ['a.io/x'] } };
    const next = structuredClone(deleting);
    next.metadata.finalizers = ['a.io/x', 'b.io/y'];
    expect(updateErrors(next, deleting)).toEqual(
      Array(2).fill('metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}'),
    );
  });

  test('kinds without specific rules still get metadata rules', () => {
    const sa = stored({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder', namespace: 'ci' } });
    const renamed = { ...structuredClone(sa), metadata: { ...sa.metadata, name: 'other' } };
    expect(updateErrors(renamed, sa)).toEqual(Array(2).fill('metadata.name: Invalid value: "other": field is immutable'));
    expect(createErrors({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'Builder', namespace: 'ci' } })).toEqual([
      `metadata.name: Invalid value: "Builder": ${SUBDOMAIN_MSG}`,
    ]);
  });

  test('pods validate metadata too', () => {
    expect(createErrors(pod({}, { name: 'Web' }))).toEqual([`metadata.name: Invalid value: "Web": ${SUBDOMAIN_MSG}`]);
  });
});
