// fieldValidation against the exact texts upstream reports: the request bodies and expected
// errors/warnings of kube-apiserver's integration test (test/integration/apiserver/
// field_validation_test.go), its conformance e2e test, and what kubectl prints.
import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';

import {
  applyFieldValidation,
  findFieldProblems,
  findPatchProblems,
  goQuote,
  parseFieldValidation,
  warningHeaderValue,
  WarningRecorder,
  type FieldValidationContext,
  type FieldValidationMode,
} from '../../../src/apiserver/fieldValidation/index.js';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  SchemaRegistry,
  type JsonMap,
} from '../../../src/patch/index.js';
import { StatusError } from '../../../src/registry/statusError.js';
import { allFixtures, deployment, pod } from './fixtures.js';

const invalidBodyJSON = `
	{
		"apiVersion": "apps/v1",
		"kind": "Deployment",
		"metadata": {
			"name": "dupename",
			"name": "test-deployment",
			"labels": {"app": "nginx"},
			"unknownMeta": "metaVal"
		},
		"spec": {
			"unknown1": "val1",
			"unknownDupe": "valDupe",
			"unknownDupe": "valDupe2",
			"paused": true,
			"paused": false,
			"selector": {
				"matchLabels": {
					"app": "nginx"
				}
			},
			"template": {
				"metadata": {
					"labels": {
						"app": "nginx"
					}
				},
				"spec": {
					"containers": [{
						"name":  "nginx",
						"image": "nginx:latest",
						"unknownNested": "val1",
						"imagePullPolicy": "Always",
						"imagePullPolicy": "Never"
					}]
				}
			}
		}
	}
		`;

const invalidBodyYAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dupename
  name: test-deployment
  unknownMeta: metaVal
  labels:
    app: nginx
