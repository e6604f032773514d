import { tableConvertorFor } from '../../../src/registry/tables/index.js';
import { MIN, ago, cells, columnNames, narrowCells } from './fixtures.js';

const meta = (name: string, extra: object = {}) => ({ name, namespace: 'default', creationTimestamp: ago(5 * MIN), ...extra });
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'log', image: 'fluent-bit:3' }] } };

describe('Deployment table', () => {
  it('has the upstream columns', () => {
    expect(columnNames('apps', 'Deployment')).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers*', 'Images*', 'Selector*']);
    const types = tableConvertorFor('apps', 'Deployment').columns.map((c) => c.type);
    expect(types).toEqual(['string', 'string', 'string', 'string', 'string', 'string', 'string', 'string']);
  });

  it('shows a deployment in the middle of a rollout', () => {
    const deployment = {
      metadata: meta('web'),
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
      status: { replicas: 4, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 2 },
    };
    expect(cells('apps', 'Deployment', deployment)).toEqual(['web', '2/3', 2, 2, '5m', 'app,log', 'nginx:1.27,fluent-bit:3', 'app=web']);
  });

  it('shows a fresh deployment, an empty and an invalid selector', () => {
    expect(narrowCells('apps', 'Deployment', { metadata: meta('new'), spec: { template, selector: { matchLabels: { app: 'web' } } } })).toEqual([
      'new',
      '0/1',
      0,
      0,
      '5m',
    ]);
    expect(cells('apps', 'Deployment', { metadata: meta('a'), spec: { replicas: 0, selector: {}, template } })[7]).toBe('');
    const bad = { metadata: meta('b'), spec: { replicas: 1, selector: { matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }, template } };
    expect(cells('apps', 'Deployment', bad)[7]).toBe('<invalid>');
  });
});

describe('ReplicaSet, StatefulSet and DaemonSet tables', () => {
  it('ReplicaSet', () => {
    expect(columnNames('apps', 'ReplicaSet')).toEqual(['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers*', 'Images*', 'Selector*']);
    const rs = {
      metadata: meta('web-5d4f8'),
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d4f8' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }] },
        template,
      },
      status: { replicas: 3, readyReplicas: 1 },
    };
    expect(cells('apps', 'ReplicaSet', rs)).toEqual([
      'web-5d4f8',
      3,
      3,
      1,
      '5m',
      'app,log',
      'nginx:1.27,fluent-bit:3',
      'app=web,pod-template-hash=5d4f8,tier in (edge,front)',
    ]);
    expect(cells('apps', 'ReplicaSet', { metadata: meta('x'), spec: { replicas: 0, template } }).slice(1, 4)).toEqual([0, 0, 0]);
  });

  it('StatefulSet', () => {
    expect(columnNames('apps', 'StatefulSet')).toEqual(['Name', 'Ready', 'Age', 'Containers*', 'Images*']);
    const sts = { metadata: meta('db'), spec: { replicas: 3, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template }, status: { replicas: 2, readyReplicas: 1 } };
    expect(cells('apps', 'StatefulSet', sts)).toEqual(['db', '1/3', '5m', 'app,log', 'nginx:1.27,fluent-bit:3']);
  });

  it('DaemonSet', () => {
    expect(columnNames('apps', 'DaemonSet')).toEqual([
      'Name',
      'Desired',
      'Current',
      'Ready',
      'Up-to-date',
      'Available',
      'Node Selector',
      'Age',
      'Containers*',
      'Images*',
      'Selector*',
    ]);
    const ds = {
      metadata: meta('kube-proxy', { namespace: 'kube-system' }),
      spec: {
        selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
        template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.33.1' }] } },
      },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 },
    };
    expect(cells('apps', 'DaemonSet', ds)).toEqual([
      'kube-proxy',
      3,
      3,
      2,
      3,
      2,
      'kubernetes.io/os=linux',
      '5m',
      'kube-proxy',
      'registry.k8s.io/kube-proxy:v1.33.1',
      'k8s-app=kube-proxy',
    ]);
  });
});

describe('ControllerRevision table', () => {
  const revision = (ownerReferences?: object[]) => ({ metadata: meta('web-7b9c', { ownerReferences }), revision: 2 });

  it('names the controlling owner with its group', () => {
    expect(columnNames('apps', 'ControllerRevision')).toEqual(['Name', 'Controller', 'Revision', 'Age']);
    const owner = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u1', controller: true };
    expect(cells('apps', 'ControllerRevision', revision([owner]))).toEqual(['web-7b9c', 'statefulset.apps/web', 2, '5m']);
    expect(cells('apps', 'ControllerRevision', revision([{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u', controller: true }]))[1]).toBe('pod/p');
    expect(cells('apps', 'ControllerRevision', revision([{ ...owner, controller: false }]))[1]).toBe('<none>');
    expect(cells('apps', 'ControllerRevision', revision())[1]).toBe('<none>');
  });

  it('fails on an owner apiVersion that is no group-version, as upstream does', () => {
    expect(() => cells('apps', 'ControllerRevision', revision([{ apiVersion: 'a/b/c', kind: 'X', name: 'x', uid: 'u', controller: true }]))).toThrow(
      'unexpected GroupVersion string: a/b/c',
    );
  });
});
