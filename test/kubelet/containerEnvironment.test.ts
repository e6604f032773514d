// A container's environment as upstream's kubelet makes it: envFrom then env in order, $(VAR)
// expansion with $$ escapes, fieldRef and resourceFieldRef values (divisors round up, an unset
// limit reads as the node's allocatable), ConfigMap and Secret keys with their errors, and
// the service variables (the default namespace's kubernetes Service always, the pod's own
// namespace's only with enableServiceLinks).
import type { V1ConfigMap, V1Container, V1Pod, V1Secret, V1Service } from '@kubernetes/client-node';
import { ContainerConfigError, containerEnvironment, expandReferences, type EnvironmentSources } from '../../src/kubelet/containers/environment.js';
import { serviceEnvironment } from '../../src/kubelet/containers/serviceEnvironment.js';

const node = { cpu: '4', memory: '8Gi', 'ephemeral-storage': '100Gi' };
const service = (namespace: string, name: string, clusterIP: string, ports: { name?: string; port: number; protocol?: string }[]): V1Service =>
  ({ metadata: { namespace, name }, spec: { clusterIP, ports } });
const services = [
  service('default', 'kubernetes', '10.96.0.1', [{ name: 'https', port: 443 }]),
  service('shop', 'redis-primary', '10.96.0.20', [{ port: 6379 }]),
  service('shop', 'headless', 'None', [{ port: 80 }]),
  service('other', 'elsewhere', '10.96.0.30', [{ port: 80 }]),
];
const sources: EnvironmentSources = {
  configMap: async (_ns, name) => (name === 'settings' ? { data: { MODE: 'fast', 'bad key': 'x', level: '3' } } as V1ConfigMap : undefined),
  secret: async (_ns, name) => (name === 'creds' ? { data: { password: Buffer.from('s3cret').toString('base64') } } as V1Secret : undefined),
  services: () => services,
};
const pod = (container: V1Container, extra: Partial<V1Pod['spec']> = {}): V1Pod => ({
  metadata: { name: 'web-1', namespace: 'shop', uid: 'u-1', labels: { app: 'web' } },
  spec: { nodeName: 'n1', serviceAccountName: 'default', containers: [container], ...extra },
  status: { podIP: '10.244.0.5', hostIP: '10.0.0.1' },
});

test('$(VAR) references expand against what came before; $$ escapes; unknown ones stay', () => {
  const known = new Map([['A', 'one']]);
  expect(expandReferences('$(A)-$(B)-$$(A)-$$$(A)', known)).toBe('one-$(B)-$(A)-$one');
});

test('the order and sources of a container\'s environment', async () => {
  const container: V1Container = {
    name: 'main',
    envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'CFG_' }, { secretRef: { name: 'creds' } }],
    env: [
      { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
      { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'GREETING', value: 'hi $(POD) in $(CFG_MODE) at $(REDIS_PRIMARY_SERVICE_HOST)' },
      { name: 'CPU_MILLIS', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
      { name: 'MEM_LIMIT_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
      { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
      { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'level' } } },
      { name: 'OPTIONAL', valueFrom: { secretKeyRef: { name: 'absent', key: 'x', optional: true } } },
    ],
    resources: { requests: { cpu: '250m' }, limits: { memory: '100M' } },
  };
  const env = await containerEnvironment(pod(container), container, sources, node);
  expect(env.get('CFG_MODE')).toBe('fast');
  expect(env.has('CFG_bad key')).toBe(false);
  expect(env.get('password')).toBe('s3cret');
  expect(env.get('POD')).toBe('web-1');
  expect(env.get('APP')).toBe('web');
  expect(env.get('IP')).toBe('10.244.0.5');
  expect(env.get('GREETING')).toBe('hi web-1 in fast at 10.96.0.20');
  expect(env.get('CPU_MILLIS')).toBe('250');
  expect(env.get('MEM_LIMIT_MI')).toBe('96'); // 100M / 1Mi = 95.37, rounded up
  expect(env.get('CPU_LIMIT')).toBe('4'); // no limit: the node's allocatable
  expect(env.get('LEVEL')).toBe('3');
  expect(env.has('OPTIONAL')).toBe(false);
  expect(env.get('KUBERNETES_SERVICE_HOST')).toBe('10.96.0.1');
  expect(env.has('ELSEWHERE_SERVICE_HOST')).toBe(false);
  expect(env.has('HEADLESS_SERVICE_HOST')).toBe(false);
});

test('missing sources are CreateContainerConfigErrors with upstream\'s messages', async () => {
  const failing = async (env: V1Container['env'], envFrom?: V1Container['envFrom']) => {
    const container = { name: 'main', env, envFrom };
    const error = await containerEnvironment(pod(container), container, sources, node).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerConfigError);
    return (error as Error).message;
  };
  expect(await failing([{ name: 'X', valueFrom: { configMapKeyRef: { name: 'settings', key: 'nope' } } }])).toBe("couldn't find key nope in ConfigMap shop/settings");
  expect(await failing([{ name: 'X', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k' } } }])).toBe('configmap "absent" not found');
  expect(await failing([{ name: 'X', valueFrom: { secretKeyRef: { name: 'creds', key: 'nope' } } }])).toBe("couldn't find key nope in Secret shop/creds");
  expect(await failing(undefined, [{ secretRef: { name: 'absent' } }])).toBe('secret "absent" not found');
});

test('service variables: host, ports, named ports and the docker link variables', () => {
  const vars = serviceEnvironment('shop', true, [service('shop', 'web-api', '10.96.1.2', [{ name: 'http', port: 80 }, { name: 'dns', port: 53, protocol: 'UDP' }])]);
  expect(Object.fromEntries(vars)).toEqual({
    WEB_API_SERVICE_HOST: '10.96.1.2',
    WEB_API_SERVICE_PORT: '80',
    WEB_API_SERVICE_PORT_HTTP: '80',
    WEB_API_SERVICE_PORT_DNS: '53',
    WEB_API_PORT: 'tcp://10.96.1.2:80',
    WEB_API_PORT_80_TCP: 'tcp://10.96.1.2:80',
    WEB_API_PORT_80_TCP_PROTO: 'tcp',
    WEB_API_PORT_80_TCP_PORT: '80',
    WEB_API_PORT_80_TCP_ADDR: '10.96.1.2',
    WEB_API_PORT_53_UDP: 'udp://10.96.1.2:53',
    WEB_API_PORT_53_UDP_PROTO: 'udp',
    WEB_API_PORT_53_UDP_PORT: '53',
    WEB_API_PORT_53_UDP_ADDR: '10.96.1.2',
  });
  const withoutLinks = serviceEnvironment('shop', false, services);
  expect([...withoutLinks.keys()].filter((k) => k.endsWith('_SERVICE_HOST'))).toEqual(['KUBERNETES_SERVICE_HOST']);
});