spec:
  unknown1: val1
  unknownDupe: valDupe
  unknownDupe: valDupe2
  paused: true
  paused: false
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:latest
        unknownNested: val1
        imagePullPolicy: Always
        imagePullPolicy: Never`;

const applyInvalidBody = `{
		"apiVersion": "apps/v1",
		"kind": "Deployment",
		"metadata": {
			"name": "apply-create",
			"labels": {"app": "nginx"}
		},
		"spec": {
			"paused": false,
			"paused": true,
			"selector": {
				"matchLabels": {
					"app": "nginx"
				}
			},
			"template": {
				"metadata": {
					"labels": {
						"app": "nginx"
					}
				},
				"spec": {
					"containers": [{
						"name":  "nginx",
						"image": "nginx:latest",
						"imagePullPolicy": "Never",
						"imagePullPolicy": "Always"
					}]
				}
			}
		}
	}`;

const JSON_STRICT = `strict decoding error: duplicate field "metadata.name", unknown field "metadata.unknownMeta", unknown field "spec.unknown1", unknown field "spec.unknownDupe", duplicate field "spec.paused", unknown field "spec.template.spec.containers[0].unknownNested", duplicate field "spec.template.spec.containers[0].imagePullPolicy"`;
const JSON_WARNINGS = [
  `duplicate field "metadata.name"`,
  `unknown field "metadata.unknownMeta"`,
  `unknown field "spec.unknown1"`,
  `unknown field "spec.unknownDupe"`,
  `duplicate field "spec.paused"`,
  `unknown field "spec.template.spec.containers[0].unknownNested"`,
  `duplicate field "spec.template.spec.containers[0].imagePullPolicy"`,
];
const YAML_STRICT = `strict decoding error: yaml: unmarshal errors:
  line 5: key "name" already set in map
  line 12: key "unknownDupe" already set in map
  line 14: key "paused" already set in map
  line 28: key "imagePullPolicy" already set in map, unknown field "metadata.unknownMeta", unknown field "spec.template.spec.containers[0].unknownNested", unknown field "spec.unknown1", unknown field "spec.unknownDupe"`;
const YAML_WARNINGS = [
  `line 5: key "name" already set in map`,
  `line 12: key "unknownDupe" already set in map`,
  `line 14: key "paused" already set in map`,
  `line 28: key "imagePullPolicy" already set in map`,
  `unknown field "metadata.unknownMeta"`,
  `unknown field "spec.template.spec.containers[0].unknownNested"`,
  `unknown field "spec.unknown1"`,
  `unknown field "spec.unknownDupe"`,
];

/** Runs the directive and returns the warnings, or the Status a Strict failure throws. */
function outcome(mode: FieldValidationMode, problems: string[], context: FieldValidationContext): { warnings: string[] } | StatusError {
  try {
    return applyFieldValidation(mode, problems, context);
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
}

function strictError(problems: string[], context: FieldValidationContext): StatusError {
  const r = outcome('Strict', problems, context);
  if (!(r instanceof StatusError)) throw new Error(`no error: ${JSON.stringify(r)}`);
  return r;
}

const createContext: FieldValidationContext = { verb: 'create', kind: 'Deployment', version: 'v1' };

describe('create and update bodies', () => {
  it('reports unknown and duplicate fields of a JSON body in document order (post/put-strict-validation)', () => {
    const problems = findFieldProblems(Buffer.from(invalidBodyJSON), 'application/json', 'apps/v1', 'Deployment');
    expect(problems).toEqual(JSON_WARNINGS);
    for (const verb of ['create', 'update'] as const) {
      const err = strictError(problems, { verb, kind: 'Deployment', version: 'v1' });
      expect(err.status).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `Deployment in version "v1" cannot be handled as a Deployment: ${JSON_STRICT}`,
        reason: 'BadRequest',
        code: 400,
      });
    }
  });

  it('warns with one text per problem under Warn and when the directive is absent', () => {
    const problems = findFieldProblems(invalidBodyJSON, 'application/json', 'apps/v1', 'Deployment');
    expect(parseFieldValidation(undefined, 'create')).toBe('Warn');
    expect(parseFieldValidation('', 'update')).toBe('Warn');
    expect(outcome(parseFieldValidation('Warn', 'create'), problems, createContext)).toEqual({ warnings: JSON_WARNINGS });
    expect(outcome('Ignore', problems, createContext)).toEqual({ warnings: [] });
  });

  it('reports YAML duplicate keys by line, then unknown fields in key order (post-strict-validation-yaml)', () => {
    const problems = findFieldProblems(Buffer.from(invalidBodyYAML), 'application/yaml', 'apps/v1', 'Deployment');
    const err = strictError(problems, createContext);
    expect(err.status.message).toBe(`Deployment in version "v1" cannot be handled as a Deployment: ${YAML_STRICT}`);
    expect(outcome('Warn', problems, createContext)).toEqual({ warnings: YAML_WARNINGS });
    expect(outcome('Ignore', problems, createContext)).toEqual({ warnings: [] });
  });

  it('matches the conformance test and what kubectl prints', () => {
    const e2e = `{
		"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": {"name": "my-dep", "labels": {"app": "nginx"}},
		"spec": {"unknownField": "foo", "replicas": 2, "replicas": 3,
			"selector": {"matchLabels": {"app": "nginx"}},
			"template": {"metadata": {"labels": {"app": "nginx"}},
				"spec": {"containers": [{"name": "nginx", "image": "nginx:latest"}]}}}}`;
    expect(strictError(findFieldProblems(e2e, 'application/json', 'apps/v1', 'Deployment'), createContext).message).toContain(
      `strict decoding error: unknown field "spec.unknownField", duplicate field "spec.replicas"`,
    );
    const meta = `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"my-dep","unknownMeta":"foo"}}`;
    expect(findFieldProblems(meta, 'application/json', 'apps/v1', 'Deployment')).toEqual([`unknown field "metadata.unknownMeta"`]);
    // kubectl create -f x.yaml: Error from server (BadRequest): error when creating "x.yaml": <message>
    const kubectl = `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"},"spec":{"foo":1,"selector":{"matchLabels":{"a":"b"}}}}\n`;
    expect(strictError(findFieldProblems(kubectl, 'application/json', 'apps/v1', 'Deployment'), createContext).message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"',
    );
  });

  it('names nested list items by index', () => {
    const d = deployment();
    const containers = ((d.spec as JsonMap).template as JsonMap).spec as JsonMap;
    (containers.containers as JsonMap[]).push({ name: 'second', image: 'x', imagePullPolicyy: 'Always', ports: [{ containerPort: 1, bogus: 1 }] });
    expect(findFieldProblems(JSON.stringify(d), 'application/json', 'apps/v1', 'Deployment')).toEqual([
      'unknown field "spec.template.spec.containers[1].imagePullPolicyy"',
      'unknown field "spec.template.spec.containers[1].ports[0].bogus"',
    ]);
    const p = pod();
    ((p.spec as JsonMap).volumes as JsonMap[])[0]!.projected = { sources: [{ secret: { name: 's', itemz: [] } }] };
    ((p.status as JsonMap).containerStatuses as JsonMap[])[0]!.stat = {};
    expect(findFieldProblems(JSON.stringify(p), 'application/json', 'v1', 'Pod')).toEqual([
      'unknown field "spec.volumes[0].projected.sources[0].secret.itemz"',
      'unknown field "status.containerStatuses[0].stat"',
    ]);
  });

  it('reports nothing for objects as kubectl get -o json prints them, in JSON and in YAML', () => {
    for (const obj of allFixtures()) {
      const [apiVersion, kind] = [obj.apiVersion as string, obj.kind as string];
      expect([kind, findFieldProblems(JSON.stringify(obj, null, 2), 'application/json', apiVersion, kind)]).toEqual([kind, []]);
      expect([kind, findFieldProblems(stringify(obj), 'application/yaml; charset=utf-8', apiVersion, kind)]).toEqual([kind, []]);
    }
  });

  it('knows free-form maps and values with their own decoding, and empty structs', () => {
    const cm = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"x":"1","x":"2"},"annotations":{"any/thing":"v"}},"data":{"k":"1","k":"2"},"binaryData":{"b":"AA=="}}`;
    expect(findFieldProblems(cm, 'application/json', 'v1', 'ConfigMap')).toEqual([
      'duplicate field "metadata.labels.x"',
      'duplicate field "data.k"',
    ]);
    // RawExtension and FieldsV1 decode themselves: nothing inside them is checked
    const cr = `{"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"r","managedFields":[{"fieldsV1":{"f:a":{},"f:a":{}}}]},"data":{"x":1,"x":2},"revision":1}`;
    expect(findFieldProblems(cr, 'application/json', 'apps/v1', 'ControllerRevision')).toEqual([]);
    // CustomResourceSubresourceStatus is an empty struct: anything in it is unknown
    const crd = `{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"a.b"},"spec":{"versions":[{"name":"v1","subresources":{"status":{"x":1}},"schema":{"openAPIV3Schema":{"type":"object","x-bogus":1,"items":{"x-any":1}}}}]}}`;
    expect(findFieldProblems(crd, 'application/json', 'apiextensions.k8s.io/v1', 'CustomResourceDefinition')).toEqual([
      'unknown field "spec.versions[0].subresources.status.x"',
      'unknown field "spec.versions[0].schema.openAPIV3Schema.x-bogus"',
    ]);
  });

  it('quotes paths as Go does and reports each path once, at most 100', () => {
    const body = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"a\\"b":1,"é\\u2028\\u0001":1,"x":1,"x":2}}`;
    expect(findFieldProblems(body, 'application/json', 'v1', 'Pod')).toEqual([
      'unknown field "spec.a\\"b"',
      'unknown field "spec.é\\u2028\\x01"',
      'unknown field "spec.x"',
    ]);
    const many = `{"apiVersion":"v1","kind":"Pod","spec":{${Array.from({ length: 150 }, (_, i) => `"f${i}":1`).join(',')}}}`;
    expect(findFieldProblems(many, 'application/json', 'v1', 'Pod')).toHaveLength(100);
    expect(goQuote('tab\there\u00a0')).toBe('"tab\\there\\u00a0"');
  });

  it('has nothing to say about protobuf, unknown kinds, or bodies that do not parse', () => {
    expect(findFieldProblems(Buffer.from([0x6b, 0x38, 0x73, 0x00, 1, 2]), 'application/vnd.kubernetes.protobuf', 'v1', 'Pod')).toEqual([]);
    expect(findFieldProblems('{"spec":{"x":1,"x":2}}', 'application/json', 'example.com/v1', 'Widget')).toEqual(['duplicate field "spec.x"']);
    expect(findFieldProblems('{"spec":', 'application/json', 'v1', 'Pod')).toEqual([]);
    expect(findFieldProblems('a: [', 'application/yaml', 'v1', 'Pod')).toEqual([]);
  });
});

