// x-kubernetes-validations rules run against custom objects: self at each node, transition
// rules, optionalOldSelf, message/messageExpression/reason/fieldPath, runtime errors,
// ratcheting, schema-typed values (int-or-string, date-time, duration), and the rules running
// after schema validation only when its errors are not blocking — with upstream's texts.
import { validateCustomObject, type JSONSchemaProps } from '../../../src/registry/customresources/schema/index.js';
import { validateRules } from '../../../src/registry/customresources/schema/cel/index.js';
import { errorString } from '../../../src/registry/validation/index.js';

type Rules = Array<Record<string, unknown>>;
const withRules = (schema: JSONSchemaProps, rules: Rules): JSONSchemaProps => ({ ...schema, 'x-kubernetes-validations': rules }) as JSONSchemaProps;

function root(spec: JSONSchemaProps, extra: Record<string, JSONSchemaProps> = {}): JSONSchemaProps {
  return { type: 'object', properties: { spec, ...extra } };
}

const messages = (schema: JSONSchemaProps, object: unknown, old?: unknown) => validateRules(schema, object, old).map(errorString);

describe('failures and their messages', () => {
  const schema = root(withRules({
    type: 'object',
    properties: {
      replicas: { type: 'integer' },
      max: { type: 'integer' },
      image: { type: 'string' },
      tags: { type: 'array', items: withRules({ type: 'string' }, [{ rule: 'self.size() <= 3' }]) },
      labels: { type: 'object', additionalProperties: withRules({ type: 'string' }, [{ rule: 'self != "bad"', message: 'no bad values ' }]) },
    },
  }, [
    { rule: 'self.replicas <= self.max', message: 'replicas must not exceed max' },
    { rule: 'self.replicas >= 1' },
    { rule: '!self.image.endsWith(":latest")', messageExpression: '"image %s is not pinned".format([self.image])', fieldPath: '.image', reason: 'FieldValueForbidden' },
    { rule: 'self.replicas != 7', messageExpression: '""', message: 'seven is bad' },
    { rule: 'self.replicas != 8', reason: 'FieldValueRequired', message: 'no eight' },
    { rule: 'self.replicas != 9', reason: 'FieldValueDuplicate' },
  ]));

  test.each([
    ['a rule with a message', { replicas: 5, max: 3, image: 'a' }, ['spec: Invalid value: "object": replicas must not exceed max']],
    ['a rule without one', { replicas: 0, max: 3, image: 'a' }, ['spec: Invalid value: "object": failed rule: self.replicas >= 1']],
    ['messageExpression, fieldPath and reason', { replicas: 1, max: 3, image: 'x:latest' }, ['spec.image: Forbidden: image x:latest is not pinned']],
    ['an empty messageExpression falls back to the message', { replicas: 7, max: 9, image: 'a' }, ['spec: Invalid value: "object": seven is bad']],
    ['reason FieldValueRequired', { replicas: 8, max: 9, image: 'a' }, ['spec: Required value: no eight']],
    ['reason FieldValueDuplicate', { replicas: 9, max: 9, image: 'a' }, ['spec: Duplicate value: "object"']],
    ['a missing field', { max: 3, image: 'a' }, [
      'spec: Invalid value: "object": no such key: replicas evaluating rule: replicas must not exceed max',
      'spec: Invalid value: "object": no such key: replicas evaluating rule: self.replicas >= 1',
      'spec: Invalid value: "object": no such key: replicas evaluating rule: seven is bad',
      'spec: Invalid value: "object": no such key: replicas evaluating rule: no eight',
      'spec: Invalid value: "object": no such key: replicas evaluating rule: self.replicas != 9',
    ]],
    ['list items and map values, each at its path', { replicas: 1, max: 1, image: 'a', tags: ['ok', 'long'], labels: { 'a.b/c': 'bad', ok: 'fine' } }, [
      'spec.tags[1]: Invalid value: "string": failed rule: self.size() <= 3',
      'spec.labels[a.b/c]: Invalid value: "string": no bad values',
    ]],
  ])('%s', (_what, spec, expected) => {
    expect(messages(schema, { spec })).toEqual(expected);
  });

  test('a rule at the root is reported at <nil> and sees apiVersion, kind and metadata.name', () => {
    const rooted = withRules(root({ type: 'object' }), [{ rule: 'self.metadata.name.startsWith("app-") && self.kind == "App"', message: 'bad name' }]);
    expect(messages(rooted, { apiVersion: 'x/v1', kind: 'App', metadata: { name: 'app-1' }, spec: {} })).toEqual([]);
    expect(messages(rooted, { apiVersion: 'x/v1', kind: 'App', metadata: { name: 'other' }, spec: {} })).toEqual(['<nil>: Invalid value: "object": bad name']);
  });

  test('rules do not run where the value is absent or null', () => {
    const optional = root({ type: 'object', properties: { note: withRules({ type: 'string', nullable: true }, [{ rule: 'self.size() > 100' }]) } });
    expect(messages(optional, { spec: {} })).toEqual([]);
    expect(messages(optional, { spec: { note: null } })).toEqual([]);
    expect(messages(optional, { spec: { note: 'short' } })).toEqual(['spec.note: Invalid value: "string": failed rule: self.size() > 100']);
  });
});

