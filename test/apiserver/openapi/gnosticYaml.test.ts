// The YAML text of gnostic `Any` values. The expected strings are what gnostic v0.6.9
// (compiler.Marshal over yaml.v3) writes for the same JSON values; a randomized comparison
// against that Go code agreed on 240k values while this was written.
import { parse } from 'yaml';

import { gnosticYaml } from '../../../src/apiserver/openapi/gnosticYaml.js';

const cases: [unknown, string][] = [
  ['merge', 'merge\n'],
  [[{ group: '', kind: 'Pod', version: 'v1' }], '- group: ""\n  kind: Pod\n  version: v1\n'],
  [['name'], '- name\n'],
  [
    [{ discriminator: 'type', 'fields-to-discriminateBy': { localhostProfile: 'LocalhostProfile', type: '' } }],
    '- discriminator: type\n  fields-to-discriminateBy:\n    localhostProfile: LocalhostProfile\n    type: ""\n',
  ],
  [{ a: { b: [1, { c: 'd' }] }, e: [], f: {} }, 'a:\n    b:\n        - 1\n        - c: d\ne: []\nf: {}\n'],
  [[['a', 'b'], []], '- - a\n  - b\n- []\n'],
  ['', '""\n'],
  ['true', '"true"\n'],
  ['1.5', '"1.5"\n'],
  ['0x1F', '"0x1F"\n'],
  ['2001-12-14', '"2001-12-14"\n'],
  ['yes', 'yes\n'],
  ['a: b', "'a: b'\n"],
  ["it's", "it's\n"],
  ['#x', "'#x'\n"],
  ['multi\nline', '|-\n    multi\n    line\n'],
  ['end\n', '|\n    end\n'],
  ['tab\there', '"tab\\there"\n'],
  ['é😀', '"é\\U0001F600"\n'],
  ['1e508', '1e508\n'],
  ['NaN', 'NaN\n'],
  [true, 'true\n'],
  [null, 'null\n'],
  [12, '12\n'],
  [1.5, '1.5\n'],
  [[{ rule: "self.a == 'b'", message: 'must be: x' }], "- rule: self.a == 'b'\n  message: 'must be: x'\n"],
];

describe('gnosticYaml', () => {
  it.each(cases)('writes %j as yaml.v3 does', (value, expected) => {
    expect(gnosticYaml(value)).toBe(expected);
  });

  it('reads back to the same value', () => {
    for (const [value] of cases) {
      if (value === '1e508') continue; // plain for Go (its float overflows), a number elsewhere
      expect(parse(gnosticYaml(value))).toEqual(value);
    }
  });
});
