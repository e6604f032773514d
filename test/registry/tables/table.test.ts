import {
  IncludeObjectError,
  defaultTableConvertor,
  printedKinds,
  tableConvertorFor,
  toTable,
} from '../../../src/registry/tables/index.js';
import { MIN, NOW, ago } from './fixtures.js';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    managedFields: [{ manager: 'kubectl', operation: 'Apply', apiVersion: 'v1' }],
    labels: { app: 'web' },
    annotations: {},
    creationTimestamp: ago(5 * MIN),
    resourceVersion: '101',
    uid: '5c0ffee0-0000-4000-8000-000000000001',
    namespace: 'default',
    name: 'web',
    generation: 0,
    finalizers: [],
  },
  spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'nginx' }] },
  status: { phase: 'Succeeded', podIP: '10.1.0.9' },
};

const podTable = tableConvertorFor('', 'Pod');

describe('toTable', () => {
  it('renders the exact meta.k8s.io/v1 Table of a list, PartialObjectMetadata rows by default', () => {
    const table = toTable(podTable, [pod], { now: NOW, listMeta: { resourceVersion: '120', continue: 'abc', remainingItemCount: 3 } });
    expect(Object.keys(table)).toEqual(['kind', 'apiVersion', 'metadata', 'columnDefinitions', 'rows']);
    expect(table.kind).toBe('Table');
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(JSON.stringify(table.metadata)).toBe('{"resourceVersion":"120","continue":"abc","remainingItemCount":3}');
    expect(table.columnDefinitions).toHaveLength(9);
    expect(JSON.stringify(table.columnDefinitions![1])).toBe(
      '{"name":"Ready","type":"string","format":"","description":"The aggregate readiness state of this pod for accepting traffic.","priority":0}',
    );
    expect(table.columnDefinitions![0]!.description).toMatch(/^Name must be unique within a namespace\./);
    expect(table.columnDefinitions![4]!.description).toMatch(/^CreationTimestamp is a timestamp representing the server time/);
    expect(JSON.stringify(table.rows)).toBe(
      JSON.stringify([
        {
          cells: ['web', '0/1', 'Succeeded', '0', '5m', '10.1.0.9', 'node-1', '<none>', '<none>'],
          conditions: [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }],
          object: {
            kind: 'PartialObjectMetadata',
            apiVersion: 'meta.k8s.io/v1',
            metadata: {
              name: 'web',
              namespace: 'default',
              uid: '5c0ffee0-0000-4000-8000-000000000001',
              resourceVersion: '101',
              creationTimestamp: ago(5 * MIN),
              labels: { app: 'web' },
              managedFields: [{ manager: 'kubectl', operation: 'Apply', apiVersion: 'v1' }],
            },
          },
        },
      ]),
    );
  });

  it('carries the full object for includeObject=Object and null for None', () => {
    const full = toTable(podTable, [pod], { now: NOW, includeObject: 'Object' });
    expect(full.rows![0]!.object).toBe(pod);
    const none = toTable(podTable, [pod], { now: NOW, includeObject: 'None' });
    expect(none.rows![0]!.object).toBeNull();
    expect(JSON.stringify(none.rows![0])).toMatch(/"object":null}$/);
    expect(toTable(podTable, [pod], { now: NOW, includeObject: '' }).rows![0]!.object).toMatchObject({ kind: 'PartialObjectMetadata' });
  });

  it('sets the served kind and apiVersion on full objects that lack them', () => {
    const typeMeta = { kind: 'Pod', apiVersion: 'v1' };
    const { kind: _kind, apiVersion: _apiVersion, ...bare } = pod;
    const row = toTable(podTable, [bare], { now: NOW, includeObject: 'Object', typeMeta }).rows![0]!;
    expect(Object.keys(row.object as object).slice(0, 3)).toEqual(['kind', 'apiVersion', 'metadata']);
    expect(row.object).toEqual({ kind: 'Pod', apiVersion: 'v1', ...bare });
    expect(toTable(podTable, [pod], { now: NOW, includeObject: 'Object', typeMeta }).rows![0]!.object).toBe(pod);
  });

  it('rejects an unknown includeObject value with the upstream message', () => {
    expect(() => toTable(podTable, [pod], { includeObject: 'Everything' as never })).toThrow(IncludeObjectError);
    expect(() => toTable(podTable, [pod], { includeObject: 'Everything' as never })).toThrow('unrecognized includeObject value: "Everything"');
  });

  it('leaves out conditions when there are none, keeping cells before object', () => {
    const running = { ...pod, status: { phase: 'Running' } };
    expect(Object.keys(toTable(podTable, [running], { now: NOW }).rows![0]!)).toEqual(['cells', 'object']);
    expect(Object.keys(toTable(podTable, [pod], { now: NOW }).rows![0]!)).toEqual(['cells', 'conditions', 'object']);
  });

  it('gives a missing creationTimestamp as null in PartialObjectMetadata, as Go does', () => {
    const table = toTable(podTable, [{ metadata: { name: 'bare' } }], { now: NOW });
    expect(table.rows![0]!.object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'bare', creationTimestamp: null } });
  });

  it('omits the headers for later Table watch events and speaks v1beta1 when asked', () => {
    expect(toTable(podTable, [pod], { now: NOW, noHeaders: true }).columnDefinitions).toBeNull();
    const beta = toTable(podTable, [pod], { now: NOW, apiVersion: 'meta.k8s.io/v1beta1' });
    expect(beta.apiVersion).toBe('meta.k8s.io/v1beta1');
    expect(beta.rows![0]!.object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1beta1' });
  });

  it('gives a single object the metadata it is passed and an empty list empty rows', () => {
    const one = toTable(podTable, [pod], { now: NOW, listMeta: { resourceVersion: pod.metadata.resourceVersion } });
    expect(one.metadata).toEqual({ resourceVersion: '101' });
    const empty = toTable(podTable, [], { now: NOW });
    expect(empty.metadata).toEqual({});
    expect(empty.rows).toEqual([]);
  });

  it('renders the default table: Name and Created At, null rows for an empty list', () => {
    const role = { metadata: { name: 'reader', namespace: 'default', creationTimestamp: '2025-05-31T08:00:00Z' }, rules: [] };
    const table = toTable(defaultTableConvertor, [role], { now: NOW, listMeta: { resourceVersion: '7' } });
    expect(table.columnDefinitions).toEqual([
      expect.objectContaining({ name: 'Name', type: 'string', format: 'name', priority: 0 }),
      expect.objectContaining({ name: 'Created At', type: 'date', format: '', priority: 0 }),
    ]);
    expect(table.rows![0]!.cells).toEqual(['reader', '2025-05-31T08:00:00Z']);
    expect(toTable(defaultTableConvertor, [], { now: NOW }).rows).toBeNull();
  });

  it('prints FlowSchema lists in matching-precedence order', () => {
    const fs = (name: string, matchingPrecedence: number) => ({ metadata: { name }, spec: { priorityLevelConfiguration: { name: 'x' }, matchingPrecedence } });
    const table = toTable(tableConvertorFor('flowcontrol.apiserver.k8s.io', 'FlowSchema'), [fs('z', 1), fs('global-default', 9900), fs('a', 1)], { now: NOW });
    expect(table.rows!.map((r) => r.cells[0])).toEqual(['a', 'z', 'global-default']);
  });
});

