import { applyDefaults, defaultPullPolicy, imageTag } from '../../../src/registry/defaults/index.js';
import { QuantityParseError, type KubeObject } from '../../../src/registry/validation/index.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function pod(spec: Obj): Obj {
  const p = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec };
  return applyDefaults('v1', 'Pod', p as KubeObject) as Obj;
}

describe('image pull policy', () => {
  test('Always for :latest or no tag, IfNotPresent otherwise', () => {
    expect(defaultPullPolicy('nginx')).toBe('Always');
    expect(defaultPullPolicy('nginx:latest')).toBe('Always');
    expect(defaultPullPolicy('docker.io/library/nginx')).toBe('Always');
    expect(defaultPullPolicy('localhost:5000/app')).toBe('Always');
    expect(defaultPullPolicy('nginx:1.27')).toBe('IfNotPresent');
    expect(defaultPullPolicy('registry.example.com:5000/team/app:v2')).toBe('IfNotPresent');
    expect(defaultPullPolicy(`nginx@sha256:${'a'.repeat(64)}`)).toBe('IfNotPresent');
    expect(defaultPullPolicy(`nginx:latest@sha256:${'a'.repeat(64)}`)).toBe('Always');
    expect(defaultPullPolicy('Nginx')).toBe('IfNotPresent');
    expect(imageTag('ghcr.io/org/app:1.0')).toBe('1.0');
    expect(imageTag('')).toBe('');
  });
});

describe('Pod', () => {
  test('kubectl run web --image=nginx reads back as on a real v1.33 cluster', () => {
    const p = pod({ containers: [{ name: 'web', image: 'nginx', resources: {} }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' });
    expect(p.spec).toEqual({
      containers: [
        {
          image: 'nginx',
          imagePullPolicy: 'Always',
          name: 'web',
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    });
    expect(p.status).toEqual({});
  });

  test('requests default to limits (pods only), quantities canonical', () => {
    const p = pod({ containers: [{ name: 'a', image: 'x:1', resources: { limits: { cpu: 0.5, memory: '1024Mi' }, requests: { memory: '512Mi' } } }] });
    expect(p.spec.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '500m', memory: '512Mi' } });
    const tiny = pod({ containers: [{ name: 'a', image: 'x:1', resources: { requests: { cpu: '100u' } } }] });
    expect(tiny.spec.containers[0].resources.requests.cpu).toBe('1m');
  });

  test('an unparseable quantity fails as upstream decoding does', () => {
    expect(() => pod({ containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: 'lots' } } }] })).toThrow(QuantityParseError);
  });

  test('ports, env field refs, probes and lifecycle handlers', () => {
    const p = pod({
      containers: [
        {
          name: 'a',
          image: 'x:1',
          ports: [{ containerPort: 80 }],
          env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
          livenessProbe: { httpGet: { port: 80 } },
          readinessProbe: { grpc: { port: 9000 } },
          lifecycle: { preStop: { httpGet: { port: 80 } } },
        },
      ],
    });
    const c = p.spec.containers[0];
    expect(c.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(c.env[0].valueFrom.fieldRef).toEqual({ apiVersion: 'v1', fieldPath: 'spec.nodeName' });
    expect(c.livenessProbe).toEqual({
      httpGet: { path: '/', port: 80, scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.readinessProbe.grpc).toEqual({ port: 9000, service: '' });
    expect(c.lifecycle.preStop.httpGet).toEqual({ path: '/', port: 80, scheme: 'HTTP' });
  });

  test('volumes', () => {
    const p = pod({
      containers: [{ name: 'a', image: 'x:1' }],
      volumes: [
        { name: 'scratch' },
        { name: 'host', hostPath: { path: '/var/log' } },
        { name: 'cfg', configMap: { name: 'c' } },
        { name: 'sec', secret: { secretName: 's' } },
        { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
        { name: 'proj', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
        { name: 'eph', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } },
      ],
    });
    expect(p.spec.volumes).toEqual([
      { name: 'scratch', emptyDir: {} },
      { name: 'host', hostPath: { path: '/var/log', type: '' } },
      { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } },
      { name: 'sec', secret: { secretName: 's', defaultMode: 420 } },
      { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } }], defaultMode: 420 } },
      { name: 'proj', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3600, path: 'token' } }], defaultMode: 420 } },
      {
        name: 'eph',
        ephemeral: {
          volumeClaimTemplate: {
            metadata: { creationTimestamp: null },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
          },
        },
      },
    ]);
  });

  test('a resourceFieldRef divisor left out reads back as "0"', () => {
    const p = pod({
      containers: [{ name: 'a', image: 'x:1', env: [{ name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } }] }],
    });
    expect(p.spec.containers[0].env[0].valueFrom.resourceFieldRef).toEqual({ resource: 'limits.cpu', divisor: '0' });
  });

  test('hostNetwork pods get hostPort = containerPort', () => {
    const p = pod({ hostNetwork: true, containers: [{ name: 'a', image: 'x:1', ports: [{ containerPort: 8080 }] }] });
    expect(p.spec.containers[0].ports).toEqual([{ hostPort: 8080, containerPort: 8080, protocol: 'TCP' }]);
  });

  test('given values are kept, and defaulting twice changes nothing', () => {
    const p = pod({ containers: [{ name: 'a', image: 'x', imagePullPolicy: 'Never' }], restartPolicy: 'Never', terminationGracePeriodSeconds: 0, enableServiceLinks: false });
    expect(p.spec.containers[0].imagePullPolicy).toBe('Never');
    expect(p.spec.restartPolicy).toBe('Never');
    expect(p.spec.terminationGracePeriodSeconds).toBe(0);
    expect(p.spec.enableServiceLinks).toBe(false);
    const again = applyDefaults('v1', 'Pod', structuredClone(p) as KubeObject);
    expect(again).toEqual(p);
  });
});
