import {
  applyDefaults,
  goJsonShape,
  initServiceIPFamilyFields,
  normalizeServiceClusterIPs,
} from '../../../src/registry/defaults/index.js';
import type { KubeObject } from '../../../src/registry/validation/index.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function defaulted(o: Obj): Obj {
  return applyDefaults(o.apiVersion, o.kind, o as KubeObject) as Obj;
}

function service(spec: Obj): Obj {
  return defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec });
}

describe('Service', () => {
  test('kubectl expose style ClusterIP service', () => {
    const s = service({ selector: { app: 'web' }, ports: [{ port: 80 }] });
    expect(s.spec).toEqual({
      ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }],
      selector: { app: 'web' },
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
    });
    expect(s.status).toEqual({ loadBalancer: {} });
  });

  test('NodePort and LoadBalancer get traffic policies; LoadBalancer allocates node ports', () => {
    expect(service({ type: 'NodePort', ports: [{ port: 80, targetPort: 'http' }] }).spec).toMatchObject({
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      ports: [{ protocol: 'TCP', port: 80, targetPort: 'http' }],
    });
    expect(service({ type: 'LoadBalancer', ports: [{ port: 443 }] }).spec).toMatchObject({
      externalTrafficPolicy: 'Cluster',
      allocateLoadBalancerNodePorts: true,
    });
    const ext = service({ type: 'ExternalName', externalName: 'db.example.com' });
    expect(ext.spec.internalTrafficPolicy).toBeUndefined();
    expect(ext.spec.externalTrafficPolicy).toBeUndefined();
  });

  test('ClientIP affinity gets the 3 hour timeout; None drops the config', () => {
    expect(service({ sessionAffinity: 'ClientIP', ports: [{ port: 80 }] }).spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
    expect(service({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } }, ports: [{ port: 80 }] }).spec.sessionAffinityConfig).toBeUndefined();
  });

  test('IP family fields once a cluster IP is allocated (single-stack IPv4 cluster)', () => {
    const s = service({ selector: { app: 'web' }, ports: [{ port: 80 }] });
    s.spec.clusterIP = '10.96.12.7';
    normalizeServiceClusterIPs(s as never, undefined);
    expect(initServiceIPFamilyFields(s as never, undefined)).toEqual([]);
    expect(s.spec).toMatchObject({ clusterIP: '10.96.12.7', clusterIPs: ['10.96.12.7'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
  });

  test('headless services without a selector ask for both families', () => {
    const s = service({ clusterIP: 'None', ports: [{ port: 80 }] });
    normalizeServiceClusterIPs(s as never, undefined);
    expect(initServiceIPFamilyFields(s as never, undefined)).toEqual([]);
    expect(s.spec).toMatchObject({ clusterIPs: ['None'], ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'] });
  });

  test('RequireDualStack on a single-stack cluster is refused', () => {
    const s = service({ selector: { app: 'web' }, ports: [{ port: 80 }], ipFamilyPolicy: 'RequireDualStack' });
    expect(initServiceIPFamilyFields(s as never, undefined).map((e) => `${e.field}: ${e.detail}`)).toEqual([
      'spec.ipFamilyPolicy: this cluster is not configured for dual-stack services',
    ]);
  });
});

describe('Secret, ConfigMap, Namespace', () => {
  test('Secret: type Opaque; stringData merges into data and is not kept', () => {
    const s = defaulted({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'eA==' }, stringData: { b: 'hello', a: 'over' } });
    expect(s.type).toBe('Opaque');
    expect(s.data).toEqual({ a: Buffer.from('over').toString('base64'), b: Buffer.from('hello').toString('base64') });
    expect(s.stringData).toBeUndefined();
  });

  test('Namespace: the name label and phase Active', () => {
    const ns = defaulted({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { env: 'dev' } } });
    expect(ns.metadata.labels).toEqual({ env: 'dev', 'kubernetes.io/metadata.name': 'team-a' });
    expect(ns.status).toEqual({ phase: 'Active' });
    expect(ns.spec).toEqual({});
  });

  test('ConfigMap: nothing to add', () => {
    const cm = defaulted({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } });
    expect(cm).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c', creationTimestamp: null }, data: { k: 'v' } });
  });
});

describe('PersistentVolume and PersistentVolumeClaim', () => {
  test('PVC: Filesystem, phase Pending, canonical storage', () => {
    const pvc = defaulted({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1024Mi' } } },
    });
    expect(pvc.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' });
    expect(pvc.status).toEqual({ phase: 'Pending' });
  });

  test('PV: Retain, Filesystem, phase Pending', () => {
    const pv = defaulted({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv1' },
      spec: { capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } },
    });
    expect(pv.spec).toEqual({
      capacity: { storage: '5Gi' },
      hostPath: { path: '/data', type: '' },
      accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
    expect(pv.status).toEqual({ phase: 'Pending' });
  });
});

describe('Go encoding shape', () => {
  test('unknown fields are dropped; zero values of non-omitempty fields appear', () => {
    const ep = goJsonShape('v1', 'Endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'e', bogus: 1 },
      subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }] }],
      extra: true,
    });
    expect(ep).toEqual({
      kind: 'Endpoints',
      apiVersion: 'v1',
      metadata: { name: 'e', creationTimestamp: null },
      subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }] }],
    });
  });

  test('kinds the schema does not know are left alone', () => {
    const cr = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { anything: 1 } };
    expect(goJsonShape('example.com/v1', 'Widget', cr)).toBe(cr);
  });

  test('timestamps print at second precision in UTC', () => {
    const cm = goJsonShape('v1', 'ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', creationTimestamp: '2025-01-02T03:04:05.678+01:00' } });
    expect((cm as Obj).metadata.creationTimestamp).toBe('2025-01-02T02:04:05Z');
  });
});