describe('transition rules', () => {
  const schema = root({
    type: 'object',
    properties: {
      name: withRules({ type: 'string' }, [{ rule: 'self == oldSelf', message: 'name is immutable' }]),
      size: withRules({ type: 'integer' }, [{ rule: '!oldSelf.hasValue() || self >= oldSelf.value()', message: 'size may only grow', optionalOldSelf: true }]),
      ports: {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        items: withRules({ type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } }, [{ rule: 'self.port == oldSelf.port', message: 'port is fixed' }]),
      },
    },
  });

  test('do not run on create (unless optionalOldSelf)', () => {
    expect(messages(schema, { spec: { name: 'a', size: 1, ports: [{ name: 'http', port: 80 }] } })).toEqual([]);
  });

  test('run on update where an old value correlates', () => {
    const old = { spec: { name: 'a', size: 5, ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] } };
    expect(messages(schema, { spec: { name: 'b', size: 4, ports: [{ name: 'https', port: 8443 }, { name: 'new', port: 1 }] } }, old)).toEqual([
      'spec.name: Invalid value: "string": name is immutable',
      'spec.size: Invalid value: "integer": size may only grow',
      'spec.ports[0]: Invalid value: "object": port is fixed',
    ]);
    expect(messages(schema, { spec: { name: 'a', size: 6, ports: [{ name: 'http', port: 80 }] } }, old)).toEqual([]);
  });

  test('optionalOldSelf runs when the field is added on update', () => {
    expect(messages(schema, { spec: { name: 'a', size: 1 } }, { spec: { name: 'a' } })).toEqual([]);
  });
});

test('a failing rule on a value unchanged by an update is not reported (ratcheting)', () => {
  const schema = root({ type: 'object', properties: { a: withRules({ type: 'string' }, [{ rule: 'self.size() < 3' }]), b: withRules({ type: 'string' }, [{ rule: 'self.size() < 3' }]) } });
  const old = { spec: { a: 'long', b: 'x' } };
  expect(messages(schema, { spec: { a: 'long', b: 'longer' } }, old)).toEqual(['spec.b: Invalid value: "string": failed rule: self.size() < 3']);
});

test('values take their schema types: int-or-string, date-time, duration, number', () => {
  const schema = root({
    type: 'object',
    properties: {
      port: withRules({ 'x-kubernetes-int-or-string': true }, [{ rule: 'type(self) == int ? self > 0 : self.startsWith("p")' }]),
      at: withRules({ type: 'string', format: 'date-time' }, [{ rule: 'self > timestamp("2020-01-01T00:00:00Z")' }]),
      every: withRules({ type: 'string', format: 'duration' }, [{ rule: 'self >= duration("1m")' }]),
      ratio: withRules({ type: 'number' }, [{ rule: 'self < 1.0' }]),
    },
  });
  expect(messages(schema, { spec: { port: 8080, at: '2021-05-01T00:00:00Z', every: '5m', ratio: 0.5 } })).toEqual([]);
  expect(messages(schema, { spec: { port: 'http', at: '2019-05-01T00:00:00Z', every: '30s', ratio: 2 } })).toEqual([
    'spec.port: Invalid value: "": failed rule: type(self) == int ? self > 0 : self.startsWith("p")',
    'spec.at: Invalid value: "string": failed rule: self > timestamp("2020-01-01T00:00:00Z")',
    'spec.every: Invalid value: "string": failed rule: self >= duration("1m")',
    'spec.ratio: Invalid value: "number": failed rule: self < 1.0',
  ]);
});

