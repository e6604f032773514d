// The gnostic protobuf form of /openapi/v2: built from swagger JSON, read back with the same
// descriptor, and (for the pinned upstream document) equal byte for byte to what gnostic's own
// Go code produces.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import protobuf from 'protobufjs';
import type { Type } from 'protobufjs';

import { kubetsRoot, readGeneratedJson } from '../../../src/api/index.js';
import { encodeGnosticDocument } from '../../../src/apiserver/openapi/index.js';

type Decoded = { [key: string]: unknown };

const root = protobuf.Root.fromJSON(readGeneratedJson('proto/openapiv2.json'));
const documentType = root.lookupType('openapi.v2.Document') as Type;

function decode(bytes: Uint8Array): Decoded {
  return documentType.toObject(documentType.decode(bytes), { defaults: false, longs: Number }) as Decoded;
}

function named<T = Decoded>(entries: unknown, name: string): T {
  const found = (entries as { name: string; value: T }[]).find((e) => e.name === name);
  if (!found) throw new Error(`no entry ${name}`);
  return found.value;
}

function extensions(schema: Decoded): Record<string, string> {
  const result: Record<string, string> = {};
  for (const e of (schema.vendor_extension ?? []) as { name: string; value: { yaml: string } }[]) result[e.name] = e.value.yaml;
  return result;
}

describe('encodeGnosticDocument', () => {
  const swagger = {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: {
      '/api/v1/namespaces/{namespace}/pods/{name}': {
        parameters: [
          { $ref: '#/parameters/namespace' },
          { name: 'name', in: 'path', required: true, type: 'string', uniqueItems: true },
        ],
        patch: {
          consumes: ['application/json-patch+json'],
          operationId: 'patchCoreV1NamespacedPod',
          parameters: [{ in: 'body', name: 'body', required: true, schema: { type: 'object' } }],
          responses: { '200': { description: 'OK', schema: { $ref: '#/definitions/Pod' } }, '401': { description: 'Unauthorized' } },
          'x-kubernetes-action': 'patch',
          'x-kubernetes-group-version-kind': { group: '', kind: 'Pod', version: 'v1' },
        },
      },
    },
    parameters: { namespace: { in: 'path', name: 'namespace', required: true, type: 'string', uniqueItems: true } },
    definitions: {
      Pod: {
        description: 'A pod.',
        type: 'object',
        required: ['spec'],
        properties: {
          containers: {
            type: 'array',
            items: { $ref: '#/definitions/Container' },
            'x-kubernetes-patch-merge-key': 'name',
            'x-kubernetes-patch-strategy': 'merge',
            'x-kubernetes-list-map-keys': ['name'],
            'x-kubernetes-list-type': 'map',
          },
          labels: { type: 'object', additionalProperties: { type: 'string', default: '' } },
          phase: { type: 'string', enum: ['Pending', 'Running'] },
          replicas: { type: 'integer', format: 'int32', minimum: 0, maxLength: 5 },
          open: { type: 'object', additionalProperties: false },
        },
        'x-kubernetes-group-version-kind': [{ group: '', kind: 'Pod', version: 'v1' }],
      },
      Container: { type: 'object', properties: { name: { type: 'string' } } },
    },
    security: [{ BearerToken: [] }],
    securityDefinitions: { BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' } },
  };

  it('maps schemas, references, extensions and defaults', () => {
    const doc = decode(encodeGnosticDocument(swagger));
    expect(doc.swagger).toBe('2.0');
    expect(doc.info).toEqual({ title: 'Kubernetes', version: 'unversioned' });

    const definitions = (doc.definitions as Decoded).additional_properties;
    const pod = named(definitions, 'Pod');
    expect(pod.description).toBe('A pod.');
    expect(pod.type).toEqual({ value: ['object'] });
    expect(pod.required).toEqual(['spec']);
    expect(extensions(pod)).toEqual({ 'x-kubernetes-group-version-kind': '- group: ""\n  kind: Pod\n  version: v1\n' });

    const properties = (pod.properties as Decoded).additional_properties;
    const containers = named(properties, 'containers');
    expect(containers.items).toEqual({ schema: [{ _ref: '#/definitions/Container' }] });
    expect(extensions(containers)).toEqual({
      'x-kubernetes-patch-merge-key': 'name\n',
      'x-kubernetes-patch-strategy': 'merge\n',
      'x-kubernetes-list-map-keys': '- name\n',
      'x-kubernetes-list-type': 'map\n',
    });
    expect(named(properties, 'labels').additional_properties).toEqual({
      schema: { type: { value: ['string'] }, default: { yaml: '""\n' } },
    });
    expect(named(properties, 'open').additional_properties).toEqual({ boolean: false });
    expect(named(properties, 'phase').enum).toEqual([{ yaml: 'Pending\n' }, { yaml: 'Running\n' }]);
    // minimum 0 is proto3's zero value: absent, as gnostic writes it
    expect(named(properties, 'replicas')).toEqual({ type: { value: ['integer'] }, format: 'int32', max_length: 5 });
  });

  it('maps paths, parameters, responses and security', () => {
    const doc = decode(encodeGnosticDocument(swagger));
    const item = named((doc.paths as Decoded).path, '/api/v1/namespaces/{namespace}/pods/{name}');
    expect(item.parameters).toEqual([
      { json_reference: { _ref: '#/parameters/namespace' } },
      {
        parameter: {
          non_body_parameter: {
            path_parameter_sub_schema: { required: true, in: 'path', name: 'name', type: 'string', unique_items: true },
          },
        },
      },
    ]);
    const patch = item.patch as Decoded;
    expect(patch.operation_id).toBe('patchCoreV1NamespacedPod');
    expect(patch.parameters).toEqual([
      { parameter: { body_parameter: { in: 'body', name: 'body', required: true, schema: { type: { value: ['object'] } } } } },
    ]);
    const responses = (patch.responses as Decoded).response_code;
    expect(named(responses, '200')).toEqual({ response: { description: 'OK', schema: { schema: { _ref: '#/definitions/Pod' } } } });
    expect(extensions(patch)['x-kubernetes-group-version-kind']).toBe('group: ""\nkind: Pod\nversion: v1\n');
    expect(named((doc.parameters as Decoded).additional_properties, 'namespace')).toEqual({
      non_body_parameter: {
        path_parameter_sub_schema: { required: true, in: 'path', name: 'namespace', type: 'string', unique_items: true },
      },
    });
    expect(doc.security).toEqual([{ additional_properties: [{ name: 'BearerToken', value: {} }] }]);
    expect(named((doc.security_definitions as Decoded).additional_properties, 'BearerToken')).toEqual({
      api_key_security: { type: 'apiKey', name: 'authorization', in: 'header', description: 'Bearer Token authentication' },
    });
  });

  it("encodes the pinned upstream swagger.json exactly as gnostic's Go code does", () => {
    // SHA-256 of openapi_v2.ParseDocument + proto.Marshal (gnostic-models v0.6.9) over the
    // k8s.io/kubernetes v1.33.13 api/openapi-spec/swagger.json that hack/fetch-api-artifacts.sh pins.
    const file = join(kubetsRoot(), '.cache', 'upstream', 'openapi', 'v2', 'swagger.json');
    const bytes = encodeGnosticDocument(JSON.parse(readFileSync(file, 'utf8')));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe('3b5ad8879b4ce62a1aac29df68bc1ca2c065778e1bc14d3612bdef6cc9870778');
  });
});
