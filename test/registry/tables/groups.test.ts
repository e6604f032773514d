import { tableConvertorFor } from '../../../src/registry/tables/index.js';
import { DAY, MIN, NOW, ago, cells, columnNames } from './fixtures.js';

const meta = (name: string, extra: object = {}) => ({ name, creationTimestamp: ago(5 * MIN), ...extra });

describe('policy/v1', () => {
  it('PodDisruptionBudget', () => {
    expect(columnNames('policy', 'PodDisruptionBudget')).toEqual(['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions', 'Age']);
    expect(cells('policy', 'PodDisruptionBudget', { metadata: meta('web'), spec: { minAvailable: 2 }, status: { disruptionsAllowed: 1 } })).toEqual([
      'web',
      '2',
      'N/A',
      1,
      '5m',
    ]);
    expect(cells('policy', 'PodDisruptionBudget', { metadata: meta('db'), spec: { maxUnavailable: '25%' } })).toEqual(['db', 'N/A', '25%', 0, '5m']);
  });
});

describe('rbac.authorization.k8s.io/v1', () => {
  const RBAC = 'rbac.authorization.k8s.io';
  const subjects = [
    { kind: 'User', apiGroup: RBAC, name: 'alice' },
    { kind: 'Group', apiGroup: RBAC, name: 'devs' },
    { kind: 'ServiceAccount', name: 'ci', namespace: 'build' },
    { kind: 'User', apiGroup: RBAC, name: 'bob' },
    { kind: 'ServiceAccount', name: 'deployer', namespace: 'prod' },
  ];

  it('RoleBinding and ClusterRoleBinding', () => {
    expect(columnNames(RBAC, 'RoleBinding')).toEqual(['Name', 'Role', 'Age', 'Users*', 'Groups*', 'ServiceAccounts*']);
    const binding = { metadata: meta('viewers'), roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' }, subjects };
    expect(cells(RBAC, 'RoleBinding', binding)).toEqual(['viewers', 'ClusterRole/view', '5m', 'alice, bob', 'devs', 'build/ci, prod/deployer']);
    expect(cells(RBAC, 'ClusterRoleBinding', { metadata: meta('admins'), roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'cluster-admin' } })).toEqual([
      'admins',
      'ClusterRole/cluster-admin',
      '5m',
      '',
      '',
      '',
    ]);
    const descriptions = tableConvertorFor(RBAC, 'ClusterRoleBinding').columns.map((c) => c.description);
    expect(descriptions.slice(3)).toEqual([
      'Users in the clusterRoleBinding',
      'Groups in the clusterRoleBinding',
      'ServiceAccounts in the clusterRoleBinding',
    ]);
  });

  it('Role and ClusterRole have no printer', () => {
    expect(columnNames(RBAC, 'Role')).toEqual(['Name', 'Created At']);
    expect(cells(RBAC, 'ClusterRole', { metadata: { name: 'view', creationTimestamp: '2025-01-02T03:04:05Z' } })).toEqual([
      'view',
      '2025-01-02T03:04:05Z',
    ]);
  });
});

describe('coordination.k8s.io', () => {
  it('Lease and LeaseCandidate', () => {
    expect(columnNames('coordination.k8s.io', 'Lease')).toEqual(['Name', 'Holder', 'Age']);
    expect(cells('coordination.k8s.io', 'Lease', { metadata: meta('kube-scheduler'), spec: { holderIdentity: 'cp-1_4f1d' } })).toEqual([
      'kube-scheduler',
      'cp-1_4f1d',
      '5m',
    ]);
    expect(cells('coordination.k8s.io', 'Lease', { metadata: meta('free'), spec: {} })[1]).toBe('');
    expect(columnNames('coordination.k8s.io', 'LeaseCandidate')).toEqual(['Name', 'LeaseName', 'BinaryVersion', 'EmulationVersion', 'Age']);
    const candidate = { metadata: meta('cp-1'), spec: { leaseName: 'kube-scheduler', binaryVersion: '1.33.1', emulationVersion: '1.33', strategy: 'OldestEmulationVersion' } };
    expect(cells('coordination.k8s.io', 'LeaseCandidate', candidate)).toEqual(['cp-1', 'kube-scheduler', '1.33.1', '1.33', '5m']);
  });
});

