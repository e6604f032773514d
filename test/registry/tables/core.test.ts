import { DAY, HOUR, MIN, ago, cells, columnNames, narrowCells } from './fixtures.js';

const meta = (name: string, extra: object = {}) => ({ name, namespace: 'default', creationTimestamp: ago(5 * MIN), ...extra });

describe('Service table', () => {
  const svc = (name: string, spec: object, status: object = {}) => ({ metadata: meta(name), spec, status });

  it('has the upstream columns', () => {
    expect(columnNames('', 'Service')).toEqual(['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector*']);
  });

  it('shows a ClusterIP service with its ports and selector', () => {
    const dns = svc('kube-dns', {
      type: 'ClusterIP',
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      ],
      selector: { 'k8s-app': 'kube-dns' },
    });
    expect(cells('', 'Service', dns)).toEqual(['kube-dns', 'ClusterIP', '10.96.0.10', '<none>', '53/UDP,53/TCP', '5m', 'k8s-app=kube-dns']);
  });

  it('shows headless, NodePort and defaulted services', () => {
    expect(cells('', 'Service', svc('db', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] }))).toEqual([
      'db',
      'ClusterIP',
      'None',
      '<none>',
      '<none>',
      '5m',
      '<none>',
    ]);
    const nodePort = svc('web', { type: 'NodePort', clusterIPs: ['10.96.1.1'], ports: [{ port: 80, nodePort: 30080 }] });
    expect(narrowCells('', 'Service', nodePort)).toEqual(['web', 'NodePort', '10.96.1.1', '<none>', '80:30080/TCP', '5m']);
    const external = svc('web', { type: 'NodePort', clusterIPs: ['10.96.1.1'], externalIPs: ['192.0.2.1', '192.0.2.2'], ports: [{ port: 80, protocol: 'TCP' }] });
    expect(narrowCells('', 'Service', external)[3]).toBe('192.0.2.1,192.0.2.2');
    expect(narrowCells('', 'Service', svc('plain', { clusterIP: '10.96.1.2', ports: [{ port: 8080 }] }))).toEqual([
      'plain',
      'ClusterIP',
      '10.96.1.2',
      '<none>',
      '8080/TCP',
      '5m',
    ]);
  });

  it('shows a LoadBalancer as <pending> until it has ingress points', () => {
    const spec = { type: 'LoadBalancer', clusterIPs: ['10.96.2.2'], ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] };
    expect(narrowCells('', 'Service', svc('lb', spec))).toEqual(['lb', 'LoadBalancer', '10.96.2.2', '<pending>', '443:31443/TCP', '5m']);
    const ingress = [{ hostname: 'lb.example.com' }, { ip: '203.0.113.9' }, { ip: '198.51.100.2' }, { ip: '203.0.113.9' }];
    expect(narrowCells('', 'Service', svc('lb', spec, { loadBalancer: { ingress } }))[3]).toBe(
      '198.51.100.2,203.0.113.9,lb.example.com',
    );
    const both = svc('lb', { ...spec, externalIPs: ['192.0.2.1'] }, { loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } });
    expect(narrowCells('', 'Service', both)[3]).toBe('203.0.113.9,192.0.2.1');
  });

  it('shows an ExternalName service', () => {
    expect(narrowCells('', 'Service', svc('db', { type: 'ExternalName', externalName: 'db.example.com' }))).toEqual([
      'db',
      'ExternalName',
      '<none>',
      'db.example.com',
      '<none>',
      '5m',
    ]);
  });
});

