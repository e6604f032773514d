import { describe, expect, it } from '@jest/globals';

import {
  applyServerSide,
  compileCustomResourceSchema,
  fieldManagerName,
  PatchError,
  updateManagedFields,
  type ApplyOptions,
  type JsonMap,
} from '../../src/patch/index.js';

const T0 = new Date('2026-11-21T20:30:00.700Z');
const clock = (d: Date = T0) => () => d;

const DEPLOY = { apiVersion: 'apps/v1', kind: 'Deployment', now: clock() } as const;
const SERVICE = { apiVersion: 'v1', kind: 'Service', now: clock() } as const;
const POD = { apiVersion: 'v1', kind: 'Pod', now: clock() } as const;

/** The body kubectl 1.27-1.33 sends for `kubectl apply --server-side -f deploy.yaml`. */
const KUBECTL_SSA_BODY =
  '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"labels":{"app":"web"},"name":"web","namespace":"default"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.27","name":"c"}]}}}}\n';

const managedFields = (obj: JsonMap): JsonMap[] => (obj['metadata'] as JsonMap)['managedFields'] as JsonMap[];
const spec = (obj: JsonMap): JsonMap => obj['spec'] as JsonMap;
const containers = (obj: JsonMap): JsonMap[] => ((spec(obj)['template'] as JsonMap)['spec'] as JsonMap)['containers'] as JsonMap[];

/** What the API server adds when it stores a new object. */
function stored(obj: JsonMap, uid = '3f1c2a7e-8a7b-4d2e-9c61-2b3f4d5e6f70'): JsonMap {
  return { ...obj, metadata: { ...(obj['metadata'] as JsonMap), uid, resourceVersion: '1', creationTimestamp: '2026-11-21T20:30:00Z' } };
}

function thrown(fn: () => unknown): PatchError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PatchError) return e;
    throw e;
  }
  throw new Error('expected a PatchError');
}

function apply(live: JsonMap | undefined, body: unknown, manager: string, opts: Partial<ApplyOptions> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return applyServerSide(live, text, { ...DEPLOY, manager, ...opts } as ApplyOptions).object;
}

function createdDeployment(): JsonMap {
  // kubectl create -f deploy.yaml, after defaulting
  const obj: JsonMap = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.27',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
              imagePullPolicy: 'IfNotPresent',
            },
          ],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          securityContext: {},
          schedulerName: 'default-scheduler',
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  };
  return stored(updateManagedFields(undefined, obj, 'kubectl-create', DEPLOY));
}