describe('storage.k8s.io', () => {
  const S = 'storage.k8s.io';

  it('StorageClass marks the default class and applies the API defaults', () => {
    expect(columnNames(S, 'StorageClass')).toEqual(['Name', 'Provisioner', 'ReclaimPolicy', 'VolumeBindingMode', 'AllowVolumeExpansion', 'Age']);
    const standard = {
      metadata: meta('standard', { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
      provisioner: 'rancher.io/local-path',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
    };
    expect(cells(S, 'StorageClass', standard)).toEqual(['standard (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', false, '5m']);
    const beta = { metadata: meta('gold', { annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'true' } }), provisioner: 'x', allowVolumeExpansion: true };
    expect(cells(S, 'StorageClass', beta)).toEqual(['gold (default)', 'x', 'Delete', 'Immediate', true, '5m']);
  });

  it('VolumeAttachment, CSIDriver, CSINode, VolumeAttributesClass', () => {
    expect(columnNames(S, 'VolumeAttachment')).toEqual(['Name', 'Attacher', 'PV', 'Node', 'Attached', 'Age']);
    expect(tableConvertorFor(S, 'VolumeAttachment').columns[1]!.format).toBe('name');
    const va = { metadata: meta('csi-0a1b'), spec: { attacher: 'ebs.csi.aws.com', nodeName: 'node-1', source: { persistentVolumeName: 'pv-1' } }, status: { attached: true } };
    expect(cells(S, 'VolumeAttachment', va)).toEqual(['csi-0a1b', 'ebs.csi.aws.com', 'pv-1', 'node-1', true, '5m']);

    expect(columnNames(S, 'CSIDriver')).toEqual(['Name', 'AttachRequired', 'PodInfoOnMount', 'StorageCapacity', 'TokenRequests', 'RequiresRepublish', 'Modes', 'Age']);
    expect(cells(S, 'CSIDriver', { metadata: meta('ebs.csi.aws.com'), spec: {} })).toEqual(['ebs.csi.aws.com', true, false, false, '<unset>', false, 'Persistent', '5m']);
    const vault = {
      metadata: meta('secrets-store.csi.k8s.io'),
      spec: { attachRequired: false, podInfoOnMount: true, tokenRequests: [{ audience: 'vault' }, { audience: 'gcp' }], requiresRepublish: true, volumeLifecycleModes: ['Persistent', 'Ephemeral'] },
    };
    expect(cells(S, 'CSIDriver', vault)).toEqual(['secrets-store.csi.k8s.io', false, true, false, 'vault,gcp', true, 'Persistent,Ephemeral', '5m']);

    expect(columnNames(S, 'CSINode')).toEqual(['Name', 'Drivers', 'Age']);
    expect(cells(S, 'CSINode', { metadata: meta('node-1'), spec: { drivers: [{ name: 'a', nodeID: 'n' }] } })).toEqual(['node-1', 1, '5m']);

    expect(columnNames(S, 'VolumeAttributesClass')).toEqual(['Name', 'DriverName', 'Age']);
    const vac = { metadata: meta('fast', { annotations: { 'volumeattributesclass.alpha.kubernetes.io/is-default-class': 'true' } }), driverName: 'ebs.csi.aws.com' };
    expect(cells(S, 'VolumeAttributesClass', vac)).toEqual(['fast (default)', 'ebs.csi.aws.com', '5m']);
  });

  it('CSIStorageCapacity is served with the default table', () => {
    expect(columnNames(S, 'CSIStorageCapacity')).toEqual(['Name', 'Created At']);
  });
});

describe('scheduling.k8s.io/v1', () => {
  it('PriorityClass', () => {
    expect(columnNames('scheduling.k8s.io', 'PriorityClass')).toEqual(['Name', 'Value', 'Global-Default', 'Age', 'PreemptionPolicy']);
    expect(cells('scheduling.k8s.io', 'PriorityClass', { metadata: meta('high'), value: 1000000 })).toEqual(['high', 1000000, false, '5m', 'PreemptLowerPriority']);
    const batch = { metadata: meta('batch'), value: -10, globalDefault: true, preemptionPolicy: 'Never' };
    expect(cells('scheduling.k8s.io', 'PriorityClass', batch)).toEqual(['batch', -10, true, '5m', 'Never']);
  });
});

describe('events.k8s.io/v1', () => {
  it('prints Events through the core Event columns', () => {
    expect(columnNames('events.k8s.io', 'Event')).toEqual(columnNames('', 'Event'));
    const event = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: meta('web.18a'),
      eventTime: ago(90),
      regarding: { kind: 'Deployment', namespace: 'default', name: 'web' },
      note: 'Scaled up replica set web-5d4f8 to 3 ',
      reason: 'ScalingReplicaSet',
      type: 'Normal',
      action: 'Scale',
      reportingController: 'deployment-controller',
      reportingInstance: '',
    };
    expect(cells('events.k8s.io', 'Event', event)).toEqual([
      '90s',
      'Normal',
      'ScalingReplicaSet',
      'deployment/web',
      '',
      'deployment-controller',
      'Scaled up replica set web-5d4f8 to 3',
      '90s',
      1,
      'web.18a',
    ]);
    const legacy = { ...event, deprecatedSource: { component: 'kubelet', host: 'node-1' }, deprecatedFirstTimestamp: ago(DAY), deprecatedLastTimestamp: ago(MIN), deprecatedCount: 4 };
    expect(cells('events.k8s.io', 'Event', legacy)).toEqual([
      '60s',
      'Normal',
      'ScalingReplicaSet',
      'deployment/web',
      '',
      'kubelet, node-1',
      'Scaled up replica set web-5d4f8 to 3',
      '24h',
      4,
      'web.18a',
    ]);
  });
});