describe('Node table', () => {
  const node = (name: string, labels: object, spec: object, status: object) => ({
    metadata: { name, labels, creationTimestamp: ago(40 * DAY) },
    spec,
    status,
  });

  it('has the upstream columns', () => {
    expect(columnNames('', 'Node')).toEqual([
      'Name',
      'Status',
      'Roles',
      'Age',
      'Version',
      'Internal-IP*',
      'External-IP*',
      'OS-Image*',
      'Kernel-Version*',
      'Container-Runtime*',
    ]);
  });

  it('shows a ready control-plane node with its system info', () => {
    const cp = node(
      'cp-1',
      { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'cp-1' },
      {},
      {
        conditions: [
          { type: 'MemoryPressure', status: 'False' },
          { type: 'Ready', status: 'True' },
        ],
        addresses: [
          { type: 'InternalIP', address: '192.168.1.10' },
          { type: 'Hostname', address: 'cp-1' },
          { type: 'ExternalIP', address: '203.0.113.10' },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.33.1',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kernelVersion: '6.1.0-28-amd64',
          containerRuntimeVersion: 'containerd://1.7.24',
        },
      },
    );
    expect(cells('', 'Node', cp)).toEqual([
      'cp-1',
      'Ready',
      'control-plane',
      '40d',
      'v1.33.1',
      '192.168.1.10',
      '203.0.113.10',
      'Debian GNU/Linux 12 (bookworm)',
      '6.1.0-28-amd64',
      'containerd://1.7.24',
    ]);
  });

  it('shows not-ready, cordoned and unknown nodes and both kinds of role labels', () => {
    const worker = node(
      'w-1',
      { 'kubernetes.io/role': 'worker', 'node-role.kubernetes.io/ingress': '', 'node-role.kubernetes.io/': '' },
      { unschedulable: true },
      { conditions: [{ type: 'Ready', status: 'False' }], nodeInfo: { kubeletVersion: 'v1.33.1' } },
    );
    expect(narrowCells('', 'Node', worker)).toEqual(['w-1', 'NotReady,SchedulingDisabled', 'ingress,worker', '40d', 'v1.33.1']);
    expect(cells('', 'Node', node('w-2', {}, { unschedulable: true }, {}))).toEqual([
      'w-2',
      'Unknown,SchedulingDisabled',
      '<none>',
      '40d',
      '',
      '<none>',
      '<none>',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ]);
  });
});

describe('PersistentVolume and PersistentVolumeClaim tables', () => {
  it('has the upstream columns', () => {
    expect(columnNames('', 'PersistentVolume')).toEqual([
      'Name',
      'Capacity',
      'Access Modes',
      'Reclaim Policy',
      'Status',
      'Claim',
      'StorageClass',
      'VolumeAttributesClass',
      'Reason',
      'Age',
      'VolumeMode*',
    ]);
    expect(columnNames('', 'PersistentVolumeClaim')).toEqual([
      'Name',
      'Status',
      'Volume',
      'Capacity',
      'Access Modes',
      'StorageClass',
      'VolumeAttributesClass',
      'Age',
      'VolumeMode*',
    ]);
  });

  it('shows a bound volume and its claim', () => {
    const pv = {
      metadata: { name: 'pv-1', creationTimestamp: ago(2 * HOUR) },
      spec: {
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Delete',
        claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data' },
        storageClassName: 'standard',
        volumeMode: 'Filesystem',
        hostPath: { path: '/data' },
      },
      status: { phase: 'Bound' },
    };
    expect(cells('', 'PersistentVolume', pv)).toEqual([
      'pv-1',
      '10Gi',
      'RWO,RWX',
      'Delete',
      'Bound',
      'default/data',
      'standard',
      '<unset>',
      '',
      '120m',
      'Filesystem',
    ]);
    const pvc = {
      metadata: meta('data'),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: 'standard', volumeName: 'pv-1', volumeMode: 'Filesystem' },
      status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '10240Mi' } },
    };
    expect(cells('', 'PersistentVolumeClaim', pvc)).toEqual(['data', 'Bound', 'pv-1', '10Gi', 'RWO', 'standard', '<unset>', '5m', 'Filesystem']);
  });

  it('shows pending and terminating ones, beta class annotations and API defaults', () => {
    const pv = {
      metadata: {
        name: 'pv-2',
        creationTimestamp: ago(30),
        deletionTimestamp: ago(1),
        annotations: { 'volume.beta.kubernetes.io/storage-class': 'slow' },
      },
      spec: { capacity: { storage: '1.5Gi' }, accessModes: ['ReadWriteOncePod'], storageClassName: 'fast', volumeAttributesClassName: 'gold' },
      status: { reason: 'Failed to delete' },
    };
    expect(cells('', 'PersistentVolume', pv)).toEqual([
      'pv-2',
      '1536Mi',
      'RWOP',
      'Retain',
      'Terminating',
      '',
      'slow',
      'gold',
      'Failed to delete',
      '30s',
      'Filesystem',
    ]);
    const pvc = { metadata: meta('scratch'), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } }, volumeMode: 'Block' } };
    expect(cells('', 'PersistentVolumeClaim', pvc)).toEqual(['scratch', 'Pending', '', '', '', '', '<unset>', '5m', 'Block']);
  });
});