describe('the fieldValidation parameter', () => {
  it('accepts Strict, Warn and Ignore only, as written', () => {
    expect(parseFieldValidation('Strict', 'patch')).toBe('Strict');
    expect(parseFieldValidation(['Ignore', 'Strict'], 'patch')).toBe('Ignore');
    let err: unknown;
    try {
      parseFieldValidation('strict', 'create');
    } catch (e) {
      err = e;
    }
    expect((err as StatusError).status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"',
      reason: 'Invalid',
      details: {
        group: 'meta.k8s.io',
        kind: 'CreateOptions',
        causes: [{ reason: 'FieldValueNotSupported', message: 'Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"', field: 'fieldValidation' }],
      },
      code: 422,
    });
  });
});

// the integration test's deployment, created from validBodyJSON (as stored, defaulted)
function stored(): JsonMap {
  const d = deployment() as JsonMap;
  (d.metadata as JsonMap).name = 'test-deployment-patch';
  return d;
}

const mergePatchBody = `
{
	"spec": {
		"unknown1": "val1",
		"unknownDupe": "valDupe",
		"unknownDupe": "valDupe2",
		"paused": true,
		"paused": false,
		"template": {
			"spec": {
				"containers": [{
					"name": "nginx",
					"image": "nginx:latest",
					"unknownNested": "val1",
					"imagePullPolicy": "Always",
					"imagePullPolicy": "Never"
				}]
			}
		}
	}
}
	`;