test('macros and has() over lists and maps', () => {
  const schema = root(withRules({
    type: 'object',
    properties: { items: { type: 'array', items: { type: 'integer' } }, env: { type: 'object', additionalProperties: { type: 'string' } }, opt: { type: 'string' } },
  }, [
    { rule: 'self.items.all(i, i > 0) && self.items.exists(i, i == 2) && self.items.exists_one(i, i == 3)', message: 'items' },
    { rule: 'self.items.filter(i, i > 1).map(i, i * 10) == [20, 30]', message: 'filter/map' },
    { rule: 'self.env.all(k, k.matches("^[A-Z_]+$")) && "HOME" in self.env', message: 'env' },
    { rule: '!has(self.opt) || self.opt != ""', message: 'opt' },
  ]));
  expect(messages(schema, { spec: { items: [1, 2, 3], env: { HOME: '/root' } } })).toEqual([]);
  expect(messages(schema, { spec: { items: [1, 2, 2, 3, 3], env: { home: '/' }, opt: '' } })).toEqual([
    'spec: Invalid value: "object": items',
    'spec: Invalid value: "object": filter/map',
    'spec: Invalid value: "object": env',
    'spec: Invalid value: "object": opt',
  ]);
});

describe('with schema validation', () => {
  const schema = root(withRules({ type: 'object', properties: { replicas: { type: 'integer', maximum: 5 }, mode: { type: 'string', enum: ['a', 'b'] } } }, [{ rule: 'self.replicas != 3', message: 'not three' }]));
  const all = (spec: unknown) => validateCustomObject(schema, { metadata: { name: 'x' }, spec }).map(errorString);

  test('rules run after non-blocking schema errors', () => {
    expect(all({ replicas: 3 })).toEqual(['spec: Invalid value: "object": not three']);
    expect(all({ replicas: 6 })).toEqual(['spec.replicas: Invalid value: 6: spec.replicas in body should be less than or equal to 5']);
  });

  test('blocking schema errors stop the rules, saying so', () => {
    expect(all({ replicas: 3, mode: 'c' })).toEqual([
      'spec.mode: Unsupported value: "c": supported values: "a", "b"',
      '<nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
  });
});

test.each([
  ['self.items[3] == 1', "index '3' out of range in list size '2'"],
  ['self.n / 0 == 1', 'division by zero'],
  ['self.n % 0 == 1', 'modulus by zero'],
  ['self.n * 9223372036854775807 > 0', 'integer overflow'],
])('runtime error of %s is reported as cel-go words it', (rule, text) => {
  const schema = root({ type: 'object', properties: { items: { type: 'array', items: { type: 'integer' } }, n: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule }] } as JSONSchemaProps);
  expect(messages(schema, { spec: { items: [1, 2], n: 2 } })).toEqual([`spec: Invalid value: "object": ${text} evaluating rule: ${rule}`]);
});

test('an int-or-string value of the other kind at run time is a no-such-overload error', () => {
  const schema = root({ type: 'object', properties: { port: withRules({ 'x-kubernetes-int-or-string': true }, [{ rule: 'self > 0' }]) } });
  expect(messages(schema, { spec: { port: 80 } })).toEqual([]);
  expect(messages(schema, { spec: { port: 'http' } })).toEqual([
    "spec.port: Invalid value: \"\": 'no such overload': call arguments did not match a supported operator, function or macro signature for rule: self > 0",
  ]);
});

test('has() takes any operand, and "has(" inside strings is text', () => {
  const schema = root(withRules({
    type: 'object',
    properties: { items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } }, note: { type: 'string' } },
  }, [
    { rule: 'self.items.size() == 0 || has(self.items[0].name)', message: 'first item needs a name' },
    { rule: '!has(self.note) || self.note != "has(x)"', message: "note may not say 'has(x)'" },
  ]));
  expect(messages(schema, { spec: { items: [{ name: 'a' }, {}] } })).toEqual([]);
  expect(messages(schema, { spec: { items: [{}], note: 'has(x)' } })).toEqual([
    'spec: Invalid value: "object": first item needs a name',
    "spec: Invalid value: \"object\": note may not say 'has(x)'",
  ]);
});

test('a root schema that declares metadata still gives rules metadata.name', () => {
  const schema = withRules({ type: 'object', properties: { metadata: { type: 'object' }, spec: { type: 'object' } } }, [{ rule: 'self.metadata.name.size() < 5', message: 'short names only' }]);
  expect(messages(schema, { metadata: { name: 'toolong' }, spec: {} })).toEqual(['<nil>: Invalid value: "object": short names only']);
});
