// The structural schema of a custom resource: validation with upstream's field errors
// (kube-openapi's messages as apiextensions-apiserver converts them), pruning and defaulting.
import { applySchemaDefaults, prune, validateAgainstSchema, type JSONSchemaProps } from '../../../src/registry/customresources/schema/index.js';
import { errorString } from '../../../src/registry/validation/index.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['image'],
      properties: {
        image: { type: 'string', minLength: 1, maxLength: 20, pattern: '^[a-z/:.0-9]+$' },
        replicas: { type: 'integer', minimum: 1, maximum: 10, default: 1 },
        ratio: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true },
        mode: { type: 'string', enum: ['fast', 'slow'] },
        level: { type: 'integer', enum: [1, 2] },
        port: { 'x-kubernetes-int-or-string': true },
        note: { type: 'string', nullable: true },
        email: { type: 'string', format: 'email' },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2, 'x-kubernetes-list-type': 'set' },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer', default: 80 } } },
        },
        labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 3 } },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'object', properties: { a: { type: 'string' } } } } },
        nested: { type: 'object', default: {}, properties: { enabled: { type: 'boolean', default: true } } },
      },
    },
  },
};

const errors = (spec: Record<string, unknown>): string[] =>
  validateAgainstSchema(schema, { apiVersion: 'example.com/v1', kind: 'WebApp', spec: { image: 'nginx', ...spec } }).map(errorString);

describe('structural schema validation', () => {
  it('accepts a valid object', () => {
    expect(errors({ replicas: 3, mode: 'fast', port: 'http', note: null, tags: ['a'], ports: [{ name: 'a' }, { name: 'b' }] })).toEqual([]);
  });

  it('reports wrong types as kube-openapi does', () => {
    expect(errors({ replicas: 'three' })).toEqual(['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"']);
    expect(errors({ replicas: 1.5 })).toEqual(['spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"']);
    expect(errors({ mode: null })).toEqual(['spec.mode: Invalid value: "null": spec.mode in body must be of type string: "null"', 'spec.mode: Unsupported value: null: supported values: "fast", "slow"']);
    expect(errors({ port: true })).toEqual(['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"']);
    expect(errors({ tags: 'a' })).toEqual(['spec.tags: Invalid value: "string": spec.tags in body must be of type array: "string"']);
  });

  it('reports missing required fields', () => {
    expect(validateAgainstSchema(schema, { spec: {} }).map(errorString)).toEqual(['spec.image: Required value']);
  });

  it('checks enums, bounds, lengths, patterns and formats', () => {
    expect(errors({ mode: 'medium' })).toEqual(['spec.mode: Unsupported value: "medium": supported values: "fast", "slow"']);
    expect(errors({ level: 3 })).toEqual(['spec.level: Unsupported value: 3: supported values: "1", "2"']);
    expect(errors({ replicas: 0 })).toEqual(['spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1']);
    expect(errors({ replicas: 11 })).toEqual(['spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10']);
    expect(errors({ ratio: 0 })).toEqual(['spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0']);
    expect(errors({ ratio: 1 })).toEqual(['spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1']);
    expect(errors({ image: '' })).toEqual([
      'spec.image: Invalid value: "": spec.image in body should be at least 1 chars long',
      'spec.image: Invalid value: "": spec.image in body should match \'^[a-z/:.0-9]+$\'',
    ]);
    expect(errors({ image: 'a'.repeat(21) })).toEqual(['spec.image: Too long: may not be more than 20 bytes']);
    expect(errors({ image: 'NGINX' })).toEqual(['spec.image: Invalid value: "NGINX": spec.image in body should match \'^[a-z/:.0-9]+$\'']);
    expect(errors({ email: 'nope' })).toEqual(['spec.email: Invalid value: "nope": spec.email in body must be of type email: "nope"']);
    expect(errors({ labels: { a: 'long' } })).toEqual(['spec.labels.a: Too long: may not be more than 3 bytes']);
  });

  it('checks list sizes and list types', () => {
    expect(errors({ tags: [] })).toEqual(['spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items']);
    expect(errors({ tags: ['a', 'b', 'c'] })).toEqual(['spec.tags: Too many: 3: must have at most 2 items']);
    expect(errors({ tags: ['a', 'a'] })).toEqual(['spec.tags[1]: Duplicate value: "a"']);
    expect(errors({ tags: [1] })).toEqual(['spec.tags[0]: Invalid value: "integer": spec.tags[0] in body must be of type string: "integer"']);
    expect(errors({ ports: [{ name: 'http', port: 1 }, { name: 'http', port: 2 }] }))
      .toEqual(['spec.ports[1]: Duplicate value: map[string]interface {}{"name":"http"}']);
    expect(errors({ ports: ['x'] })).toEqual([
      'spec.ports[0]: Invalid value: "string": spec.ports[0] in body must be of type object: "string"',
      'spec.ports[0]: Invalid value: "x": must be an object for an array of list-type map',
    ]);
  });
});

describe('pruning', () => {
  it('drops unknown fields but keeps type meta, preserved and embedded fields', () => {
    const object = {
      apiVersion: 'example.com/v1', kind: 'WebApp', metadata: { name: 'x' }, unknown: 1,
      spec: {
        image: 'nginx', bogus: true, ports: [{ name: 'a', stray: 1 }],
        template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, anything: { deep: 1 } },
        extra: { free: 1, known: { a: 'x', b: 'pruned' } },
      },
    };
    expect(prune(object, schema)).toEqual(['spec.bogus', 'spec.extra.known.b', 'spec.ports[0].stray', 'unknown']);
    expect(object).toEqual({
      apiVersion: 'example.com/v1', kind: 'WebApp', metadata: { name: 'x' },
      spec: {
        image: 'nginx', ports: [{ name: 'a' }],
        template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, anything: { deep: 1 } },
        extra: { free: 1, known: { a: 'x' } },
      },
    });
  });
});

describe('pruning keeps an object\'s metadata', () => {
  it('even when the schema lists metadata as an empty object, as generated CRDs do', () => {
    const generated: JSONSchemaProps = { type: 'object', properties: { metadata: { type: 'object' }, spec: { type: 'object', properties: { size: { type: 'integer' } } } } };
    const object = { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't1', labels: { a: 'b' } }, spec: { size: 1, extra: 2 } };
    expect(prune(object, generated)).toEqual(['spec.extra']);
    expect(object.metadata).toEqual({ name: 't1', labels: { a: 'b' } });
  });
});

describe('defaulting', () => {
  it('fills defaults, inside defaulted values too, and replaces non-nullable nulls', () => {
    const object: Record<string, unknown> = { spec: { image: 'nginx', ports: [{ name: 'a' }], mode: null, note: null, replicas: null } };
    applySchemaDefaults(object, schema);
    expect(object).toEqual({ spec: { image: 'nginx', replicas: 1, ports: [{ name: 'a', port: 80 }], note: null, nested: { enabled: true } } });
  });

  it('keeps values that are set', () => {
    const object: Record<string, unknown> = { spec: { image: 'nginx', replicas: 5, nested: { enabled: false } } };
    applySchemaDefaults(object, schema);
    expect(object).toEqual({ spec: { image: 'nginx', replicas: 5, nested: { enabled: false } } });
  });
});
