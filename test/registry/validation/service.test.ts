import { initServiceIPFamilyFields, normalizeServiceClusterIPs, patchServiceAllocatedValues } from '../../../src/registry/defaults/index.js';
import { createErrors, defaulted, stored, updateErrors, type Obj } from './fixtures.js';

function service(spec: Obj = {}, metadata: Obj = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', ...metadata },
    spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec },
  };
}

/** A Service as stored after allocation: clusterIP, clusterIPs, ipFamilies, ipFamilyPolicy. */
function allocated(spec: Obj = {}): Obj {
  const s = defaulted(service(spec));
  s.spec.clusterIP = '10.96.0.10';
  normalizeServiceClusterIPs(s as never, undefined);
  expect(initServiceIPFamilyFields(s as never, undefined)).toEqual([]);
  return stored(s);
}

describe('Service on create', () => {
  test('a defaulted service is valid', () => {
    expect(createErrors(service())).toEqual([]);
  });

  test('ports are required (except headless and ExternalName) and checked', () => {
    expect(createErrors(service({ ports: [] }))).toEqual(['spec.ports: Required value']);
    expect(createErrors(service({ ports: [{ port: 0 }] }))).toEqual([
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
    expect(createErrors(service({ ports: [{ port: 80 }, { port: 443 }] }))).toEqual([
      'spec.ports[0].name: Required value',
      'spec.ports[1].name: Required value',
    ]);
    expect(createErrors(service({ ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }))).toEqual([
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ]);
    expect(createErrors(service({ ports: [{ port: 80, protocol: 'HTTP' }] }))).toEqual([
      'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]);
    expect(createErrors(service({ ports: [{ port: 80, targetPort: 'http_port' }] }))).toEqual([
      'spec.ports[0].targetPort: Invalid value: "http_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });

  test('type and type-dependent fields', () => {
    expect(createErrors(service({ type: 'Internal' }))).toEqual([
      'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
    expect(createErrors(service({ ports: [{ port: 80, nodePort: 30080 }] }))).toEqual([
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
    expect(createErrors(service({ type: 'ExternalName', externalName: 'db.example.com', ports: [] }))).toEqual([]);
    expect(createErrors(service({ type: 'ExternalName', ports: [] }))).toEqual(['spec.externalName: Required value']);
    expect(createErrors(service({ sessionAffinity: 'Cookie' }))).toEqual([
      'spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None"',
    ]);
  });

  test('cluster IPs', () => {
    expect(createErrors(service({ clusterIP: '10.0.0.300', clusterIPs: ['10.0.0.300'] }))).toEqual([
      'spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
    expect(createErrors(service({ clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.2'] }))).toEqual([
      'spec.clusterIPs: Invalid value: []string{"10.0.0.2"}: first value must match `clusterIP`',
    ]);
    expect(createErrors(service({ externalIPs: ['127.0.0.1'] }))).toEqual([
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ]);
  });
});

describe('Service on update', () => {
  test('the cluster IP may not change once set', () => {
    const old = allocated();
    const next = structuredClone(old);
    next.spec.clusterIP = '10.96.0.11';
    normalizeServiceClusterIPs(next as never, old as never);
    expect(updateErrors(next, old)).toEqual(['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set']);
  });

  test('leaving out the allocated values keeps them (kubectl apply)', () => {
    const old = allocated();
    const next = structuredClone(old);
    delete next.spec.clusterIP;
    delete next.spec.clusterIPs;
    normalizeServiceClusterIPs(next as never, old as never);
    patchServiceAllocatedValues(next as never, old as never);
    expect(next.spec.clusterIPs).toEqual(['10.96.0.10']);
    expect(updateErrors(next, old)).toEqual([]);
  });

  test('IP families may not change once set', () => {
    const old = allocated();
    const next = structuredClone(old);
    next.spec.ipFamilies = ['IPv6'];
    expect(updateErrors(next, old)).toContain('spec.ipFamilies[0]: Invalid value: []core.IPFamily{"IPv6"}: may not change once set');
  });
});