describe('certificates.k8s.io', () => {
  const C = 'certificates.k8s.io';
  it('CertificateSigningRequest', () => {
    expect(columnNames(C, 'CertificateSigningRequest')).toEqual(['Name', 'Age', 'SignerName', 'Requestor', 'RequestedDuration', 'Condition']);
    const issued = {
      metadata: meta('alice'),
      spec: { request: 'LS0t', signerName: 'kubernetes.io/kube-apiserver-client', username: 'alice', expirationSeconds: 86400, usages: ['client auth'] },
      status: { conditions: [{ type: 'Approved', status: 'True', reason: 'AutoApproved' }], certificate: 'LS0tLS1CRUdJTg==' },
    };
    expect(cells(C, 'CertificateSigningRequest', issued)).toEqual(['alice', '5m', 'kubernetes.io/kube-apiserver-client', 'alice', '24h', 'Approved,Issued']);
    expect(cells(C, 'CertificateSigningRequest', { metadata: meta('p'), spec: { request: 'LS0t' } })).toEqual(['p', '5m', '<none>', '', '<none>', 'Pending']);
    const denied = { metadata: meta('d'), spec: { request: 'x', signerName: 's' }, status: { conditions: [{ type: 'Approved' }, { type: 'Failed' }, { type: 'Denied' }] } };
    expect(cells(C, 'CertificateSigningRequest', denied)[5]).toBe('Denied,Failed');
    const week = { metadata: meta('w'), spec: { request: 'x', expirationSeconds: 7 * 86400 + 3600 } };
    expect(cells(C, 'CertificateSigningRequest', week)[4]).toBe('7d1h');
  });

  it('ClusterTrustBundle', () => {
    expect(columnNames(C, 'ClusterTrustBundle')).toEqual(['Name', 'SignerName']);
    expect(cells(C, 'ClusterTrustBundle', { metadata: meta('ca'), spec: { trustBundle: '...' } })).toEqual(['ca', '<none>']);
    expect(cells(C, 'ClusterTrustBundle', { metadata: meta('x:y:ca'), spec: { signerName: 'x/y', trustBundle: '...' } })).toEqual(['x:y:ca', 'x/y']);
  });
});

describe('node.k8s.io/v1', () => {
  it('RuntimeClass', () => {
    expect(columnNames('node.k8s.io', 'RuntimeClass')).toEqual(['Name', 'Handler', 'Age']);
    expect(tableConvertorFor('node.k8s.io', 'RuntimeClass').columns[1]!.description).toBe('');
    expect(cells('node.k8s.io', 'RuntimeClass', { metadata: meta('gvisor'), handler: 'runsc' })).toEqual(['gvisor', 'runsc', '5m']);
  });
});

describe('admissionregistration.k8s.io', () => {
  const A = 'admissionregistration.k8s.io';
  it('webhook configurations count their webhooks', () => {
    for (const kind of ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']) {
      expect(columnNames(A, kind)).toEqual(['Name', 'Webhooks', 'Age']);
      expect(cells(A, kind, { metadata: meta('hooks'), webhooks: [{ name: 'a.example.com' }, { name: 'b.example.com' }] })).toEqual(['hooks', 2, '5m']);
    }
  });

  it('admission policies and their bindings', () => {
    expect(columnNames(A, 'ValidatingAdmissionPolicy')).toEqual(['Name', 'Validations', 'ParamKind', 'Age']);
    const policy = { metadata: meta('max-replicas'), spec: { paramKind: { apiVersion: 'v1', kind: 'ConfigMap' }, validations: [{ expression: 'true' }, { expression: 'false' }] } };
    expect(cells(A, 'ValidatingAdmissionPolicy', policy)).toEqual(['max-replicas', 2, 'v1/ConfigMap', '5m']);
    expect(cells(A, 'ValidatingAdmissionPolicy', { metadata: meta('p'), spec: {} })).toEqual(['p', 0, '<unset>', '5m']);
    expect(columnNames(A, 'MutatingAdmissionPolicy')).toEqual(['Name', 'Mutations', 'ParamKind', 'Age']);

    expect(columnNames(A, 'ValidatingAdmissionPolicyBinding')).toEqual(['Name', 'PolicyName', 'ParamRef', 'Age']);
    const binding = (paramRef?: object) => ({ metadata: meta('b'), spec: { policyName: 'max-replicas', paramRef, validationActions: ['Deny'] } });
    expect(cells(A, 'ValidatingAdmissionPolicyBinding', binding({ name: 'limits', namespace: 'default' }))).toEqual(['b', 'max-replicas', 'default/limits', '5m']);
    expect(cells(A, 'ValidatingAdmissionPolicyBinding', binding({ name: 'limits' }))[2]).toBe('*/limits');
    expect(cells(A, 'ValidatingAdmissionPolicyBinding', binding({ selector: { matchLabels: { env: 'prod' } } }))[2]).toBe(
      '&LabelSelector{MatchLabels:map[string]string{env: prod,},MatchExpressions:[]LabelSelectorRequirement{},}',
    );
    expect(cells(A, 'MutatingAdmissionPolicyBinding', binding())[2]).toBe('<unset>');
  });
});

