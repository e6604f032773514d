import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import {
  applyStrategicMergePatch,
  PatchError,
  SchemaRegistry,
  unsupportedPatchType,
  CUSTOM_RESOURCE_PATCH_TYPES,
  type Atom,
  type JsonMap,
} from '../../src/patch/index.js';
import { deployment, pod, service } from './fixtures.js';
import { Oracle } from './oracle.js';

const registry = SchemaRegistry.builtin();
const schemaOf = (apiVersion: string, kind: string): Atom => registry.kind(apiVersion, kind)!.root;
const DEPLOYMENT = schemaOf('apps/v1', 'Deployment');
const POD = schemaOf('v1', 'Pod');
const SERVICE = schemaOf('v1', 'Service');

const podSpec = (d: JsonMap): JsonMap => ((d['spec'] as JsonMap)['template'] as JsonMap)['spec'] as JsonMap;
const containers = (d: JsonMap): JsonMap[] => podSpec(d)['containers'] as JsonMap[];

function thrown(fn: () => unknown): PatchError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PatchError) return e;
    throw e;
  }
  throw new Error('expected a PatchError');
}

describe('schema lookup', () => {
  it('finds kinds per group version and says when there is no schema', () => {
    expect(registry.kind('apps/v1', 'Deployment')?.definition).toBe('io.k8s.api.apps.v1.Deployment');
    expect(registry.kind('v1', 'Pod')?.definition).toBe('io.k8s.api.core.v1.Pod');
    expect(registry.supportsStrategicMerge('stable.example.com/v1', 'CronTab')).toBe(false);
    expect(registry.supportsStrategicMerge('apps/v1', 'Nope')).toBe(false);
  });

  it('carries merge keys, strategies and list types through $refs', () => {
    const spec = POD.map!.fields.get('spec')!.type;
    const containersField = spec.map!.fields.get('containers')!;
    expect(containersField.patchMergeKey).toBe('name');
    expect(containersField.patchStrategies).toEqual(['merge']);
    expect(containersField.type.list).toMatchObject({ relationship: 'associative', keys: ['name'] });
    const volumes = spec.map!.fields.get('volumes')!;
    expect(volumes.patchStrategies).toEqual(['merge', 'retainKeys']);
    const ports = SERVICE.map!.fields.get('spec')!.type.map!.fields.get('ports')!;
    expect(ports.patchMergeKey).toBe('port');
    expect(ports.type.list!.keys).toEqual(['port', 'protocol']);
    const portFields = ports.type.list!.element.map!.fields;
    expect(portFields.get('protocol')!.default).toBe('TCP');
    expect(portFields.get('targetPort')!.type.scalar).toBe('untyped');
    const tolerations = spec.map!.fields.get('tolerations')!;
    expect(tolerations.type.list!.relationship).toBe('atomic');
    const selector = DEPLOYMENT.map!.fields.get('spec')!.type.map!.fields.get('selector')!;
    expect(selector.type.map!.relationship).toBe('atomic');
  });

  it('refuses strategic merge for custom resources with upstream 415 text', () => {
    const err = unsupportedPatchType(CUSTOM_RESOURCE_PATCH_TYPES);
    expect(err.code).toBe(415);
    expect(err.reason).toBe('UnsupportedMediaType');
    expect(err.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  });
});

describe('application/strategic-merge-patch+json', () => {
  it('applies kubectl patch and scale bodies', () => {
    const out = applyStrategicMergePatch(deployment(), '{"spec":{"replicas":2}}', DEPLOYMENT);
    expect((out['spec'] as JsonMap)['replicas']).toBe(2);
  });

  it('applies the body kubectl edit / set image send ($setElementOrder, merge by name)', () => {
    const body = '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"c"},{"name":"sidecar"}],"containers":[{"image":"nginx2","name":"c"}]}}}}';
    const out = applyStrategicMergePatch(deployment(), body, DEPLOYMENT);
    expect(containers(out).map((c) => [c['name'], c['image']])).toEqual([
      ['c', 'nginx2'],
      ['sidecar', 'busybox'],
    ]);
    // the rest of the merged container is kept
    expect(containers(out)[0]!['env']).toEqual(containers(deployment())[0]!['env']);
  });

  it('applies the client-side apply body kubectl 1.27-1.33 sends', () => {
    const lastApplied =
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"web"},"name":"web","namespace":"default"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.27","name":"c"}]}}}}\n';
    const body = JSON.stringify({
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } },
      spec: { replicas: 2, template: { spec: { '$setElementOrder/containers': [{ name: 'c' }], containers: [{ image: 'nginx:1.27', name: 'c' }] } } },
    });
    const out = applyStrategicMergePatch(deployment(), body, DEPLOYMENT);
    expect((out['metadata'] as JsonMap)['annotations']).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'kubectl.kubernetes.io/last-applied-configuration': lastApplied,
    });
    // $setElementOrder lists only "c": the server-only sidecar keeps its place after it
    expect(containers(out).map((c) => c['name'])).toEqual(['c', 'sidecar']);
  });

  it('applies kubectl rollout restart (annotation added to the template)', () => {
    const body = '{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-11-21T20:30:37Z"}}}}}';
    const out = applyStrategicMergePatch(deployment(), body, DEPLOYMENT);
    expect(((out['spec'] as JsonMap)['template'] as JsonMap)['metadata']).toEqual({
      creationTimestamp: null,
      labels: { app: 'web' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-21T20:30:37Z' },
    });
  });

  it('merges env by name, adds new items at the end, and deletes with $patch: delete', () => {
    const body = JSON.stringify({
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'c', env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }, { name: 'A', $patch: 'delete' }] },
              { name: 'sidecar', $patch: 'delete' },
              { name: 'new', image: 'redis' },
            ],
          },
        },
      },
    });
    const out = applyStrategicMergePatch(deployment(), body, DEPLOYMENT);
    expect(containers(out).map((c) => c['name'])).toEqual(['c', 'new']);
    expect(containers(out)[0]!['env']).toEqual([
      { name: 'B', value: 'two' },
      { name: 'C', value: '3' },
    ]);
  });

  it('merges Service ports by port', () => {
    const body = '{"spec":{"ports":[{"port":80,"targetPort":9090},{"port":443,"name":"https","targetPort":8443}]}}';
    const out = applyStrategicMergePatch(service(), body, SERVICE);
    expect((out['spec'] as JsonMap)['ports']).toEqual([
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 9090 },
      { port: 443, name: 'https', targetPort: 8443 },
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
    ]);
  });

  it('replaces lists without a merge strategy (tolerations, args) and merges volumes by name', () => {
    const body = JSON.stringify({
      spec: {
        tolerations: [{ key: 'gpu', operator: 'Exists' }],
        volumes: [{ name: 'cache', emptyDir: {} }],
        containers: [{ name: 'c', args: ['--x'] }],
      },
    });
    const out = applyStrategicMergePatch(pod(), body, POD);
    const spec = out['spec'] as JsonMap;
    expect(spec['tolerations']).toEqual([{ key: 'gpu', operator: 'Exists' }]);
    expect(spec['volumes']).toEqual([
      { name: 'cache', emptyDir: {} },
      { name: 'data', emptyDir: {} },
    ]);
    expect((spec['containers'] as JsonMap[])[0]!['args']).toEqual(['--x']);
  });

  it('supports $patch: replace on a list and on a map, null deleting a key, $retainKeys', () => {
    const body = JSON.stringify({
      metadata: { labels: { app: null, tier: 'fe' } },
      spec: {
        strategy: { $retainKeys: ['type'], type: 'Recreate' },
        template: {
          spec: {
            volumes: [{ name: 'only', emptyDir: {} }, { $patch: 'replace' }],
            securityContext: { $patch: 'replace', runAsUser: 1000 },
          },
        },
      },
    });
    const out = applyStrategicMergePatch(deployment(), body, DEPLOYMENT);
    expect((out['metadata'] as JsonMap)['labels']).toEqual({ tier: 'fe' });
    expect((out['spec'] as JsonMap)['strategy']).toEqual({ type: 'Recreate' });
    expect(podSpec(out)['volumes']).toEqual([{ name: 'only', emptyDir: {} }]);
    expect(podSpec(out)['securityContext']).toEqual({ runAsUser: 1000 });
  });

  it('supports $deleteFromPrimitiveList and merges primitive lists with the merge strategy', () => {
    const body = JSON.stringify({
      metadata: { finalizers: ['example.com/c', 'example.com/a'], '$deleteFromPrimitiveList/finalizers': ['example.com/b'] },
    });
    const out = applyStrategicMergePatch(pod(), body, POD);
    expect((out['metadata'] as JsonMap)['finalizers']).toEqual(['example.com/c', 'example.com/a']);
  });

  it('replaces a map wholesale with $patch: delete (empty)', () => {
    const out = applyStrategicMergePatch(pod(), '{"spec":{"containers":[{"name":"c","resources":{"$patch":"delete"}}]}}', POD);
    expect(((out['spec'] as JsonMap)['containers'] as JsonMap[])[0]!['resources']).toEqual({});
  });

  it('answers malformed directives with upstream codes', () => {
    const cases: Array<[string, number, string]> = [
      ['{"metadata":{"$retainKeys":"x"}}', 400, 'invalid patch format of retainKeys'],
      ['{"metadata":{"$retainKeys":["name"],"labels":{"a":"b"}}}', 400, 'invalid patch format of retainKeys'],
      ['{"spec":{"$setElementOrderX/containers":[]}}', 400, 'invalid patch format of setElementOrder list'],
      ['{"metadata":{"$deleteFromPrimitiveListfinalizers":["a"]}}', 400, 'invalid patch format of primitive list'],
      ['{"spec":{"containers":[{"image":"x"}]}}', 500, 'map: map[image:x] does not contain declared merge key: name'],
      ['{"spec":{"containers":[{"name":"c","$patch":"frob"}]}}', 500, 'unknown patch type: frob in map: map[$patch:frob name:c]'],
      ['{"spec":{"$patch":"merge"}}', 500, 'unknown patch type: merge in map: map[$patch:merge]'],
      ['{"spec":{"containers":[{"name":"c","$patch":"merge"}]}}', 500, 'merging lists cannot yet be specified in the patch'],
      ['{"metadata":{"finalizers":[["a"]]}}', 500, 'list element types are not identical: [[example.com/a example.com/b] [[a]]]'],
      ['[1]', 400, 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
      ['{"a" 1}', 400, "invalid character '1' after object key"],
    ];
    for (const [body, code, message] of cases) {
      const err = thrown(() => applyStrategicMergePatch(pod(), body, POD));
      expect([body, err.code, err.message]).toEqual([body, code, message]);
    }
  });

  it('refuses lists of lists with 422', () => {
    const original = pod();
    (original['metadata'] as JsonMap)['finalizers'] = [];
    const err = thrown(() => applyStrategicMergePatch(original, '{"metadata":{"finalizers":[["a"]]}}', POD));
    expect([err.code, err.reason, err.message]).toEqual([422, 'Invalid', 'the server rejected our request due to an error in our request']);
  });

  it('does not modify its input', () => {
    const original = deployment();
    applyStrategicMergePatch(original, '{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"x"}]}}}}', DEPLOYMENT);
    expect(original).toEqual(deployment());
  });
});

