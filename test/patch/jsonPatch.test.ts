import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { applyJsonPatch, applyMergePatch, PatchError, type JsonMap } from '../../src/patch/index.js';
import { deployment, pod } from './fixtures.js';
import { Oracle } from './oracle.js';

function thrown(fn: () => unknown): PatchError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PatchError) return e;
    throw e;
  }
  throw new Error('expected a PatchError');
}

describe('application/json-patch+json', () => {
  it('applies what kubectl patch --type=json sends', () => {
    const out = applyJsonPatch(deployment(), '[{"op":"replace","path":"/spec/replicas","value":2}]').object;
    expect((out['spec'] as JsonMap)['replicas']).toBe(2);
  });

  it('applies the rollout undo patch (template and annotations replaced)', () => {
    const body =
      '[{"op":"replace","path":"/spec/template","value":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx:1","resources":{}}]}}},{"op":"replace","path":"/metadata/annotations","value":{"deployment.kubernetes.io/revision":"2"}}]';
    const out = applyJsonPatch(deployment(), body).object;
    expect((out['metadata'] as JsonMap)['annotations']).toEqual({ 'deployment.kubernetes.io/revision': '2' });
    expect(((out['spec'] as JsonMap)['template'] as JsonMap)['spec']).toEqual({
      containers: [{ name: 'c', image: 'nginx:1', resources: {} }],
    });
  });

  it('does not modify its input', () => {
    const original = deployment();
    applyJsonPatch(original, '[{"op":"remove","path":"/spec/replicas"}]');
    expect(original).toEqual(deployment());
  });

  it('supports add/remove/move/copy/test and list indexes', () => {
    const body = JSON.stringify([
      { op: 'add', path: '/metadata/finalizers/-', value: 'example.com/c' },
      { op: 'add', path: '/metadata/finalizers/0', value: 'example.com/first' },
      { op: 'remove', path: '/metadata/finalizers/1' },
      { op: 'test', path: '/metadata/finalizers/-1', value: 'example.com/c' },
      { op: 'copy', from: '/metadata/labels/app', path: '/metadata/labels/copy' },
      { op: 'move', from: '/metadata/labels/copy', path: '/metadata/annotations' },
      { op: 'add', path: '/metadata/labels/a~1b', value: 'slash' },
    ]);
    const meta = applyJsonPatch(pod(), body).object['metadata'] as JsonMap;
    expect(meta['finalizers']).toEqual(['example.com/first', 'example.com/b', 'example.com/c']);
    expect(meta['annotations']).toBe('web');
    expect(meta['labels']).toEqual({ app: 'web', 'a/b': 'slash' });
  });

  it('keeps evanphx/json-patch v4 quirks: replace of a missing key adds it', () => {
    const out = applyJsonPatch(pod(), '[{"op":"replace","path":"/spec/hostname","value":"h"}]').object;
    expect((out['spec'] as JsonMap)['hostname']).toBe('h');
  });

  it('answers a failed test with 422 Invalid and the generic message', () => {
    const err = thrown(() => applyJsonPatch(deployment(), '[{"op":"test","path":"/spec/replicas","value":5}]'));
    expect(err.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server rejected our request due to an error in our request',
      reason: 'Invalid',
      details: {},
      code: 422,
    });
  });

  it('answers a missing path or a bad index with 422', () => {
    for (const op of [
      { op: 'remove', path: '/spec/nothing' },
      { op: 'add', path: '/spec/missing/deeper', value: 1 },
      { op: 'replace', path: '/metadata/finalizers/7', value: 'x' },
      { op: 'add', path: '/metadata/finalizers/x', value: 'x' },
      { op: 'frobnicate', path: '/spec' },
    ]) {
      expect(thrown(() => applyJsonPatch(pod(), JSON.stringify([op]))).code).toBe(422);
    }
  });

  it('answers a body that is not a JSON patch with 400 and Go decoding text', () => {
    let err = thrown(() => applyJsonPatch(pod(), '{"op":"add"}'));
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.message).toBe('error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp');
    err = thrown(() => applyJsonPatch(pod(), '{"op":"add"}', { fieldValidation: 'Ignore' }));
    expect(err.message).toBe('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    err = thrown(() => applyJsonPatch(pod(), '[{"op":"add",}]'));
    expect(err.message).toBe("error decoding patch: invalid character '}' looking for beginning of object key string");
    err = thrown(() => applyJsonPatch(pod(), '[{"op":5,"path":"/a"}]'));
    expect(err.message).toBe(
      'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string',
    );
    err = thrown(() => applyJsonPatch(pod(), '[{"op":"add"'));
    expect(err.message).toBe('error decoding patch: unexpected end of JSON input');
  });

  it('reports unknown operation fields as warnings', () => {
    const { warnings } = applyJsonPatch(pod(), '[{"op":"add","path":"/metadata/labels/x","value":"y","extra":1}]');
    expect(warnings).toEqual(['json patch unknown field "extra"']);
  });

  it('limits the number of operations', () => {
    const ops = JSON.stringify(Array.from({ length: 10001 }, () => ({ op: 'test', path: '/kind', value: 'Pod' })));
    const err = thrown(() => applyJsonPatch(pod(), ops));
    expect(err.code).toBe(413);
    expect(err.message).toBe(
      'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    );
  });
});