describe('flowcontrol.apiserver.k8s.io/v1', () => {
  const F = 'flowcontrol.apiserver.k8s.io';
  const fs = (name: string, matchingPrecedence: number | undefined, extra: object = {}) => ({
    metadata: meta(name),
    spec: { priorityLevelConfiguration: { name: 'workload-low' }, matchingPrecedence, ...extra },
  });

  it('FlowSchema', () => {
    expect(columnNames(F, 'FlowSchema')).toEqual(['Name', 'PriorityLevel', 'MatchingPrecedence', 'DistinguisherMethod', 'Age', 'MissingPL']);
    const dangling = { ...fs('service-accounts', 9000, { distinguisherMethod: { type: 'ByUser' } }), status: { conditions: [{ type: 'Dangling', status: 'False' }] } };
    expect(cells(F, 'FlowSchema', dangling)).toEqual(['service-accounts', 'workload-low', 9000, 'ByUser', '5m', 'False']);
    expect(cells(F, 'FlowSchema', fs('new', undefined))).toEqual(['new', 'workload-low', 1000, '<none>', '5m', '?']);
  });

  it('prints FlowSchema lists in matching order', () => {
    const convertor = tableConvertorFor(F, 'FlowSchema');
    const list = [fs('b', 500), fs('catch-all', 10000), fs('a', 500), fs('exempt', 1), fs('defaulted', 0)];
    expect(convertor.order!(list).map((x) => x.metadata!.name)).toEqual(['exempt', 'a', 'b', 'defaulted', 'catch-all']);
  });

  it('PriorityLevelConfiguration', () => {
    expect(columnNames(F, 'PriorityLevelConfiguration')).toEqual(['Name', 'Type', 'NominalConcurrencyShares', 'Queues', 'HandSize', 'QueueLengthLimit', 'Age']);
    expect(cells(F, 'PriorityLevelConfiguration', { metadata: meta('exempt'), spec: { type: 'Exempt', exempt: {} } })).toEqual([
      'exempt',
      'Exempt',
      '<none>',
      '<none>',
      '<none>',
      '<none>',
      '5m',
    ]);
    const queued = {
      metadata: meta('workload-low'),
      spec: { type: 'Limited', limited: { nominalConcurrencyShares: 100, limitResponse: { type: 'Queue', queuing: { queues: 128, handSize: 6, queueLengthLimit: 50 } } } },
    };
    expect(cells(F, 'PriorityLevelConfiguration', queued)).toEqual(['workload-low', 'Limited', 100, 128, 6, 50, '5m']);
    const rejecting = { metadata: meta('catch-all'), spec: { type: 'Limited', limited: { limitResponse: { type: 'Reject' } } } };
    expect(cells(F, 'PriorityLevelConfiguration', rejecting)).toEqual(['catch-all', 'Limited', 30, '<none>', '<none>', '<none>', '5m']);
    const defaults = { metadata: meta('d'), spec: { type: 'Limited', limited: { nominalConcurrencyShares: 0, limitResponse: { type: 'Queue', queuing: {} } } } };
    expect(cells(F, 'PriorityLevelConfiguration', defaults)).toEqual(['d', 'Limited', 0, 64, 8, 50, '5m']);
  });
});

describe('apiextensions.k8s.io/v1', () => {
  it('CustomResourceDefinition has no printer', () => {
    expect(columnNames('apiextensions.k8s.io', 'CustomResourceDefinition')).toEqual(['Name', 'Created At']);
    expect(tableConvertorFor('apiextensions.k8s.io', 'CustomResourceDefinition').cells({ metadata: { name: 'widgets.example.com' } }, NOW)).toEqual([
      'widgets.example.com',
      '0001-01-01T00:00:00Z',
    ]);
  });
});
