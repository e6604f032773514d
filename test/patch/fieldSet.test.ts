import { describe, expect, it } from '@jest/globals';

import { deserializePathElement, pathToString, serializePathElement, type PathElement } from '../../src/patch/fieldPath.js';
import { FieldSet } from '../../src/patch/fieldSet.js';

const f = (name: string): PathElement => ({ kind: 'field', name });
const k = (fields: Array<[string, string | number]>): PathElement => ({ kind: 'key', fields });

describe('FieldsV1', () => {
  // what kubectl shows for a Deployment created with kubectl create
  const fieldsV1 = {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': {
      'f:replicas': {},
      'f:selector': {},
      'f:template': {
        'f:spec': {
          'f:containers': {
            'k:{"name":"c"}': {
              '.': {},
              'f:image': {},
              'f:name': {},
              'f:ports': {
                '.': {},
                'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} },
              },
            },
          },
          'f:finalizers': { 'v:"example.com/a"': {} },
          'f:args': { 'i:0': {} },
        },
      },
    },
  };

  it('decodes and re-encodes byte for byte, keys in upstream order', () => {
    const set = FieldSet.fromFieldsV1(fieldsV1);
    const out = set.toFieldsV1();
    expect(JSON.stringify(out)).toBe(
      '{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:spec":{"f:args":{"i:0":{}},"f:containers":{"k:{\\"name\\":\\"c\\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:containerPort":{},"f:protocol":{}}}}},"f:finalizers":{"v:\\"example.com/a\\"":{}}}}}}',
    );
  });

  it('lists member paths in upstream iteration order and prints them as in conflicts', () => {
    const set = FieldSet.fromFieldsV1(fieldsV1);
    const paths = [...set.paths()].map(pathToString);
    expect(paths.slice(0, 4)).toEqual(['.metadata.labels', '.metadata.labels.app', '.spec.replicas', '.spec.selector']);
    expect(paths).toContain('.spec.template.spec.containers[name="c"].ports[containerPort=80,protocol="TCP"].containerPort');
    expect(paths).toContain('.spec.template.spec.finalizers[="example.com/a"]');
    expect(paths).toContain('.spec.template.spec.args[0]');
  });

  it('serializes path elements like structured-merge-diff', () => {
    expect(serializePathElement(k([['port', 80], ['protocol', 'TCP']]))).toBe('k:{"port":80,"protocol":"TCP"}');
    expect(serializePathElement({ kind: 'value', value: 'a<b' })).toBe('v:"a\\u003cb"');
    expect(deserializePathElement('k:{"protocol":"TCP","port":80}')).toEqual(k([['port', 80], ['protocol', 'TCP']]));
    expect(deserializePathElement('x:whatever')).toBeUndefined();
    expect(() => deserializePathElement('f')).toThrow('key must be 2 characters long:');
  });

  it('has set algebra with upstream semantics', () => {
    const a = FieldSet.fromPaths([[f('a'), f('b')], [f('a'), f('c')], [f('d')]]);
    const b = FieldSet.fromPaths([[f('a'), f('b')], [f('a')]]);
    expect([...a.difference(b).paths()].map(pathToString)).toEqual(['.d', '.a.c']);
    expect([...a.recursiveDifference(b).paths()].map(pathToString)).toEqual(['.d']);
    expect([...a.intersection(b).paths()].map(pathToString)).toEqual(['.a.b']);
    expect([...a.union(b).paths()].map(pathToString)).toEqual(['.a', '.d', '.a.b', '.a.c']);
    expect(a.has([f('a'), f('c')])).toBe(true);
    expect(a.has([f('a')])).toBe(false);
    expect(new FieldSet().empty()).toBe(true);
  });
});
