import { createErrors, stored, updateErrors, type Obj } from './fixtures.js';

function configMap(extra: Obj = {}): Obj {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { 'app.conf': 'x' }, ...extra };
}

function secret(extra: Obj = {}): Obj {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sec', namespace: 'default' }, data: { token: 'dG9rZW4=' }, ...extra };
}

function pvc(spec: Obj = {}, extra: Obj = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
    ...extra,
  };
}

function pv(spec: Obj = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv1' },
    spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '5Gi' }, hostPath: { path: '/data' }, ...spec },
  };
}

function ingress(spec: Obj = {}, metadata: Obj = {}): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: 'default', ...metadata },
    spec: {
      rules: [
        {
          host: 'example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] },
        },
      ],
      ...spec,
    },
  };
}

describe('ConfigMap and Secret', () => {
  test('keys', () => {
    expect(createErrors(configMap())).toEqual([]);
    expect(createErrors(configMap({ data: { 'a b': 'x' } }))).toEqual([
      "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
    expect(createErrors(configMap({ binaryData: { 'app.conf': 'eA==' } }))).toEqual([
      'data[app.conf]: Invalid value: "app.conf": duplicate of key present in binaryData',
    ]);
    expect(createErrors(secret({ data: { '..x': 'eA==' } }))).toEqual(["data[..x]: Invalid value: \"..x\": must not start with '..'"]);
  });

  test('sizes are limited to 1 MiB', () => {
    expect(createErrors(configMap({ data: { big: 'x'.repeat(1024 * 1024 + 1) } }))).toEqual(['[]: Too long: may not be more than 1048576 bytes']);
    const big = Buffer.alloc(1024 * 1024 + 1).toString('base64');
    expect(createErrors(secret({ data: { big } }))).toEqual(['data: Too long: may not be more than 1048576 bytes']);
  });

  test('secret types require their keys', () => {
    expect(createErrors(secret({ type: 'kubernetes.io/tls' }))).toEqual(['data[tls.crt]: Required value', 'data[tls.key]: Required value']);
    expect(createErrors(secret({ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': Buffer.from('{').toString('base64') } }))).toEqual([
      'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": unexpected end of JSON input',
    ]);
    expect(createErrors(secret({ type: 'kubernetes.io/dockercfg', data: { '.dockercfg': Buffer.from('{"a" 1}').toString('base64') } }))).toEqual([
      'data[.dockercfg]: Invalid value: "<secret contents redacted>": invalid character \'1\' after object key',
    ]);
    expect(createErrors(secret({ type: 'kubernetes.io/basic-auth', data: {} }))).toEqual(['data[username]: Required value', 'data[password]: Required value']);
    expect(createErrors(secret({ type: 'kubernetes.io/service-account-token' }))).toEqual([
      'metadata.annotations[kubernetes.io/service-account.name]: Required value',
    ]);
  });

  test('immutable: true freezes data; the secret type never changes', () => {
    const old = stored(configMap({ immutable: true }));
    const next = structuredClone(old);
    next.data = { 'app.conf': 'y' };
    expect(updateErrors(next, old)).toEqual(['data: Forbidden: field is immutable when `immutable` is set']);
    const unfrozen = structuredClone(old);
    unfrozen.immutable = false;
    expect(updateErrors(unfrozen, old)).toEqual(['immutable: Forbidden: field is immutable when `immutable` is set']);
    const s = stored(secret({ immutable: true }));
    const retyped = structuredClone(s);
    retyped.type = 'kubernetes.io/tls';
    retyped.data = { 'tls.crt': 'eA==', 'tls.key': 'eA==' };
    expect(updateErrors(retyped, s)).toEqual([
      'type: Invalid value: "kubernetes.io/tls": field is immutable',
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });
});

describe('Namespace', () => {
  test('spec finalizers', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' }, spec: { finalizers: ['kubernetes', 'cleanup'] } };
    expect(createErrors(ns)).toEqual(['spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified']);
  });
});

describe('PersistentVolumeClaim', () => {
  test('access modes and storage are required', () => {
    expect(createErrors(pvc())).toEqual([]);
    expect(createErrors(pvc({ accessModes: [] }))).toEqual(['spec.accessModes: Required value: at least 1 access mode is required']);
    expect(createErrors(pvc({ resources: {} }))).toEqual(['spec.resources[storage]: Required value']);
    expect(createErrors(pvc({ resources: { requests: { storage: '0' } } }))).toEqual([
      'spec.resources[storage]: Invalid value: "0": must be greater than zero',
    ]);
    expect(createErrors(pvc({ accessModes: ['ReadWriteSometimes'] }))).toEqual([
      'spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
    ]);
    expect(createErrors(pvc({ accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] }))).toEqual([
      'spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes',
    ]);
    expect(createErrors(pvc({ volumeMode: 'Raw' }))).toEqual(['spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"']);
  });

  test('the spec is immutable except the request of a bound claim', () => {
    const old = stored(pvc());
    const next = structuredClone(old);
    next.spec.accessModes = ['ReadWriteMany'];
    const errs = updateErrors(next, old);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(
      /^spec: Forbidden: spec is immutable after creation except resources\.requests and volumeAttributesClassName for bound claims\n {2}core\.PersistentVolumeClaimSpec\{\n- \tAccessModes: \["ReadWriteOnce"\],\n\+ \tAccessModes: \["ReadWriteMany"\],/,
    );
    const bound: Obj = { ...structuredClone(old), status: { phase: 'Bound', capacity: { storage: '1Gi' } } };
    const grown = structuredClone(bound);
    grown.spec.resources.requests.storage = '2Gi';
    expect(updateErrors(grown, bound)).toEqual([]);
    const shrunk = structuredClone(bound);
    shrunk.spec.resources.requests.storage = '512Mi';
    expect(updateErrors(shrunk, bound)).toEqual(['spec.resources.requests.storage: Forbidden: field can not be less than status.capacity']);
  });
});

describe('PersistentVolume', () => {
  test('capacity, access modes, one source', () => {
    expect(createErrors(pv())).toEqual([]);
    expect(createErrors(pv({ hostPath: undefined }))).toEqual(['spec: Required value: must specify a volume type']);
    expect(createErrors(pv({ nfs: { server: 'nfs', path: '/x' } }))).toEqual(['spec.nfs: Forbidden: may not specify more than 1 volume type']);
    expect(createErrors(pv({ persistentVolumeReclaimPolicy: 'Keep' }))).toEqual([
      'spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"',
    ]);
    expect(createErrors(pv({ capacity: {} }))).toEqual([
      'spec.capacity: Required value',
      'spec.capacity: Unsupported value: core.ResourceList{}: supported values: "storage"',
    ]);
  });

  test('the source is immutable', () => {
    const old = stored(pv());
    const next = structuredClone(old);
    next.spec.hostPath.path = '/other';
    const errs = updateErrors(next, old);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^spec\.persistentvolumesource: Forbidden: spec\.persistentvolumesource is immutable after creation\n/);
  });
});

describe('Ingress', () => {
  test('rules, paths and backends', () => {
    expect(createErrors(ingress())).toEqual([]);
    // defaulting reshapes the object as upstream encodes it, so an empty list reads back as nil
    expect(createErrors(ingress({ rules: [] }))).toEqual([
      'spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified',
    ]);
    expect(createErrors(ingress({ rules: [{ host: '10.0.0.1' }] }))).toEqual(['spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address']);
    expect(
      createErrors(ingress({ rules: [{ http: { paths: [{ path: 'api', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] })),
    ).toEqual(['spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path']);
    expect(createErrors(ingress({ rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] }))).toEqual([
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    ]);
    expect(createErrors(ingress({ rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: {} } } }] } }] }))).toEqual([
      'spec.rules[0].http.paths[0].backend: Required value: port name or number is required',
    ]);
  });

  test('the ingress class annotation must agree with ingressClassName', () => {
    expect(createErrors(ingress({ ingressClassName: 'nginx' }, { annotations: { 'kubernetes.io/ingress.class': 'traefik' } }))).toEqual([
      'annotations.kubernetes.io/ingress.class: Invalid value: "traefik": must match `ingressClassName` when both are specified',
    ]);
  });
});
