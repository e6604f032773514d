import { createErrors, pod, stored, updateErrors, type Obj } from './fixtures.js';

function withContainer(container: Obj, spec: Obj = {}): Obj {
  return pod({ containers: [{ name: 'app', image: 'nginx:1.27', ...container }], ...spec });
}

describe('pod spec on create', () => {
  test('a defaulted minimal pod is valid', () => {
    expect(createErrors(pod())).toEqual([]);
  });

  test('containers are required, and each needs a name and an image', () => {
    expect(createErrors(pod({ containers: [] }))).toEqual(['spec.containers: Required value']);
    expect(createErrors(pod({ containers: [{ name: 'app' }] }))).toEqual(['spec.containers[0].image: Required value']);
    expect(createErrors(pod({ containers: [{ image: 'x' }] }))).toEqual(['spec.containers[0].name: Required value']);
    expect(createErrors(pod({ containers: [{ name: 'app', image: 'x' }, { name: 'app', image: 'y' }] }))).toEqual([
      'spec.containers[1].name: Duplicate value: "app"',
    ]);
  });

  test('container images may not be padded', () => {
    expect(createErrors(withContainer({ image: ' nginx' }))).toEqual([
      'spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace',
    ]);
  });

  test('restart and DNS policies are enums', () => {
    expect(createErrors(pod({ restartPolicy: 'Sometimes' }))).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
    expect(createErrors(pod({ dnsPolicy: 'Cluster' }))).toEqual([
      'spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
    expect(createErrors(withContainer({ imagePullPolicy: 'Sometimes' }))).toEqual([
      'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    ]);
  });

  test('ports: range, names, protocols, duplicated host ports', () => {
    expect(createErrors(withContainer({ ports: [{ containerPort: 70000 }] }))).toEqual([
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ]);
    expect(createErrors(withContainer({ ports: [{ containerPort: 80, protocol: 'HTTP' }] }))).toEqual([
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]);
    expect(createErrors(withContainer({ ports: [{ containerPort: 80, name: 'web' }, { containerPort: 81, name: 'web' }] }))).toEqual([
      'spec.containers[0].ports[1].name: Duplicate value: "web"',
    ]);
    expect(
      createErrors(
        pod({
          containers: [
            { name: 'a', image: 'x', ports: [{ containerPort: 80, hostPort: 8080 }] },
            { name: 'b', image: 'x', ports: [{ containerPort: 81, hostPort: 8080 }] },
          ],
        }),
      ),
    ).toEqual(['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"']);
  });

  test('environment variables', () => {
    expect(createErrors(withContainer({ env: [{ value: 'x' }] }))).toEqual(['spec.containers[0].env[0].name: Required value']);
    expect(createErrors(withContainer({ env: [{ name: 'A=B' }] }))).toEqual([
      "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
    ]);
    expect(createErrors(withContainer({ env: [{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }))).toEqual([
      'spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
    ]);
    expect(createErrors(withContainer({ env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.foo' } } }] }))).toEqual([
      'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: "spec.foo": error converting fieldPath: field label not supported: spec.foo',
    ]);
    expect(createErrors(withContainer({ env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'status.phase' } } }] }))).toEqual([
      'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
    ]);
    expect(createErrors(withContainer({ env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'a/b' } } }] }))).toEqual([
      "spec.containers[0].env[0].valueFrom.secretKeyRef.key: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });

  test('volumes: names unique DNS labels, mounts refer to them', () => {
    expect(createErrors(pod({ volumes: [{ name: 'data' }, { name: 'data' }] }))).toEqual(['spec.volumes[1].name: Duplicate value: "data"']);
    expect(createErrors(pod({ volumes: [{ name: 'Data' }] }))[0]).toMatch(/^spec\.volumes\[0\]\.name: Invalid value: "Data": a lowercase RFC 1123 label/);
    expect(createErrors(withContainer({ volumeMounts: [{ name: 'missing', mountPath: '/data' }] }))).toEqual([
      'spec.containers[0].volumeMounts[0].name: Not found: "missing"',
    ]);
    expect(
      createErrors(
        withContainer({ volumeMounts: [{ name: 'data', mountPath: '/d' }, { name: 'data', mountPath: '/d' }] }, { volumes: [{ name: 'data', emptyDir: {} }] }),
      ),
    ).toEqual(['spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/d": must be unique']);
    expect(createErrors(withContainer({ volumeMounts: [{ name: 'data' }] }, { volumes: [{ name: 'data', emptyDir: {} }] }))).toEqual([
      'spec.containers[0].volumeMounts[0].mountPath: Required value',
    ]);
    expect(
      createErrors(pod({ volumes: [{ name: 'data', emptyDir: {}, hostPath: { path: '/x' } }] })),
    ).toEqual(['spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type']);
    expect(createErrors(pod({ volumes: [{ name: 'cfg', configMap: { name: 'c', defaultMode: 1000 } }] }))).toEqual([
      'spec.volumes[0].configMap.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive',
    ]);
    expect(createErrors(pod({ volumes: [{ name: 's', secret: {} }] }))).toEqual(['spec.volumes[0].secret.secretName: Required value']);
    expect(createErrors(pod({ volumes: [{ name: 'h', hostPath: { path: '/x', type: 'Dir' } }] }))).toEqual([
      'spec.volumes[0].hostPath.type: Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
    ]);
    expect(createErrors(pod({ volumes: [{ name: 'c', persistentVolumeClaim: { claimName: '' } }] }))).toEqual([
      'spec.volumes[0].persistentVolumeClaim.claimName: Required value',
    ]);
  });

  test('resources: names, quantities, requests no more than limits', () => {
    expect(createErrors(withContainer({ resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }))).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ]);
    expect(createErrors(withContainer({ resources: { requests: { cpu: '-1' } } }))).toEqual([
      'spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0',
    ]);
    expect(createErrors(withContainer({ resources: { limits: { cpus: '1' } } }))).toEqual([
      'spec.containers[0].resources.limits[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.limits[cpus]: Invalid value: "cpus": must be a standard resource for containers',
      // a pod's requests default to its limits, so the name is reported there too
      'spec.containers[0].resources.requests[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.requests[cpus]: Invalid value: "cpus": must be a standard resource for containers',
    ]);
    expect(createErrors(withContainer({ resources: { requests: { 'example.com/gpu': '1' } } }))).toEqual([
      'spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources',
    ]);
  });

  test('probes', () => {
    expect(createErrors(withContainer({ livenessProbe: { httpGet: { port: 80 }, successThreshold: 2 } }))).toEqual([
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
    ]);
    expect(createErrors(withContainer({ readinessProbe: {} }))).toEqual(['spec.containers[0].readinessProbe: Required value: must specify a handler type']);
    expect(createErrors(withContainer({ readinessProbe: { exec: { command: ['true'] }, tcpSocket: { port: 80 } } }))).toEqual([
      'spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
    ]);
    expect(createErrors(withContainer({ livenessProbe: { tcpSocket: { port: 'HTTP' } } }))).toEqual([
      'spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: "HTTP": must contain at least one letter (a-z)',
    ]);
  });

  test('init containers: restartPolicy only Always, probes only for sidecars', () => {
    const p = pod({ initContainers: [{ name: 'init', image: 'busybox', restartPolicy: 'Never', livenessProbe: { exec: { command: ['x'] } } }] });
    expect(createErrors(p)).toEqual([
      'spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"',
      'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
    ]);
    expect(createErrors(pod({ initContainers: [{ name: 'app', image: 'x' }] }))).toEqual(['spec.initContainers[0].name: Duplicate value: "app"']);
    expect(createErrors(withContainer({ restartPolicy: 'Always' }))).toEqual([
      'spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers',
    ]);
  });

  test('pod-level fields', () => {
    expect(createErrors(pod({ activeDeadlineSeconds: 0 }))).toEqual([
      'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
    ]);
    expect(createErrors(pod({ hostname: 'My_Host' }))[0]).toMatch(/^spec\.hostname: Invalid value: "My_Host": a lowercase RFC 1123 label/);
    expect(createErrors(pod({ tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] }))).toEqual([
      "spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'",
    ]);
    expect(createErrors(pod({ tolerations: [{ operator: 'Equal', value: 'v' }] }))).toEqual([
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    ]);
    expect(createErrors(pod({ tolerations: [{ key: 'k', effect: 'NoSchedule', tolerationSeconds: 5 }] }))).toEqual([
      "spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
    ]);
    expect(createErrors(pod({ nodeSelector: { 'bad key': 'x' } }))[0]).toMatch(/^spec\.nodeSelector: Invalid value: "bad key": name part must consist/);
    expect(createErrors(pod({ dnsPolicy: 'None' }))).toEqual(['spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None']);
    expect(createErrors(pod({ ephemeralContainers: [{ name: 'debug', image: 'busybox' }] }))).toEqual([
      'spec.ephemeralContainers: Forbidden: cannot be set on create',
    ]);
    expect(createErrors(pod({ serviceAccountName: 'Builder' }))[0]).toMatch(/^spec\.serviceAccountName: Invalid value: "Builder": a lowercase RFC 1123 subdomain/);
    expect(
      createErrors(pod({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } })),
    ).toEqual([
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term',
    ]);
    expect(
      createErrors(pod({ topologySpreadConstraints: [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'Maybe' }] })),
    ).toEqual([
      'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
      'spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway"',
    ]);
  });

  test('hostNetwork pods need hostPort equal to containerPort', () => {
    const p = pod({ hostNetwork: true, containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80, hostPort: 81 }] }] });
    expect(createErrors(p)).toEqual(['spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true']);
  });

  test('projected service account tokens need a service account', () => {
    const p = pod({ volumes: [{ name: 'tok', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }] });
    expect(createErrors(p)).toEqual(['spec.volumes[0].projected.sources[0].serviceAccountToken: Forbidden: must not be specified when serviceAccountName is not set']);
  });

  test('security context', () => {
    expect(createErrors(withContainer({ securityContext: { runAsUser: -1 } }))).toEqual([
      'spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive',
    ]);
    expect(createErrors(withContainer({ securityContext: { seccompProfile: { type: 'Localhost' } } }))).toEqual([
      'spec.containers[0].securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost',
    ]);
    const both = createErrors(withContainer({ securityContext: { privileged: true, allowPrivilegeEscalation: false } }));
    expect(both).toHaveLength(1);
    expect(both[0]).toMatch(/^spec\.containers\[0\]\.securityContext: Invalid value: core\.SecurityContext\{.*\}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true$/);
  });
});