describe('strategic merge patch against k8s.io/apimachinery strategicpatch (oracle)', () => {
  let oracle: Oracle | undefined;
  beforeAll(() => {
    oracle = Oracle.start();
  }, 600_000);
  afterAll(() => oracle?.stop());

  const cases: Array<[string, () => JsonMap, unknown]> = [
    ['apps/v1/Deployment', deployment, { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'c' }], containers: [{ name: 'c', image: 'y' }] } } } }],
    ['apps/v1/Deployment', deployment, { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'n1' }, { name: 'sidecar' }, { name: 'n2' }, { name: 'c' }], containers: [{ name: 'n1' }, { name: 'n2' }, { name: 'c', image: 'y' }] } } } }],
    ['apps/v1/Deployment', deployment, { spec: { template: { spec: { containers: [{ name: 'z' }, { name: 'c', env: [{ name: 'Z', value: 'z' }, { name: 'A', value: null }] }] } } } }],
    ['apps/v1/Deployment', deployment, { spec: { template: { spec: { containers: [{ name: 'c', env: [{ name: 'A', $patch: 'delete' }, { $patch: 'replace' }, { name: 'Q', value: 'q' }] }] } } } }],
    ['apps/v1/Deployment', deployment, { spec: { template: { spec: { volumes: [{ name: 'config', $retainKeys: ['name', 'secret'], secret: { secretName: 's' } }] } } } }],
    ['apps/v1/Deployment', deployment, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } }],
    ['apps/v1/Deployment', deployment, { spec: { template: { spec: { containers: [{ name: 'sidecar', args: ['a', 'b'], ports: [{ containerPort: 81, $patch: 'delete' }, { containerPort: 82 }] }] } } } }],
    ['apps/v1/Deployment', deployment, { spec: { template: { spec: { newThing: { a: null, b: [{ c: null }] }, containers: [{ name: 'new', env: null, $setElementOrder: 1 }] } } } }],
    ['apps/v1/Deployment', deployment, { metadata: { labels: { app: null, x: 'y' }, annotations: null }, spec: { replicas: null, paused: true } }],
    ['v1/Pod', pod, { metadata: { finalizers: ['example.com/z', 'example.com/a'], '$setElementOrder/finalizers': ['example.com/z', 'example.com/b', 'example.com/a'] } }],
    ['v1/Pod', pod, { metadata: { '$deleteFromPrimitiveList/finalizers': ['example.com/a'], finalizers: ['example.com/d'] } }],
    ['v1/Pod', pod, { metadata: { finalizers: ['example.com/b', 'example.com/a', 'example.com/b', 'example.com/e', 'example.com/f'] } }],
    ['v1/Pod', pod, { spec: { containers: [{ name: 'c', volumeMounts: [{ mountPath: '/other', name: 'x' }, { mountPath: '/data', readOnly: true }] }] } }],
    ['v1/Pod', pod, { spec: { tolerations: [{ key: 'a', operator: 'Exists' }], containers: [{ name: 'c', resources: { limits: { cpu: null, memory: '1Gi' }, requests: { cpu: '1' } } }] } }],
    ['v1/Pod', pod, { spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, protocol: 'UDP' }] }] } }],
    ['v1/Service', service, { spec: { ports: [{ port: 53, protocol: 'TCP', name: 'renamed' }, { port: 8080 }], '$setElementOrder/ports': [{ port: 8080 }, { port: 53 }, { port: 80 }] } }],
    ['v1/Service', service, { spec: { ports: [{ port: 80, $patch: 'delete' }], selector: { $patch: 'replace', app: 'other' } } }],
    ['v1/Service', service, { spec: { ports: [{ port: 53, $patch: 'delete' }], clusterIPs: ['10.0.0.1'] } }],
    ['v1/Service', service, { spec: { ports: [{ port: 9 }], '$setElementOrder/ports': [{ port: 9 }] } }],
    ['v1/Service', service, { spec: { ports: [{ port: 9 }], '$setElementOrder/ports': [{ port: 1 }] } }],
    ['v1/Service', service, { spec: { ports: [{ name: 'noport' }] } }],
    ['v1/Pod', pod, { metadata: { finalizers: [['x']] } }],
    ['v1/Pod', pod, { metadata: { finalizers: ['a', 1] } }],
    ['v1/Pod', pod, { metadata: { $retainKeys: ['name', 'labels'], labels: { x: 'y' } } }],
  ];

  it.each(cases.map(([gvk, fixture, patch]) => [`${gvk} ${JSON.stringify(patch)}`, gvk, fixture, patch] as const))(
    '%s',
    async (_name: string, gvk: string, fixture: () => JsonMap, patch: unknown) => {
      if (!oracle) return;
      const [apiVersion, kind] = [gvk.slice(0, gvk.lastIndexOf('/')), gvk.slice(gvk.lastIndexOf('/') + 1)];
      const body = JSON.stringify(patch);
      const want = await oracle.ask({ op: 'smp', apiVersion, kind, original: fixture(), patch: body });
      let got: { ok?: unknown; code?: number; error?: string };
      try {
        got = { ok: applyStrategicMergePatch(fixture(), body, schemaOf(apiVersion, kind)) };
      } catch (e) {
        if (!(e instanceof PatchError)) throw e;
        got = { code: e.code, error: e.message };
      }
      if (want.ok !== undefined) expect(got).toEqual({ ok: want.ok });
      else expect(got).toEqual({ code: want.code, error: want.error });
    },
  );
});