describe('managedFields on create and update', () => {
  it('records the creator with the exact entry kubectl shows', () => {
    const obj = createdDeployment();
    expect(managedFields(obj)).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2026-11-21T20:30:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:progressDeadlineSeconds': {},
            'f:replicas': {},
            'f:revisionHistoryLimit': {},
            'f:selector': {},
            'f:strategy': {
              'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} },
              'f:type': {},
            },
            'f:template': {
              'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"nginx"}': {
                    '.': {},
                    'f:image': {},
                    'f:imagePullPolicy': {},
                    'f:name': {},
                    'f:ports': {
                      '.': {},
                      'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} },
                    },
                    'f:resources': {},
                    'f:terminationMessagePath': {},
                    'f:terminationMessagePolicy': {},
                  },
                },
                'f:dnsPolicy': {},
                'f:restartPolicy': {},
                'f:schedulerName': {},
                'f:securityContext': {},
                'f:terminationGracePeriodSeconds': {},
              },
            },
          },
        },
      },
    ]);
    // the entry's keys come in Go's order, as kubectl -o json prints them
    expect(Object.keys(managedFields(obj)[0]!)).toEqual(['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1']);
  });

  it('gives changed fields to the updater and takes them from others; merges entries per manager', () => {
    const created = createdDeployment();
    const scaled = updateManagedFields(created, { ...created, spec: { ...spec(created), replicas: 3 } }, 'kubectl-scale', {
      ...DEPLOY,
      now: clock(new Date('2026-11-21T20:31:00Z')),
    });
    const [create, scale] = managedFields(scaled);
    expect(create!['manager']).toBe('kubectl-create');
    expect((create!['fieldsV1'] as JsonMap)['f:spec']).not.toHaveProperty('f:replicas');
    expect(scale).toEqual({
      manager: 'kubectl-scale',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: '2026-11-21T20:31:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } },
    });
    // the same manager again: one entry, fields merged, time bumped
    const again = updateManagedFields(scaled, { ...scaled, spec: { ...spec(scaled), paused: true } }, 'kubectl-scale', {
      ...DEPLOY,
      now: clock(new Date('2026-11-21T20:32:00Z')),
    });
    expect(managedFields(again)).toHaveLength(2);
    expect(managedFields(again)[1]).toMatchObject({
      manager: 'kubectl-scale',
      time: '2026-11-21T20:32:00Z',
      fieldsV1: { 'f:spec': { 'f:paused': {}, 'f:replicas': {} } },
    });
  });

  it('keeps separate entries per subresource and does not let subresource writers reset managedFields', () => {
    const created = createdDeployment();
    const withStatus = updateManagedFields(
      created,
      { ...created, status: { replicas: 1, observedGeneration: 1 }, metadata: { ...(created['metadata'] as JsonMap), managedFields: [] } },
      'kube-controller-manager',
      { ...DEPLOY, subresource: 'status' },
    );
    expect(managedFields(withStatus).map((e) => [e['manager'], e['subresource']])).toEqual([
      ['kube-controller-manager', 'status'],
      ['kubectl-create', undefined],
    ]);
    expect(managedFields(withStatus)[0]!['fieldsV1']).toEqual({ 'f:status': { 'f:observedGeneration': {}, 'f:replicas': {} } });
  });

  it('resets managedFields when the request sends [] and leaves untracked objects untracked', () => {
    const created = createdDeployment();
    const reset = updateManagedFields(created, { ...created, metadata: { ...(created['metadata'] as JsonMap), managedFields: [] } }, 'x', DEPLOY);
    expect((reset['metadata'] as JsonMap)['managedFields']).toBeUndefined();
    const again = updateManagedFields(reset, { ...reset, spec: { ...spec(reset), replicas: 5 } }, 'x', DEPLOY);
    expect((again['metadata'] as JsonMap)['managedFields']).toBeUndefined();
  });

  it('caps Update entries at 10, merging the oldest into ancient-changes', () => {
    let obj = createdDeployment();
    for (let i = 0; i < 11; i++) {
      const meta = obj['metadata'] as JsonMap;
      obj = updateManagedFields(obj, { ...obj, metadata: { ...meta, labels: { ...(meta['labels'] as JsonMap), [`l${i}`]: 'x' } } }, `m${i}`, {
        ...DEPLOY,
        now: clock(new Date(Date.UTC(2026, 10, 21, 21, i))),
      });
    }
    const managers = managedFields(obj).map((e) => e['manager']);
    expect(managers).toHaveLength(10);
    expect(managers).toContain('ancient-changes');
    expect(managers).not.toContain('kubectl-create');
    expect(managers).not.toContain('m0');
  });

  it('derives the manager from the user agent when there is no fieldManager', () => {
    expect(fieldManagerName(undefined, 'kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0')).toBe('kubectl');
    expect(fieldManagerName('kubectl-edit', 'kubectl/v1.33.1')).toBe('kubectl-edit');
    expect(fieldManagerName(undefined, 'helm\u0007/v3')).toBe('helm');
    expect(fieldManagerName(undefined, 'x'.repeat(200))).toHaveLength(128);
  });
});