describe('pod updates', () => {
  const base = stored(pod({ tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }] }));

  test('images, activeDeadlineSeconds and added tolerations may change', () => {
    const next = structuredClone(base);
    next.spec.containers[0].image = 'nginx:1.28';
    next.spec.activeDeadlineSeconds = 100;
    next.spec.tolerations = [
      { key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 20 },
      { key: 'b', operator: 'Exists' },
    ];
    expect(updateErrors(next, base)).toEqual([]);
  });

  test('other spec changes are forbidden with the upstream message', () => {
    const next = structuredClone(base);
    next.spec.containers[0].env = [{ name: 'A', value: '1' }];
    const errs = updateErrors(next, base);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(
      /^spec: Forbidden: pod updates may not change fields other than `spec\.containers\[\*\]\.image`,`spec\.initContainers\[\*\]\.image`,`spec\.activeDeadlineSeconds`,`spec\.tolerations` \(only additions to existing tolerations\),`spec\.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n {2}core\.PodSpec\{\n/,
    );
    expect(errs[0]).toContain('- \tContainers: ');
  });

  test('containers may not be added or removed; tolerations only added', () => {
    const more = structuredClone(base);
    more.spec.containers.push({ name: 'b', image: 'x' });
    expect(updateErrors(more, base)).toEqual(['spec.containers: Forbidden: pod updates may not add or remove containers']);
    const fewer = structuredClone(base);
    fewer.spec.tolerations = [];
    expect(updateErrors(fewer, base)).toContain('spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds');
  });

  test('activeDeadlineSeconds may only go down', () => {
    const withDeadline = structuredClone(base);
    withDeadline.spec.activeDeadlineSeconds = 100;
    const later = structuredClone(withDeadline);
    later.spec.activeDeadlineSeconds = 200;
    expect(updateErrors(later, withDeadline)).toEqual(['spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value']);
    const removed = structuredClone(withDeadline);
    delete removed.spec.activeDeadlineSeconds;
    expect(updateErrors(removed, withDeadline)).toEqual(['spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value']);
  });

  test('scheduling gates may only be removed', () => {
    const gated = stored(pod({ schedulingGates: [{ name: 'example.com/a' }] }));
    const more = structuredClone(gated);
    more.spec.schedulingGates = [{ name: 'example.com/a' }, { name: 'example.com/b' }];
    expect(updateErrors(more, gated)).toEqual([
      "spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/b'",
    ]);
    const none = structuredClone(gated);
    none.spec.schedulingGates = [];
    expect(updateErrors(none, gated)).toEqual([]);
  });
});
