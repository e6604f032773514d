import { validateNamespaceStatusUpdate } from '../../../src/registry/validation/index.js';
import { errorString } from '../../../src/registry/validation/index.js';
import { createErrors, deployment, pod, stored, updateErrors, type Obj } from './fixtures.js';

describe('more pod spec rules', () => {
  test('DNS config', () => {
    expect(createErrors(pod({ dnsConfig: { nameservers: ['1.1.1.1', '8.8.8.8', '9.9.9.9', '1.0.0.1'] } }))).toEqual([
      'spec.dnsConfig.nameservers: Invalid value: []string{"1.1.1.1", "8.8.8.8", "9.9.9.9", "1.0.0.1"}: must not have more than 3 nameservers',
    ]);
    expect(createErrors(pod({ dnsConfig: { nameservers: ['dns'] } }))).toEqual([
      'spec.dnsConfig.nameservers[0]: Invalid value: "dns": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
    expect(createErrors(pod({ dnsConfig: { searches: ['svc.cluster.local.', '_tcp.example.com'] } }))).toEqual([]);
    expect(createErrors(pod({ dnsConfig: { options: [{ value: '2' }] } }))).toEqual(['spec.dnsConfig.options[0]: Required value: must not be empty']);
  });

  test('sysctls', () => {
    expect(createErrors(pod({ securityContext: { sysctls: [{ name: 'Net.Core', value: '1' }] } }))).toEqual([
      'spec.securityContext.sysctls[0].name: Invalid value: "Net.Core": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$',
    ]);
    expect(createErrors(pod({ hostNetwork: true, securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1' }] } }))).toEqual([
      "spec.securityContext.sysctls[0].name: Invalid value: \"net.core.somaxconn\": may not be specified when 'hostNetwork' is true",
    ]);
  });

  test('readiness gates, scheduling gates, affinity weights, sidecars', () => {
    expect(createErrors(pod({ readinessGates: [{ conditionType: 'bad type' }] }))[0]).toMatch(
      /^spec\.readinessGates\[0\]\.conditionType: Invalid value: "bad type": name part must consist/,
    );
    expect(createErrors(pod({ schedulingGates: [{ name: 'a.io/x' }, { name: 'a.io/x' }] }))).toEqual(['spec.schedulingGates[1]: Duplicate value: "a.io/x"']);
    expect(
      createErrors(
        pod({
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } }],
            },
          },
        }),
      ),
    ).toEqual(['spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100']);
    expect(
      createErrors(pod({ initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always', readinessProbe: { tcpSocket: { port: 9901 } } }] })),
    ).toEqual([]);
  });

  test('topology spread constraints may not repeat', () => {
    const c = { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' };
    expect(createErrors(pod({ topologySpreadConstraints: [c, c] }))).toEqual([
      'spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: "{zone, DoNotSchedule}"',
    ]);
  });

  test('ephemeral volumes name their claim after the pod', () => {
    const p = pod(
      {
        volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } }],
      },
      { name: 'a'.repeat(250) },
    );
    const name = `${'a'.repeat(250)}-scratch`;
    expect(createErrors(p)).toEqual([`spec.volumes[0].name: Invalid value: "scratch": PVC name "${name}": must be no more than 253 characters`]);
  });
});

describe('more workload and service rules', () => {
  test('a StatefulSet selector change is a forbidden spec update', () => {
    const sts: Obj = { ...deployment({ serviceName: 'web' }), kind: 'StatefulSet' };
    const old = stored(sts);
    const next = structuredClone(old);
    next.spec.selector = { matchLabels: { app: 'web', v: '2' } };
    next.spec.template.metadata.labels = { app: 'web', v: '2' };
    expect(updateErrors(next, old)).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  test('a DaemonSet selector is immutable', () => {
    const ds: Obj = { ...deployment(), kind: 'DaemonSet' };
    const old = stored(ds);
    const next = structuredClone(old);
    next.spec.selector = { matchLabels: { app: 'web', v: '2' } };
    next.spec.template.metadata.labels = { app: 'web', v: '2' };
    expect(updateErrors(next, old)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  test('LoadBalancer source ranges and health check ports', () => {
    const svc = (spec: Obj): Obj => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb', namespace: 'default' }, spec: { ports: [{ port: 80 }], ...spec } });
    expect(createErrors(svc({ loadBalancerSourceRanges: ['10.0.0.0/8'] }))).toEqual([
      "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
    ]);
    expect(createErrors(svc({ type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0'] }))).toEqual([
      'spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]);
    expect(createErrors(svc({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' }))).toEqual(['spec.healthCheckNodePort: Required value']);
    expect(createErrors(svc({ externalTrafficPolicy: 'Local' }))).toEqual([
      'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    ]);
  });

  test('Ingress TLS hosts and secret names', () => {
    const ing = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'i', namespace: 'default' },
      spec: {
        defaultBackend: { service: { name: 'web', port: { name: 'http' } } },
        tls: [{ hosts: ['*.example.com', 'Bad_Host'], secretName: 'Bad' }],
      },
    };
    const errs = createErrors(ing);
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatch(/^spec\.tls\[0\]\.hosts\[1\]: Invalid value: "Bad_Host": a lowercase RFC 1123 subdomain/);
    expect(errs[1]).toMatch(/^spec\.tls\[0\]\.secretName: Invalid value: "Bad": a lowercase RFC 1123 subdomain/);
  });

  test('namespace status updates', () => {
    const ns: Obj = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', resourceVersion: '1' }, status: { phase: 'Terminating' } };
    expect(validateNamespaceStatusUpdate(ns as never, ns as never).map(errorString)).toEqual([
      "status.Phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty",
    ]);
  });
});
