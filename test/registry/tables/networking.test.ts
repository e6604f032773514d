import { MIN, ago, cells, columnNames } from './fixtures.js';

const meta = (name: string) => ({ name, namespace: 'default', creationTimestamp: ago(5 * MIN) });
const NET = 'networking.k8s.io';

describe('Ingress table', () => {
  it('has the upstream columns', () => {
    expect(columnNames(NET, 'Ingress')).toEqual(['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age']);
  });

  it('shows class, hosts, load balancer address and TLS ports', () => {
    const ingress = {
      metadata: meta('web'),
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['a.example.com'], secretName: 'tls' }],
        rules: [{ host: 'a.example.com' }, { host: 'b.example.com' }],
      },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.5' }, { hostname: 'lb.example.net' }] } },
    };
    expect(cells(NET, 'Ingress', ingress)).toEqual(['web', 'nginx', 'a.example.com,b.example.com', '203.0.113.5,lb.example.net', '80, 443', '5m']);
    expect(cells(NET, 'Ingress', { metadata: meta('any'), spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } } })).toEqual([
      'any',
      '<none>',
      '*',
      '',
      '80',
      '5m',
    ]);
  });

  it('shows three hosts, then how many more rules there are', () => {
    const rules = [{ host: 'a' }, {}, { host: 'b' }, { host: 'c' }, { host: 'd' }];
    expect(cells(NET, 'Ingress', { metadata: meta('many'), spec: { rules } })[2]).toBe('a,b,c + 2 more...');
  });
});

describe('IngressClass, NetworkPolicy, ServiceCIDR and IPAddress tables', () => {
  it('IngressClass', () => {
    expect(columnNames(NET, 'IngressClass')).toEqual(['Name', 'Controller', 'Parameters', 'Age']);
    const ic = (parameters?: object) => ({ metadata: meta('nginx'), spec: { controller: 'k8s.io/ingress-nginx', parameters } });
    expect(cells(NET, 'IngressClass', ic({ apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' }))).toEqual([
      'nginx',
      'k8s.io/ingress-nginx',
      'IngressParameters.k8s.example.com/external-lb',
      '5m',
    ]);
    expect(cells(NET, 'IngressClass', ic({ kind: 'ConfigMap', name: 'cfg', scope: 'Namespace', namespace: 'x' }))[2]).toBe('ConfigMap/cfg');
    expect(cells(NET, 'IngressClass', ic())[2]).toBe('<none>');
  });

  it('NetworkPolicy', () => {
    expect(columnNames(NET, 'NetworkPolicy')).toEqual(['Name', 'Pod-Selector', 'Age']);
    expect(cells(NET, 'NetworkPolicy', { metadata: meta('deny-all'), spec: { podSelector: {}, policyTypes: ['Ingress'] } })).toEqual([
      'deny-all',
      '<none>',
      '5m',
    ]);
    expect(cells(NET, 'NetworkPolicy', { metadata: meta('db'), spec: { podSelector: { matchLabels: { app: 'db' } } } })[1]).toBe('app=db');
  });

  it('ServiceCIDR', () => {
    expect(columnNames(NET, 'ServiceCIDR')).toEqual(['Name', 'CIDRs', 'Age']);
    expect(cells(NET, 'ServiceCIDR', { metadata: meta('kubernetes'), spec: { cidrs: ['10.96.0.0/16', 'fd00:10:96::/112'] } })).toEqual([
      'kubernetes',
      '10.96.0.0/16,fd00:10:96::/112',
      '5m',
    ]);
  });

  it('IPAddress: two columns, but three cells as upstream prints them', () => {
    expect(columnNames(NET, 'IPAddress')).toEqual(['Name', 'ParentRef']);
    const ip = { metadata: meta('10.96.0.1'), spec: { parentRef: { group: '', resource: 'services', namespace: 'default', name: 'kubernetes' } } };
    expect(cells(NET, 'IPAddress', ip)).toEqual(['10.96.0.1', 'services/default/kubernetes', '5m']);
    const gateway = { metadata: meta('10.0.0.9'), spec: { parentRef: { group: 'Gateway.Networking.x-k8s.io', resource: 'Gateways', name: 'gw' } } };
    expect(cells(NET, 'IPAddress', gateway)[1]).toBe('gateways.gateway.networking.x-k8s.io/gw');
    expect(cells(NET, 'IPAddress', { metadata: meta('10.0.0.8'), spec: {} })[1]).toBe('<none>');
  });
});

describe('EndpointSlice table', () => {
  it('shows address type, up to three ports and endpoints', () => {
    expect(columnNames('discovery.k8s.io', 'EndpointSlice')).toEqual(['Name', 'AddressType', 'Ports', 'Endpoints', 'Age']);
    const slice = {
      metadata: meta('web-abc12'),
      addressType: 'IPv4',
      ports: [
        { name: 'http', port: 80, protocol: 'TCP' },
        { name: 'https', port: 443, protocol: 'TCP' },
      ],
      endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2', '10.0.0.3'] }, { addresses: ['10.0.0.4'], conditions: { ready: false } }],
    };
    expect(cells('discovery.k8s.io', 'EndpointSlice', slice)).toEqual(['web-abc12', 'IPv4', '80,443', '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...', '5m']);
    const odd = { metadata: meta('odd'), addressType: 'FQDN', ports: [{ name: 'metrics' }, {}, { port: 1 }, { port: 2 }, { port: 3 }], endpoints: [] };
    expect(cells('discovery.k8s.io', 'EndpointSlice', odd)).toEqual(['odd', 'FQDN', 'metrics,*,1 + 2 more...', '<unset>', '5m']);
    expect(cells('discovery.k8s.io', 'EndpointSlice', { metadata: meta('e'), addressType: 'IPv6', endpoints: [] })[2]).toBe('<unset>');
  });
});