describe('Endpoints table', () => {
  const ep = (subsets?: object[]) => ({ metadata: meta('web'), subsets });

  it('shows up to three addresses, then how many more', () => {
    const subsets = [
      { addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 8080, protocol: 'TCP' }] },
      { addresses: [{ ip: '10.0.0.3' }, { ip: '10.0.0.4' }], ports: [{ port: 8080, protocol: 'TCP' }] },
    ];
    expect(cells('', 'Endpoints', ep(subsets))).toEqual(['web', '10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 1 more...', '5m']);
    expect(cells('', 'Endpoints', ep([{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 80 }] }]))[1]).toBe('[fd00::1]:80');
    expect(cells('', 'Endpoints', ep([{ addresses: [{ ip: '10.0.0.9' }, { ip: '10.0.0.8' }] }]))[1]).toBe('10.0.0.9,10.0.0.8');
    expect(cells('', 'Endpoints', ep([{ notReadyAddresses: [{ ip: '10.0.0.7' }], ports: [{ port: 80 }] }]))[1]).toBe('');
    expect(cells('', 'Endpoints', ep())).toEqual(['web', '<none>', '5m']);
  });
});

describe('Event table (core/v1)', () => {
  it('has the upstream columns', () => {
    expect(columnNames('', 'Event')).toEqual([
      'Last Seen',
      'Type',
      'Reason',
      'Object',
      'Subobject*',
      'Source*',
      'Message',
      'First Seen*',
      'Count*',
      'Name*',
    ]);
  });

  it('shows a repeated event with its source', () => {
    const event = {
      metadata: { name: 'web-1.17f', namespace: 'default', creationTimestamp: ago(HOUR) },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1', fieldPath: 'spec.containers{app}' },
      reason: 'BackOff',
      message: '  Back-off restarting failed container app\n',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: ago(HOUR),
      lastTimestamp: ago(2 * MIN),
      count: 3,
      type: 'Warning',
    };
    expect(cells('', 'Event', event)).toEqual([
      '2m',
      'Warning',
      'BackOff',
      'pod/web-1',
      'spec.containers{app}',
      'kubelet, node-1',
      'Back-off restarting failed container app',
      '60m',
      3,
      'web-1.17f',
    ]);
    expect(narrowCells('', 'Event', event)).toEqual(['2m', 'Warning', 'BackOff', 'pod/web-1', 'Back-off restarting failed container app']);
  });

  it('reads events written through the new API: event time, series, reporting controller', () => {
    const event = {
      metadata: { name: 'web.1', creationTimestamp: ago(30) },
      involvedObject: { kind: 'Node', name: '' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/web to node-1',
      source: {},
      eventTime: '2025-06-01T11:59:30.123456Z',
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-cp-1',
      type: 'Normal',
    };
    expect(cells('', 'Event', event)).toEqual([
      '29s',
      'Normal',
      'Scheduled',
      'node',
      '',
      'default-scheduler, default-scheduler-cp-1',
      'Successfully assigned default/web to node-1',
      '29s',
      1,
      'web.1',
    ]);
    const series = { ...event, series: { count: 7, lastObservedTime: ago(10) }, reportingInstance: '' };
    expect(cells('', 'Event', series)).toEqual([
      '10s',
      'Normal',
      'Scheduled',
      'node',
      '',
      'default-scheduler',
      'Successfully assigned default/web to node-1',
      '29s',
      7,
      'web.1',
    ]);
  });
});

describe('the other core/v1 tables', () => {
  it('Namespace', () => {
    expect(columnNames('', 'Namespace')).toEqual(['Name', 'Status', 'Age']);
    expect(cells('', 'Namespace', { metadata: { name: 'dev', creationTimestamp: ago(3 * DAY) }, status: { phase: 'Terminating' } })).toEqual([
      'dev',
      'Terminating',
      '3d',
    ]);
    expect(cells('', 'Namespace', { metadata: { name: 'new' } })).toEqual(['new', 'Active', '<unknown>']);
  });

  it('Secret, ConfigMap, ServiceAccount', () => {
    expect(columnNames('', 'Secret')).toEqual(['Name', 'Type', 'Data', 'Age']);
    expect(cells('', 'Secret', { metadata: meta('tls'), type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } })).toEqual([
      'tls',
      'kubernetes.io/tls',
      2,
      '5m',
    ]);
    expect(cells('', 'Secret', { metadata: meta('s'), stringData: { a: '1' }, data: { a: 'MQ==', b: 'Mg==' } })).toEqual(['s', 'Opaque', 2, '5m']);
    expect(columnNames('', 'ConfigMap')).toEqual(['Name', 'Data', 'Age']);
    expect(cells('', 'ConfigMap', { metadata: meta('cfg'), data: { a: '1' }, binaryData: { b: 'AA==' } })).toEqual(['cfg', 2, '5m']);
    expect(columnNames('', 'ServiceAccount')).toEqual(['Name', 'Secrets', 'Age']);
    expect(cells('', 'ServiceAccount', { metadata: meta('default') })).toEqual(['default', 0, '5m']);
  });

  it('ReplicationController and PodTemplate', () => {
    expect(columnNames('', 'ReplicationController')).toEqual(['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers*', 'Images*', 'Selector*']);
    const rc = {
      metadata: meta('legacy'),
      spec: {
        replicas: 3,
        template: { metadata: { labels: { app: 'legacy' } }, spec: { containers: [{ name: 'a', image: 'img:1' }, { name: 'b', image: 'img:2' }] } },
      },
      status: { replicas: 3, readyReplicas: 2 },
    };
    expect(cells('', 'ReplicationController', rc)).toEqual(['legacy', 3, 3, 2, '5m', 'a,b', 'img:1,img:2', 'app=legacy']);
    expect(columnNames('', 'PodTemplate')).toEqual(['Name', 'Containers', 'Images', 'Pod Labels']);
    expect(cells('', 'PodTemplate', { metadata: meta('t'), template: { metadata: { labels: { b: '2', a: '1' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } })).toEqual([
      't',
      'c',
      'i',
      'a=1,b=2',
    ]);
  });

  it('ComponentStatus', () => {
    expect(columnNames('', 'ComponentStatus')).toEqual(['Name', 'Status', 'Message', 'Error']);
    expect(cells('', 'ComponentStatus', { metadata: { name: 'etcd-0' }, conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }] })).toEqual([
      'etcd-0',
      'Healthy',
      'ok',
      '',
    ]);
    expect(cells('', 'ComponentStatus', { metadata: { name: 'scheduler' }, conditions: [{ type: 'Healthy', status: 'False', error: 'refused' }] })).toEqual([
      'scheduler',
      'Unhealthy',
      '',
      'refused',
    ]);
    expect(cells('', 'ComponentStatus', { metadata: { name: 'x' } })).toEqual(['x', 'Unknown', '', '']);
  });

  it('ResourceQuota', () => {
    expect(columnNames('', 'ResourceQuota')).toEqual(['Name', 'Request', 'Limit', 'Age']);
    const quota = {
      metadata: meta('compute'),
      status: {
        hard: { pods: '10', 'requests.cpu': '4', 'limits.memory': '8Gi', 'limits.cpu': '8', 'requests.memory': '4096Mi' },
        used: { pods: '3', 'requests.cpu': '1500m', 'limits.memory': '1Gi', 'requests.memory': '512Mi' },
      },
    };
    expect(cells('', 'ResourceQuota', quota)).toEqual([
      'compute',
      'pods: 3/10, requests.cpu: 1500m/4, requests.memory: 512Mi/4Gi',
      'limits.cpu: 0/8, limits.memory: 1Gi/8Gi',
      '5m',
    ]);
  });

  it('LimitRange has no printer: Name and Created At', () => {
    expect(columnNames('', 'LimitRange')).toEqual(['Name', 'Created At']);
    expect(cells('', 'LimitRange', { metadata: { name: 'lr', creationTimestamp: '2025-05-01T10:00:00Z' } })).toEqual(['lr', '2025-05-01T10:00:00Z']);
  });
});