describe('server-side apply', () => {
  it('creates an object from kubectl apply --server-side', () => {
    const obj = applyServerSide(undefined, KUBECTL_SSA_BODY, { ...DEPLOY, manager: 'kubectl' }).object;
    expect(spec(obj)['replicas']).toBe(2);
    expect(managedFields(obj)).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2026-11-21T20:30:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
            },
          },
        },
      },
    ]);
  });

  it('is a no-op when the same configuration is applied again', () => {
    const live = stored(apply(undefined, KUBECTL_SSA_BODY, 'kubectl'));
    const again = applyServerSide(live, KUBECTL_SSA_BODY, { ...DEPLOY, manager: 'kubectl', now: clock(new Date('2027-01-01T00:00:00Z')) });
    expect(again.changed).toBe(false);
    expect(again.object).toEqual(live);
  });

  it('reports a conflict with the manager of a field, in upstream format', () => {
    const created = createdDeployment();
    const err = thrown(() => apply(created, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 5 } }, 'tool'));
    expect(err.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-create" using apps/v1: .spec.replicas',
      reason: 'Conflict',
      details: {
        causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-create" using apps/v1', field: '.spec.replicas' }],
      },
      code: 409,
    });
  });

  it('groups several conflicts per manager', () => {
    const created = createdDeployment();
    const err = thrown(() =>
      apply(created, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 5, revisionHistoryLimit: 1 } }, 'tool'),
    );
    expect(err.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl-create" using apps/v1:\n- .spec.replicas\n- .spec.revisionHistoryLimit',
    );
    expect(err.details!.causes!.map((c) => c.field)).toEqual(['.spec.replicas', '.spec.revisionHistoryLimit']);
  });

  it('takes fields over with force, and shares fields applied with the same value', () => {
    const created = createdDeployment();
    const cfg = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 5, revisionHistoryLimit: 10 } };
    const forced = apply(created, cfg, 'tool', { force: true });
    expect(spec(forced)['replicas']).toBe(5);
    const entries = managedFields(forced);
    const tool = entries.find((e) => e['manager'] === 'tool')!;
    const creator = entries.find((e) => e['manager'] === 'kubectl-create')!;
    expect(tool['fieldsV1']).toEqual({ 'f:spec': { 'f:replicas': {}, 'f:revisionHistoryLimit': {} } });
    expect((creator['fieldsV1'] as JsonMap)['f:spec']).not.toHaveProperty('f:replicas');
    // revisionHistoryLimit had the same value: both own it
    expect((creator['fieldsV1'] as JsonMap)['f:spec']).toHaveProperty('f:revisionHistoryLimit');
    // Apply entries come before Update entries
    expect(entries.map((e) => e['operation'])).toEqual(['Apply', 'Update']);
  });

  it('transfers ownership between two appliers and removes fields no longer applied by anyone', () => {
    const base = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } };
    const a1 = {
      ...base,
      metadata: { ...base.metadata, labels: { app: 'web', team: 'a' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              { name: 'c', image: 'nginx', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
              { name: 'side', image: 'busybox' },
            ],
          },
        },
      },
    };
    let live = stored(apply(undefined, a1, 'alice'));
    // bob co-owns the container "c" image (same value) and adds an env var
    live = apply(live, { ...base, spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx', env: [{ name: 'C', value: '3' }] }] } } } }, 'bob');
    expect((containers(live)[0]!['env'] as JsonMap[]).map((e) => e['name'])).toEqual(['A', 'B', 'C']);
    // alice drops the label "team", env B and the sidecar, and the image (bob still owns it)
    const a2 = JSON.parse(JSON.stringify(a1)) as JsonMap;
    (a2['metadata'] as JsonMap)['labels'] = { app: 'web' };
    const tpl = (a2['spec'] as JsonMap)['template'] as JsonMap;
    (tpl['spec'] as JsonMap)['containers'] = [{ name: 'c', env: [{ name: 'A', value: '1' }] }];
    live = apply(live, a2, 'alice');
    expect((live['metadata'] as JsonMap)['labels']).toEqual({ app: 'web' });
    expect(containers(live).map((c) => c['name'])).toEqual(['c']);
    expect(containers(live)[0]!['image']).toBe('nginx');
    expect((containers(live)[0]!['env'] as JsonMap[]).map((e) => e['name'])).toEqual(['A', 'C']);
    // bob stops applying the image: now no one owns it and it is removed
    live = apply(live, { ...base, spec: { template: { spec: { containers: [{ name: 'c', env: [{ name: 'C', value: '3' }] }] } } } }, 'bob');
    expect(containers(live)[0]).not.toHaveProperty('image');
  });

  it('keeps fields an updater took over from an applier', () => {
    let live = stored(apply(undefined, KUBECTL_SSA_BODY, 'kubectl'));
    live = updateManagedFields(live, { ...live, spec: { ...spec(live), replicas: 7 } }, 'hpa', DEPLOY);
    const body = JSON.parse(KUBECTL_SSA_BODY) as JsonMap;
    delete (body['spec'] as JsonMap)['replicas'];
    live = apply(live, body, 'kubectl');
    expect(spec(live)['replicas']).toBe(7);
  });

  it('merges Service ports by port and protocol, defaulting the protocol key', () => {
    const svc = (ports: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports } });
    let live = stored(applyServerSide(undefined, svc([{ port: 53, protocol: 'UDP', name: 'dns' }, { port: 53, name: 'dns-tcp' }]), { ...SERVICE, manager: 'a' }).object);
    expect(managedFields(live)[0]!['fieldsV1']).toEqual({
      'f:spec': {
        'f:ports': {
          'k:{"port":53,"protocol":"TCP"}': { '.': {}, 'f:name': {}, 'f:port': {} },
          'k:{"port":53,"protocol":"UDP"}': { '.': {}, 'f:name': {}, 'f:port': {}, 'f:protocol': {} },
        },
      },
    });
    live = applyServerSide(live, svc([{ port: 80, name: 'http' }]), { ...SERVICE, manager: 'b' }).object;
    expect(((live['spec'] as JsonMap)['ports'] as JsonMap[]).map((p) => p['name'])).toEqual(['dns', 'dns-tcp', 'http']);
  });

  it('treats atomic lists as one field (tolerations)', () => {
    const pod = (tolerations: unknown[]) =>
      JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x' }], tolerations } });
    const live = stored(applyServerSide(undefined, pod([{ key: 'a', operator: 'Exists' }]), { ...POD, manager: 'a' }).object);
    const fields = managedFields(live)[0]!['fieldsV1'] as JsonMap;
    expect((fields['f:spec'] as JsonMap)['f:tolerations']).toEqual({});
    const err = thrown(() => applyServerSide(live, pod([{ key: 'b', operator: 'Exists' }]), { ...POD, manager: 'b' }));
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "a": .spec.tolerations');
  });

  it('lets kubectl move from client-side apply to server-side apply without conflicts', () => {
    const lastApplied =
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"web"},"name":"web","namespace":"default"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.27","name":"c"}]}}}}\n';
    const csa: JsonMap = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } },
      },
    };
    const live = stored(updateManagedFields(undefined, csa, 'kubectl-client-side-apply', DEPLOY));
    const body = KUBECTL_SSA_BODY.replace('"replicas":2', '"replicas":3');
    const out = applyServerSide(live, body, { ...DEPLOY, manager: 'kubectl' }).object;
    expect(spec(out)['replicas']).toBe(3);
    // the annotation now records this apply (keys sorted, newline-terminated, as Go encodes it)
    expect(((out['metadata'] as JsonMap)['annotations'] as JsonMap)['kubectl.kubernetes.io/last-applied-configuration']).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"labels":{"app":"web"},"name":"web","namespace":"default"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.27","name":"c"}]}}}}\n',
    );
    // another manager gets no such pass
    expect(thrown(() => applyServerSide(live, body, { ...DEPLOY, manager: 'other' })).code).toBe(409);
  });

  it('answers bad configurations as upstream', () => {
    const cases: Array<[string, number, string]> = [
      ['{"apiVersion":"v1","kind":"Deployment","metadata":{"name":"web"}}', 400, 'invalid object type: /v1, Kind=Deployment'],
      ['{}', 400, 'invalid object type: /, Kind='],
      ['- a', 400, 'error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}'],
      ['{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","managedFields":[]}}', 400, 'metadata.managedFields must be nil'],
      [
        '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},"spec":{"replicas":"two"}}',
        500,
        'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string',
      ],
      [
        '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"bogus":1}}',
        500,
        'failed to create typed patch object (/web; apps/v1, Kind=Deployment): .spec.bogus: field not declared in schema',
      ],
      [
        '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"c"},{"name":"c"}]}}}}',
        500,
        'failed to create typed patch object (/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name="c"]',
      ],
    ];
    for (const [body, code, message] of cases) {
      const err = thrown(() => applyServerSide(undefined, body, { ...DEPLOY, manager: 'm' }));
      expect([body, err.code, err.message]).toEqual([body, code, message]);
    }
  });

  it('accepts YAML bodies (YAML 1.1 scalars, as Go reads them)', () => {
    const yaml = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  paused: yes\n  replicas: 3\n';
    const obj = applyServerSide(undefined, yaml, { ...DEPLOY, manager: 'm' }).object;
    expect(spec(obj)).toMatchObject({ paused: true, replicas: 3 });
  });

  it('reports duplicate fields as a warning, or 400 with fieldValidation=Strict', () => {
    const body = '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":1,"replicas":2}}';
    const warned = applyServerSide(undefined, body, { ...DEPLOY, manager: 'm' });
    expect(spec(warned.object)['replicas']).toBe(2);
    expect(warned.warnings).toEqual(['error converting YAML to JSON: yaml: unmarshal errors:\n  line 1: key "replicas" already set in map']);
    const err = thrown(() => applyServerSide(undefined, body, { ...DEPLOY, manager: 'm', fieldValidation: 'Strict' }));
    expect([err.code, err.message]).toEqual([
      400,
      'error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  line 1: key "replicas" already set in map',
    ]);
    expect(applyServerSide(undefined, body, { ...DEPLOY, manager: 'm', fieldValidation: 'Ignore' }).warnings).toEqual([]);
  });

  it('drops nulls the configuration brings, keeps the ones already stored', () => {
    const live = createdDeployment();
    const out = apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { paused: null } }, 'm');
    expect(spec(out)).not.toHaveProperty('paused');
    expect((spec(out)['template'] as JsonMap)['metadata']).toHaveProperty('creationTimestamp', null);
  });
});