describe('application/merge-patch+json', () => {
  it('applies what kubectl label/annotate/scale send', () => {
    const out = applyMergePatch(pod(), '{"metadata":{"labels":{"a":"b"}}}');
    expect((out['metadata'] as JsonMap)['labels']).toEqual({ app: 'web', a: 'b' });
  });

  it('deletes keys with null, replaces lists and prunes nulls in new values', () => {
    const out = applyMergePatch(
      deployment(),
      JSON.stringify({
        metadata: { labels: null, annotations: { new: 'x', 'deployment.kubernetes.io/revision': null } },
        spec: { template: { spec: { tolerations: [{ key: 'k', operator: 'Exists', value: null }], hostname: { a: null, b: 1 } } } },
      }),
    );
    const meta = out['metadata'] as JsonMap;
    expect(meta['labels']).toBeUndefined();
    expect(meta['annotations']).toEqual({ new: 'x' });
    const spec = ((out['spec'] as JsonMap)['template'] as JsonMap)['spec'] as JsonMap;
    expect(spec['tolerations']).toEqual([{ key: 'k', operator: 'Exists' }]);
    expect(spec['hostname']).toEqual({ b: 1 });
  });

  it('answers a body that is not an object with 400', () => {
    expect(thrown(() => applyMergePatch(pod(), 'null')).message).toBe('Invalid JSON Patch');
    expect(thrown(() => applyMergePatch(pod(), '[1]')).message).toBe(
      'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
    expect(thrown(() => applyMergePatch(pod(), '{"a":', { fieldValidation: 'Ignore' })).message).toBe('Invalid JSON Patch');
    expect(thrown(() => applyMergePatch(pod(), '"x"', { fieldValidation: 'Ignore' })).code).toBe(400);
  });
});

describe('JSON and merge patches against evanphx/json-patch v4 (oracle)', () => {
  let oracle: Oracle | undefined;
  beforeAll(() => {
    oracle = Oracle.start();
  }, 600_000);
  afterAll(() => oracle?.stop());

  const jsonCases: unknown[][] = [
    [{ op: 'replace', path: '/spec/replicas', value: 3 }],
    [{ op: 'add', path: '/spec/template/spec/containers/-1', value: { name: 'x' } }],
    [{ op: 'add', path: '/spec/template/spec/containers/-3', value: { name: 'x' } }],
    [{ op: 'add', path: '/spec/template/spec/containers/2', value: { name: 'x' } }],
    [{ op: 'add', path: '/spec/template/spec/containers/3', value: { name: 'x' } }],
    [{ op: 'remove', path: '/spec/template/spec/containers/-1' }],
    [{ op: 'remove', path: '/spec/template/spec/containers/-3' }],
    [{ op: 'replace', path: '/spec/template/spec/containers/-2/image', value: 'x' }],
    [{ op: 'replace', path: '', value: { a: 1 } }],
    [{ op: 'replace', path: '', value: 5 }],
    [{ op: 'replace', path: '/spec/paused', value: true }],
    [{ op: 'test', path: '/spec/paused', value: null }],
    [{ op: 'test', path: '/spec/template/metadata/creationTimestamp', value: null }],
    [{ op: 'test', path: '/spec/template/metadata/labels', value: { app: 'web' } }],
    [{ op: 'test', path: '/spec/template/metadata/labels', value: { app: 'web', x: 'y' } }],
    [{ op: 'copy', from: '/spec/nothing', path: '/spec/copied' }],
    [{ op: 'move', from: '/spec/nothing', path: '/spec/copied' }],
    [{ op: 'move', from: '/metadata/labels', path: '/spec/labels' }],
    [{ op: 'add', path: '/spec/template/metadata/creationTimestamp/x', value: 1 }],
    [{ op: 'add', path: '/spec/replicas/x', value: 1 }],
    [{ op: 'remove', path: '/spec/template/spec/containers/01' }],
    [{ op: 'remove', path: '/spec/template/spec/containers/+1' }],
    [{ op: 'add', path: '/', value: 1 }],
    [{ op: 'add', path: '', value: 1 }],
    [{ op: 'add', path: '/metadata/labels/~0x~1y', value: 'z' }],
    [{ path: '/spec' }],
    [{ op: 'add', value: 1 }],
    [{ op: 'add', path: '/spec/template/spec/containers/x', value: 1 }],
  ];

  it.each(jsonCases.map((c) => [JSON.stringify(c), c]))('json patch %s', async (_name, ops) => {
    if (!oracle) throw new Error('the upstream oracle could not be built (it needs Go and the Go module proxy)');
    const patch = JSON.stringify(ops);
    const want = await oracle.ask({ op: 'jsonpatch', original: deployment(), patch });
    let got: { ok?: unknown; code?: number };
    try {
      got = { ok: applyJsonPatch(deployment(), patch, { fieldValidation: 'Ignore' }).object };
    } catch (e) {
      if (!(e instanceof PatchError)) throw e;
      got = { code: e.code };
    }
    if (want.ok !== undefined) expect(got).toEqual({ ok: want.ok });
    else expect(got.code).toBe(want.code);
  });

  const mergeCases: unknown[] = [
    { spec: { replicas: 2 } },
    { spec: { template: { spec: { containers: [{ name: 'z', env: null, args: [null, 'a'] }] } } } },
    { spec: { selector: null, strategy: { rollingUpdate: { maxSurge: null, new: { a: null } } } } },
    { metadata: { labels: 'flat' } },
    { spec: { template: { metadata: { creationTimestamp: { a: null, b: 2 } } } } },
    { spec: { replicas: { a: null } } },
    { status: [{ a: null }] },
  ];

  it.each(mergeCases.map((c) => [JSON.stringify(c), c]))('merge patch %s', async (_name, body) => {
    if (!oracle) throw new Error('the upstream oracle could not be built (it needs Go and the Go module proxy)');
    const patch = JSON.stringify(body);
    const want = await oracle.ask({ op: 'mergepatch', original: deployment(), patch });
    expect(applyMergePatch(deployment(), patch)).toEqual(want.ok);
  });
});
