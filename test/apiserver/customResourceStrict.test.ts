// fieldValidation for custom resources: Strict refuses the fields pruning would drop (and
// unknown metadata fields, and duplicates) with upstream's strict decoding errors, Warn sends them
// as Warning headers, Ignore prunes silently. The bodies and expected texts are those of
// upstream's field validation integration test; kubectl 1.27 and 1.33 send Strict by default.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kubectl } from '../helpers/kubectl.js';
import { RawClient, type RawResponse } from '../helpers/rawClient.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';

let server: TestApiServer;
let raw: RawClient;
const dir = mkdtempSync(join(tmpdir(), 'kubets-crd-strict-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const definition = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: noxus.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: noxus, kind: Noxu}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              knownField1: {type: string}
              ports:
                type: array
                items:
                  type: object
                  properties:
                    name: {type: string}
                    containerPort: {type: integer}
                    protocol: {type: string}
                    hostPort: {type: integer}
              embeddedObj:
                type: object
                x-kubernetes-embedded-resource: true
                properties:
                  apiVersion: {type: string}
                  kind: {type: string}
                  metadata: {type: object}
`;

const invalidBody = (name: string) => `{
  "apiVersion": "example.com/v1",
  "kind": "Noxu",
  "metadata": {
    "name": "dupename",
    "name": "${name}",
    "unknownMeta": "metaVal"
  },
  "spec": {
    "unknown1": "val1",
    "unknownDupe": "valDupe",
    "unknownDupe": "valDupe2",
    "knownField1": "val1",
    "knownField1": "val2",
    "ports": [{
      "name": "portName",
      "containerPort": 8080,
      "protocol": "TCP",
      "hostPort": 8081,
      "hostPort": 8082,
      "unknownNested": "val"
    }],
    "embeddedObj": {
      "apiVersion": "v1",
      "kind": "ConfigMap",
      "metadata": {"name": "my-cm", "namespace": "my-ns", "unknownEmbeddedMeta": "foo"}
    }
  }
}`;

const invalidYaml = (name: string) => `apiVersion: example.com/v1
kind: Noxu
metadata:
  name: dupename
  name: ${name}
  unknownMeta: metaVal
spec:
  unknown1: val1
  unknownDupe: valDupe
  unknownDupe: valDupe2
  knownField1: val1
  knownField1: val2
  ports:
  - name: portName
    containerPort: 8080
    protocol: TCP
    hostPort: 8081
    hostPort: 8082
    unknownNested: val
  embeddedObj:
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: my-cm, namespace: my-ns, unknownEmbeddedMeta: foo}
`;

const DUPLICATES = ['duplicate field "metadata.name"', 'duplicate field "spec.unknownDupe"', 'duplicate field "spec.knownField1"', 'duplicate field "spec.ports[0].hostPort"'];
const YAML_DUPLICATES = ['line 5: key "name" already set in map', 'line 10: key "unknownDupe" already set in map', 'line 12: key "knownField1" already set in map', 'line 18: key "hostPort" already set in map'];
const UNKNOWN = ['unknown field "metadata.unknownMeta"', 'unknown field "spec.ports[0].unknownNested"', 'unknown field "spec.unknown1"', 'unknown field "spec.unknownDupe"',
  'unknown field "spec.embeddedObj.metadata.unknownEmbeddedMeta"'];
const STORED_SPEC = {
  knownField1: 'val2',
  ports: [{ name: 'portName', containerPort: 8080, protocol: 'TCP', hostPort: 8082 }],
  embeddedObj: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'my-cm', namespace: 'my-ns' } },
};

const BASE = '/apis/example.com/v1/namespaces/default/noxus';
const warnings = (res: RawResponse): string[] => {
  const header = res.headers.warning;
  const values = header === undefined ? [] : Array.isArray(header) ? header : header.split(/, (?=299 )/);
  return values.map((v) => JSON.parse(v.replace(/^299 - /, '')) as string);
};

beforeAll(async () => {
  server = await startTestApiServer();
  raw = new RawClient(server.url, server.dataDir);
  const k = new Kubectl('1.33', server.kubeconfig);
  await k.ok(['apply', '-f', file('crd.yaml', definition)]);
  await k.ok(['wait', '--for', 'condition=established', '--timeout=10s', 'crd/noxus.example.com']);
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server);
});

describe.each([
  ['JSON', 'application/json', invalidBody, DUPLICATES],
  ['YAML', 'application/yaml', invalidYaml, YAML_DUPLICATES],
])('create and update with a %s body', (_name, contentType, body, duplicates) => {
  const n = contentType.endsWith('yaml') ? 'yaml' : 'json';
  const headers = { 'Content-Type': contentType };

  test('Strict refuses with every problem, duplicates first', async () => {
    const res = await raw.send('POST', `${BASE}?fieldValidation=Strict`, body(`strict-${n}`), headers);
    expect(res.status).toBe(400);
    const problems = n === 'json' ? duplicates : [`yaml: unmarshal errors:\n  ${duplicates.join('\n  ')}`];
    expect(res.json()).toMatchObject({ reason: 'BadRequest', code: 400 });
    expect(res.json().message).toBe(`Noxu in version "v1" cannot be handled as a Noxu: strict decoding error: ${[...problems, ...UNKNOWN].join(', ')}`);
  });

  test.each([['Warn'], ['']])('%s (or no directive) creates the pruned object and warns of each problem', async (mode) => {
    const res = await raw.send('POST', `${BASE}${mode ? `?fieldValidation=${mode}` : ''}`, body(`warn${mode.toLowerCase()}-${n}`), headers);
    expect(res.status).toBe(201);
    expect(warnings(res)).toEqual([...duplicates, ...UNKNOWN]);
    expect(res.json().spec).toEqual(STORED_SPEC);
    expect(res.json<{ metadata: Record<string, unknown> }>().metadata.unknownMeta).toBeUndefined();
  });

  test('Ignore creates the pruned object silently, and an update is judged the same way', async () => {
    const res = await raw.send('POST', `${BASE}?fieldValidation=Ignore`, body(`ignore-${n}`), headers);
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBeUndefined();
    expect(res.json<{ spec: Record<string, unknown> }>().spec.unknown1).toBeUndefined();
    const put = await raw.send('PUT', `${BASE}/ignore-${n}?fieldValidation=Strict`, body(`ignore-${n}`), headers);
    expect(put.status).toBe(400);
    expect(put.json().message).toContain('strict decoding error: ');
    expect(put.json().message).toContain(UNKNOWN.join(', '));
  });
});

describe('patches', () => {
  const mergePatch = `{"spec": {"unknown1": "val1", "unknownDupe": "valDupe", "unknownDupe": "valDupe2", "knownField1": "val1", "knownField1": "val2",
    "ports": [{"name": "portName", "containerPort": 8080, "protocol": "TCP", "hostPort": 8081, "hostPort": 8082, "unknownNested": "val"}]}}`;
  const jsonPatch = JSON.stringify([
    { op: 'add', path: '/spec/unknown1', value: 'val1' },
    { op: 'add', path: '/spec/knownField1', value: 'val1' },
    { op: 'add', path: '/spec/ports', value: [{ name: 'portName', unknownNested: 'val' }] },
  ]).replace('"value":"val1"}', '"value":"val1","foo":"bar"}');

  beforeAll(async () => {
    const res = await raw.send('POST', BASE, JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Noxu', metadata: { name: 'patched' }, spec: { knownField1: 'x' } }), { 'Content-Type': 'application/json' });
    expect(res.status).toBe(201);
  });

  test('a Strict merge patch is refused with upstream\'s problems', async () => {
    const res = await raw.send('PATCH', `${BASE}/patched?fieldValidation=Strict`, mergePatch, { 'Content-Type': 'application/merge-patch+json' });
    expect(res.status).toBe(422);
    expect(res.json().message).toMatch(/^ "" is invalid: patch: Invalid value: ".*": strict decoding error: duplicate field "spec.unknownDupe", duplicate field "spec.knownField1", duplicate field "spec.ports\[0\].hostPort", unknown field "spec.ports\[0\].unknownNested", unknown field "spec.unknown1", unknown field "spec.unknownDupe"$/s);
  });

  test('a Warn merge patch applies pruned and warns', async () => {
    const res = await raw.send('PATCH', `${BASE}/patched?fieldValidation=Warn`, mergePatch, { 'Content-Type': 'application/merge-patch+json' });
    expect(res.status).toBe(200);
    expect(warnings(res)).toEqual(['duplicate field "spec.unknownDupe"', 'duplicate field "spec.knownField1"', 'duplicate field "spec.ports[0].hostPort"',
      'unknown field "spec.ports[0].unknownNested"', 'unknown field "spec.unknown1"', 'unknown field "spec.unknownDupe"']);
    expect(res.json().spec).toEqual({ knownField1: 'val2', ports: [{ name: 'portName', containerPort: 8080, protocol: 'TCP', hostPort: 8082 }] });
  });

  test('a Strict JSON patch lists the operations\' problems, then the object\'s', async () => {
    const res = await raw.send('PATCH', `${BASE}/patched?fieldValidation=Strict`, jsonPatch, { 'Content-Type': 'application/json-patch+json' });
    expect(res.status).toBe(422);
    expect(res.json().message).toMatch(/strict decoding error: json patch unknown field "\[0\].foo", unknown field "spec.ports\[0\].unknownNested", unknown field "spec.unknown1"$/);
  });
});

describe('server-side apply of a body with duplicate keys', () => {
  const applyBody = (name: string) => `apiVersion: example.com/v1
kind: Noxu
metadata:
  name: ${name}
spec:
  knownField1: val1
  knownField1: val2
  ports:
  - name: portName
    containerPort: 8080
    protocol: TCP
    hostPort: 8081
    hostPort: 8082
`;
  const LINES = ['line 7: key "knownField1" already set in map', 'line 13: key "hostPort" already set in map'];
  const apply = (name: string, mode: string) => raw.send('PATCH', `${BASE}/${name}?fieldManager=mgr${mode ? `&fieldValidation=${mode}` : ''}`, applyBody(name), { 'Content-Type': 'application/apply-patch+yaml' });

  test('Strict refuses them', async () => {
    const res = await apply('apply-strict', 'Strict');
    expect(res.status).toBe(400);
    expect(res.json().message).toBe(`error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  ${LINES.join('\n  ')}`);
  });

  test.each([['Warn'], ['']])('%s (or no directive) applies the last value of each and warns of each', async (mode) => {
    const res = await apply(`apply-warn${mode.toLowerCase()}`, mode);
    expect(res.status).toBe(201);
    expect(warnings(res)).toEqual(LINES);
    expect(res.json().spec).toEqual({ knownField1: 'val2', ports: [{ name: 'portName', containerPort: 8080, protocol: 'TCP', hostPort: 8082 }] });
  });

  test('Ignore applies them silently, on create and on update', async () => {
    for (const status of [201, 200]) {
      const res = await apply('apply-ignore', 'Ignore');
      expect(res.status).toBe(status);
      expect(res.headers.warning).toBeUndefined();
    }
  });
});

test('a definition without a status subresource serves no /status', async () => {
  const res = await raw.send('GET', `${BASE}/patched/status`);
  expect(res.status).toBe(404);
  expect(res.json()).toMatchObject({ reason: 'NotFound', message: 'the server could not find the requested resource' });
});

describe.each(['1.27', '1.33'] as const)('kubectl %s', (version) => {
  const n = version.replace('.', '');
  let k: Kubectl;
  const manifest = (name: string, spec: string) => file(`${name}.yaml`, `apiVersion: example.com/v1\nkind: Noxu\nmetadata: {name: ${name}}\nspec: ${spec}\n`);

  beforeAll(() => {
    k = new Kubectl(version, server.kubeconfig);
  });

  test('apply of an object with an unknown field fails with the server\'s strict decoding error', async () => {
    const path = manifest(`apply${n}`, '{knownField1: a, foo: 1}');
    const result = await k.run(['apply', '-f', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`Error from server (BadRequest): error when creating "${path}": Noxu in version "v1" cannot be handled as a Noxu: strict decoding error: unknown field "spec.foo"\n`);
  });

  test('apply --validate=false prunes the unknown field; --validate=warn warns of it', async () => {
    const path = manifest(`loose${n}`, '{knownField1: a, foo: 1}');
    await k.ok(['apply', '--validate=false', '-f', path]);
    expect(JSON.parse(await k.ok(['get', 'noxu', `loose${n}`, '-o', 'json'])).spec).toEqual({ knownField1: 'a' });
    const warned = manifest(`warned${n}`, '{knownField1: a, bar: 1}');
    const result = await k.run(['create', '--validate=warn', '-f', warned]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('Warning: unknown field "spec.bar"\n');
  });

  test('server-side apply of an unknown field fails as upstream\'s field manager does, whatever the directive', async () => {
    const path = manifest(`ssa${n}`, '{knownField1: a, foo: 1}');
    for (const validate of ['--validate=strict', '--validate=false']) {
      const result = await k.run(['apply', '--server-side', validate, '-f', path]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`Error from server: failed to create typed patch object (default/ssa${n}; example.com/v1, Kind=Noxu): .spec.foo: field not declared in schema\n`);
    }
    await k.ok(['apply', '--server-side', '-f', manifest(`ssa${n}`, '{knownField1: a, ports: [{name: http}]}')]);
    expect(JSON.parse(await k.ok(['get', 'noxu', `ssa${n}`, '-o', 'json'])).spec).toEqual({ knownField1: 'a', ports: [{ name: 'http' }] });
  });

  test('apply of a change with an unknown field to an existing object fails too', async () => {
    const path = manifest(`loose${n}`, '{knownField1: b, baz: 1}');
    const result = await k.run(['apply', '-f', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('strict decoding error: unknown field "spec.baz"');
  });
});