describe('every printer', () => {
  const kinds = printedKinds();

  it('covers the printed kinds of every group', () => {
    const byGroup = new Map<string, string[]>();
    for (const { group, kind } of kinds) byGroup.set(group, [...(byGroup.get(group) ?? []), kind]);
    expect(Object.fromEntries(byGroup)).toEqual({
      '': [
        'Pod',
        'PodTemplate',
        'ReplicationController',
        'Service',
        'Endpoints',
        'Node',
        'Event',
        'Namespace',
        'Secret',
        'ServiceAccount',
        'PersistentVolume',
        'PersistentVolumeClaim',
        'ComponentStatus',
        'ConfigMap',
        'ResourceQuota',
      ],
      apps: ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision'],
      batch: ['Job', 'CronJob'],
      autoscaling: ['HorizontalPodAutoscaler', 'Scale'],
      'networking.k8s.io': ['Ingress', 'IngressClass', 'NetworkPolicy', 'ServiceCIDR', 'IPAddress'],
      'discovery.k8s.io': ['EndpointSlice'],
      policy: ['PodDisruptionBudget'],
      'rbac.authorization.k8s.io': ['RoleBinding', 'ClusterRoleBinding'],
      'coordination.k8s.io': ['Lease', 'LeaseCandidate'],
      'storage.k8s.io': ['StorageClass', 'VolumeAttachment', 'CSIDriver', 'CSINode', 'VolumeAttributesClass'],
      'scheduling.k8s.io': ['PriorityClass'],
      'events.k8s.io': ['Event'],
      'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
      'node.k8s.io': ['RuntimeClass'],
      'admissionregistration.k8s.io': [
        'MutatingWebhookConfiguration',
        'ValidatingWebhookConfiguration',
        'ValidatingAdmissionPolicy',
        'ValidatingAdmissionPolicyBinding',
        'MutatingAdmissionPolicy',
        'MutatingAdmissionPolicyBinding',
      ],
      'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
    });
    expect(tableConvertorFor('core', 'Pod')).toBe(tableConvertorFor('', 'Pod'));
    expect(tableConvertorFor('apps', 'NoSuchKind')).toBe(defaultTableConvertor);
    expect(tableConvertorFor('', 'toString')).toBe(defaultTableConvertor);
  });

  it.each(kinds.map(({ group, kind }) => [group || 'core', kind]))('%s %s: well-formed columns, one cell per column for a bare object', (group, kind) => {
    const convertor = tableConvertorFor(group, kind);
    for (const c of convertor.columns) {
      expect(Object.keys(c)).toEqual(['name', 'type', 'format', 'description', 'priority']);
      expect(['string', 'integer', 'boolean', 'date']).toContain(c.type);
      expect(['', 'name']).toContain(c.format);
      expect([0, 1]).toContain(c.priority);
      expect(typeof c.description).toBe('string');
    }
    const row = convertor.cells({ metadata: { name: 'x', creationTimestamp: ago(MIN) } }, NOW);
    // upstream's IPAddress printer appends an age cell it has no column for
    expect(row).toHaveLength(convertor.columns.length + (kind === 'IPAddress' ? 1 : 0));
    for (const cell of row) expect(['string', 'number', 'boolean']).toContain(typeof cell);
  });

  it('leaves only the descriptions upstream leaves empty empty', () => {
    const empty = kinds.flatMap(({ group, kind }) =>
      tableConvertorFor(group, kind)
        .columns.filter((c) => c.description === '')
        .map((c) => `${kind}.${c.name}`),
    );
    expect(empty).toEqual(['LeaseCandidate.BinaryVersion', 'LeaseCandidate.EmulationVersion', 'RuntimeClass.Handler']);
  });
});