const jsonPatchBody = `
			[
				{"op": "add", "path": "/spec/unknown1", "value": "val1", "foo":"bar"},
				{"op": "add", "path": "/spec/unknown2", "path": "/spec/unknown3", "value": "val1"},
				{"op": "add", "path": "/spec/unknownDupe", "value": "valDupe"},
				{"op": "add", "path": "/spec/unknownDupe", "value": "valDupe2"},
				{"op": "add", "path": "/spec/paused", "value": true},
				{"op": "add", "path": "/spec/paused", "value": false},
				{"op": "add", "path": "/spec/template/spec/containers/0/unknownNested", "value": "val1"},
				{"op": "add", "path": "/spec/template/spec/containers/0/imagePullPolicy", "value": "Always"},
				{"op": "add", "path": "/spec/template/spec/containers/0/imagePullPolicy", "value": "Never"}
			]
			`;
const smpBody = `
	{
		"spec": {
			"unknown1": "val1",
			"unknownDupe": "valDupe",
			"unknownDupe": "valDupe2",
			"paused": true,
			"paused": false,
			"selector": {
				"matchLabels": {
					"app": "web"
				}
			},
			"template": {
				"metadata": {
					"labels": {
						"app": "web"
					}
				},
				"spec": {
					"containers": [{
						"name": "nginx",
						"unknownNested": "val1",
						"imagePullPolicy": "Always",
						"imagePullPolicy": "Never"
					}]
				}
			}
		}
	}
	`;