describe('server-side apply of custom resources', () => {
  const crd = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          cronSpec: { type: 'string' },
          replicas: { type: 'integer' },
          ports: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['port'],
            items: { type: 'object', properties: { port: { type: 'integer' }, name: { type: 'string' } } },
          },
          extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
    },
  } as const;
  const CR = { apiVersion: 'stable.example.com/v1', kind: 'CronTab', now: clock() };
  const body = (spec: unknown, labels: Record<string, string> = { a: 'b' }) =>
    JSON.stringify({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'c', labels }, spec });

  it('uses the CRD schema (list map keys, ObjectMeta) and rejects undeclared fields', () => {
    const schema = compileCustomResourceSchema(crd);
    const live = stored(applyServerSide(undefined, body({ cronSpec: '* * * * *', ports: [{ port: 80, name: 'a' }], extra: { x: [1] } }), { ...CR, schema, manager: 'a' }).object);
    expect(managedFields(live)[0]!['fieldsV1']).toEqual({
      'f:metadata': { 'f:labels': { 'f:a': {} } },
      'f:spec': { 'f:cronSpec': {}, 'f:extra': { 'f:x': {} }, 'f:ports': { 'k:{"port":80}': { '.': {}, 'f:name': {}, 'f:port': {} } } },
    });
    const merged = applyServerSide(live, body({ ports: [{ port: 81 }] }, { c: 'd' }), { ...CR, schema, manager: 'b' }).object;
    expect(((merged['spec'] as JsonMap)['ports'] as JsonMap[]).map((p) => p['port'])).toEqual([80, 81]);
    expect((merged['metadata'] as JsonMap)['labels']).toEqual({ a: 'b', c: 'd' });
    const err = thrown(() => applyServerSide(live, body({ bogus: 1 }), { ...CR, schema, manager: 'b' }));
    expect(err.message).toBe('failed to create typed patch object (/c; stable.example.com/v1, Kind=CronTab): .spec.bogus: field not declared in schema');
  });

  it('deduces the type when there is no schema: maps merge, lists are atomic', () => {
    const schema = compileCustomResourceSchema(undefined);
    const live = stored(applyServerSide(undefined, body({ a: { b: 1 }, list: [1, 2] }), { ...CR, schema, manager: 'a' }).object);
    // every key of a deduced map is a member of its own (hence the "." entries)
    expect(managedFields(live)[0]!['fieldsV1']).toEqual({
      'f:metadata': { 'f:labels': { 'f:a': {} } },
      'f:spec': { '.': {}, 'f:a': { '.': {}, 'f:b': {} }, 'f:list': {} },
    });
    const out = applyServerSide(live, body({ a: { c: 2 } }), { ...CR, schema, manager: 'b' }).object;
    expect(out['spec']).toEqual({ a: { b: 1, c: 2 }, list: [1, 2] });
    expect(thrown(() => applyServerSide(live, body({ list: [3] }), { ...CR, schema, manager: 'b' })).message).toBe(
      'Apply failed with 1 conflict: conflict with "a": .spec.list',
    );
  });
});
