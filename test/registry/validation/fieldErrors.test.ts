import {
  duplicate,
  errorBody,
  errorString,
  FieldPath,
  forbidden,
  GoValue,
  goQuote,
  invalid,
  invalidStatus,
  invalidStatusFor,
  notFound,
  notSupported,
  OMIT_VALUE,
  required,
  tooLong,
  tooMany,
} from '../../../src/registry/validation/index.js';

describe('field paths', () => {
  test('children, indexes and keys print as upstream does', () => {
    const p = FieldPath.of('spec').child('template', 'spec').child('containers').at(0).child('image');
    expect(p.toString()).toBe('spec.template.spec.containers[0].image');
    expect(FieldPath.of('metadata').child('labels').key('app').toString()).toBe('metadata.labels[app]');
    expect(FieldPath.of('spec').child('resources').key('storage').toString()).toBe('spec.resources[storage]');
    expect(FieldPath.of('').toString()).toBe('[]');
  });
});

describe('error bodies', () => {
  test('required, forbidden and too-long print no value', () => {
    expect(errorBody(required('spec.x'))).toBe('Required value');
    expect(errorBody(required('spec.x', 'name or generateName is required'))).toBe('Required value: name or generateName is required');
    expect(errorBody(forbidden('spec', 'may not be set'))).toBe('Forbidden: may not be set');
    expect(errorBody(tooLong('metadata.annotations', 262144))).toBe('Too long: may not be more than 262144 bytes');
  });

  test('values are printed the way Go formats them', () => {
    expect(errorBody(invalid('f', 'x"y', 'bad'))).toBe('Invalid value: "x\\"y": bad');
    expect(errorBody(invalid('f', 70000, 'must be between 1 and 65535, inclusive'))).toBe(
      'Invalid value: 70000: must be between 1 and 65535, inclusive',
    );
    expect(errorBody(invalid('f', true, 'x'))).toBe('Invalid value: true: x');
    expect(errorBody(invalid('f', null, 'x'))).toBe('Invalid value: null: x');
    expect(errorBody(invalid('f', ['a', 'b'], 'x'))).toBe('Invalid value: []string{"a", "b"}: x');
    expect(errorBody(invalid('f', { b: '2', a: '1' }, 'x'))).toBe('Invalid value: map[string]string{"a":"1", "b":"2"}: x');
    expect(errorBody(invalid('f', new GoValue('v1.Thing{}'), 'x'))).toBe('Invalid value: v1.Thing{}: x');
    expect(errorBody(invalid('f', OMIT_VALUE, 'x'))).toBe('Invalid value: x');
  });

  test('unsupported values list the supported ones quoted', () => {
    expect(errorBody(notSupported('spec.restartPolicy', 'Sometimes', ['Always', 'OnFailure', 'Never']))).toBe(
      'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
  });

  test('duplicate, not found and too many', () => {
    expect(errorBody(duplicate('f', 'x'))).toBe('Duplicate value: "x"');
    expect(errorBody(notFound('f', 'vol'))).toBe('Not found: "vol"');
    expect(errorBody(tooMany('f', 21, 20))).toBe('Too many: 21: must have at most 20 items');
    expect(errorString(required('spec.containers'))).toBe('spec.containers: Required value');
  });

  test('Go string quoting escapes control characters and keeps printable unicode', () => {
    expect(goQuote('a\nb\tc')).toBe('"a\\nb\\tc"');
    expect(goQuote('\u0001')).toBe('"\\x01"');
    expect(goQuote('héllo')).toBe('"héllo"');
    expect(goQuote('\\')).toBe('"\\\\"');
  });
});

describe('the 422 Status', () => {
  test('one error: the brief example, byte for byte', () => {
    const status = invalidStatus('apps', 'Deployment', 'web', [required('spec.template.spec.containers[0].image')]);
    expect(JSON.stringify(status)).toBe(
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Deployment.apps \\"web\\" is invalid: spec.template.spec.containers[0].image: Required value","reason":"Invalid","details":{"name":"web","group":"apps","kind":"Deployment","causes":[{"reason":"FieldValueRequired","message":"Required value","field":"spec.template.spec.containers[0].image"}]},"code":422}',
    );
  });

  test('several errors are listed in brackets; the core group has no suffix', () => {
    const status = invalidStatus('', 'Pod', 'p', [
      required('spec.containers[0].image'),
      notSupported('spec.restartPolicy', 'x', ['Always', 'OnFailure', 'Never']),
    ]);
    expect(status.message).toBe(
      'Pod "p" is invalid: [spec.containers[0].image: Required value, spec.restartPolicy: Unsupported value: "x": supported values: "Always", "OnFailure", "Never"]',
    );
    expect(status.details).toEqual({
      name: 'p',
      kind: 'Pod',
      causes: [
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' },
        {
          reason: 'FieldValueNotSupported',
          message: 'Unsupported value: "x": supported values: "Always", "OnFailure", "Never"',
          field: 'spec.restartPolicy',
        },
      ],
    });
    expect('group' in status.details).toBe(false);
  });

  test('duplicate messages appear once in the message, every cause is kept', () => {
    const e = invalid('metadata.labels', 'a b', 'bad');
    const status = invalidStatusFor('v1', 'ConfigMap', 'c', [e, e]);
    expect(status.message).toBe('ConfigMap "c" is invalid: metadata.labels: Invalid value: "a b": bad');
    expect(status.details.causes).toHaveLength(2);
  });

  test('the group comes from the apiVersion', () => {
    expect(invalidStatusFor('networking.k8s.io/v1', 'Ingress', 'i', [required('spec')]).message).toBe(
      'Ingress.networking.k8s.io "i" is invalid: spec: Required value',
    );
    expect(invalidStatusFor('v1', 'Pod', 'p', []).message).toBe('Pod "p" is invalid');
  });
});