const MERGE_WARNINGS = [
  `duplicate field "spec.unknownDupe"`,
  `duplicate field "spec.paused"`,
  `duplicate field "spec.template.spec.containers[0].imagePullPolicy"`,
  `unknown field "spec.template.spec.containers[0].unknownNested"`,
  `unknown field "spec.unknown1"`,
  `unknown field "spec.unknownDupe"`,
];

describe('patches', () => {
  const schema = SchemaRegistry.builtin().kind('apps/v1', 'Deployment')!.root;

  it('merge patch: the patch duplicates, then the patched object unknown fields in key order, as a 422', () => {
    const patched = applyMergePatch(stored(), mergePatchBody);
    const problems = findPatchProblems('application/merge-patch+json', mergePatchBody, patched, 'apps/v1', 'Deployment');
    expect(problems).toEqual(MERGE_WARNINGS);
    const context: FieldValidationContext = { verb: 'patch', patchType: 'application/merge-patch+json', body: mergePatchBody, patched };
    expect(outcome('Warn', problems, context)).toEqual({ warnings: MERGE_WARNINGS });
    const err = strictError(problems, context);
    const detail = `strict decoding error: ${MERGE_WARNINGS.join(', ')}`;
    expect(err.code).toBe(422);
    expect(err.status.reason).toBe('Invalid');
    expect(err.message.startsWith(' "" is invalid: patch: Invalid value: "{\\"apiVersion\\":\\"apps/v1\\",')).toBe(true);
    expect(err.message.endsWith(`": ${detail}`)).toBe(true);
    expect(err.status.details).toEqual({ causes: [{ reason: 'FieldValueInvalid', message: err.message.slice(' "" is invalid: patch: '.length), field: 'patch' }] });
  });

  it('merge patch without unknown fields still reports its duplicates (nonconflicting-merge-patch)', () => {
    const body = `{"spec": {"paused": true, "paused": false, "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:latest", "imagePullPolicy": "Always", "imagePullPolicy": "Never"}]}}}}`;
    const problems = findPatchProblems('application/merge-patch+json', body, applyMergePatch(stored(), body), 'apps/v1', 'Deployment');
    expect(problems).toEqual([`duplicate field "spec.paused"`, `duplicate field "spec.template.spec.containers[0].imagePullPolicy"`]);
  });

  it('json patch: the operations own problems, then the patched object unknown fields', () => {
    const { object } = applyJsonPatch(stored(), jsonPatchBody, { fieldValidation: 'Strict' });
    const problems = findPatchProblems('application/json-patch+json', jsonPatchBody, object, 'apps/v1', 'Deployment');
    expect(problems).toEqual([
      `json patch unknown field "[0].foo"`,
      `json patch duplicate field "[1].path"`,
      `unknown field "spec.template.spec.containers[0].unknownNested"`,
      `unknown field "spec.unknown1"`,
      `unknown field "spec.unknown3"`,
      `unknown field "spec.unknownDupe"`,
    ]);
    const err = strictError(problems, { verb: 'patch', patchType: 'application/json-patch+json', body: jsonPatchBody, patched: object });
    expect(err.message).toMatch(
      /^ "" is invalid: patch: Invalid value: ".*": strict decoding error: json patch unknown field "\[0\]\.foo", json patch duplicate field "\[1\]\.path", unknown field "spec\.template\.spec\.containers\[0\]\.unknownNested", unknown field "spec\.unknown1", unknown field "spec\.unknown3", unknown field "spec\.unknownDupe"$/,
    );
  });

  it('strategic merge patch: duplicates, then unknown fields sorted; the 422 prints the patch as a Go map', () => {
    const patchMap = JSON.parse(smpBody) as JsonMap;
    const patched = applyStrategicMergePatch(stored(), smpBody, schema);
    const problems = findPatchProblems('application/strategic-merge-patch+json', smpBody, patched, 'apps/v1', 'Deployment');
    expect(problems).toEqual(MERGE_WARNINGS);
    const err = strictError(problems, { verb: 'patch', patchType: 'application/strategic-merge-patch+json', body: smpBody, patchMap });
    expect(err.message).toBe(
      ` "" is invalid: patch: Invalid value: "map[spec:map[paused:false selector:map[matchLabels:map[app:web]] template:map[metadata:map[labels:map[app:web]] spec:map[containers:[map[imagePullPolicy:Never name:nginx unknownNested:val1]]]] unknown1:val1 unknownDupe:valDupe2]]": strict decoding error: ${MERGE_WARNINGS.join(', ')}`,
    );
  });

  it('strategic merge patch unknown fields are worded as the unstructured converter does', () => {
    // its paths leave out the keys of map entries (JSONSchemaProps.properties is a map) and are not Go-quoted
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'w.example.com' },
      spec: { versions: [{ name: 'v1', schema: { openAPIV3Schema: { properties: { size: { type: 'integer', bogus: 1 } } } } }], 'é x': 1 },
    };
    expect(findPatchProblems('application/strategic-merge-patch+json', '{}', crd, 'apiextensions.k8s.io/v1', 'CustomResourceDefinition')).toEqual([
      'unknown field "spec.versions[0].schema.openAPIV3Schema.properties.bogus"',
      'unknown field "spec.é x"',
    ]);
  });

  it('apply: YAML duplicate keys by line; 400 under Strict, one warning per line under Warn', () => {
    const problems = findPatchProblems('application/apply-patch+yaml', applyInvalidBody, undefined, 'apps/v1', 'Deployment');
    const context: FieldValidationContext = { verb: 'patch', patchType: 'application/apply-patch+yaml', body: applyInvalidBody };
    expect(strictError(problems, context).status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:
  line 10: key "paused" already set in map
  line 27: key "imagePullPolicy" already set in map`,
      reason: 'BadRequest',
      code: 400,
    });
    expect(outcome('Warn', problems, context)).toEqual({
      warnings: [`line 10: key "paused" already set in map`, `line 27: key "imagePullPolicy" already set in map`],
    });
  });
});

describe('Warning headers', () => {
  it('formats texts as upstream: code 299, agent -, quotes and backslashes escaped', () => {
    expect(warningHeaderValue('unknown field "spec.foo"')).toBe('299 - "unknown field \\"spec.foo\\""');
    expect(warningHeaderValue('unknown field "spec.a\\"b"')).toBe('299 - "unknown field \\"spec.a\\\\\\"b\\""');
    expect(warningHeaderValue('Iñtërnâtiô')).toBe('299 - "Iñtërnâtiô"');
    expect(warningHeaderValue('two\nlines')).toBeUndefined();
  });

  it('dedupes, then truncates every warning to 256 runes past 4096 runes in all', () => {
    const r = new WarningRecorder();
    r.add('a');
    r.add('a');
    r.add('b');
    expect(r.headerValues()).toEqual(['299 - "a"', '299 - "b"']);
    const long = (c: string): string => c.repeat(1500);
    const t = new WarningRecorder();
    t.add(long('x'));
    t.add(long('y'));
    expect(t.headerValues()).toHaveLength(2);
    t.add(long('z')); // 4500 runes: truncation starts, the earlier ones are cut too
    expect(t.headerValues()).toEqual([`299 - "${'x'.repeat(256)}"`, `299 - "${'y'.repeat(256)}"`, `299 - "${'z'.repeat(256)}"`]);
    for (let i = 0; i < 20; i++) t.add(`${i}${long('w')}`);
    // 256 runes each until 4096 are written, then nothing more
    expect(t.headerValues()).toHaveLength(16);
  });
});
