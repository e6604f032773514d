// Compiling x-kubernetes-validations rules: a definition's rules that do not compile, do not
// give a bool, misuse oldSelf or optionalOldSelf are refused with upstream's field errors and
// cel-go's issue layout; the Kubernetes CEL library functions evaluate as upstream's do.
import type { JSONSchemaProps } from '../../../src/registry/customresources/schema/index.js';
import { ruleCompilationErrors, validateRules } from '../../../src/registry/customresources/schema/cel/index.js';
import { errorString } from '../../../src/registry/validation/index.js';

const AT = 'spec.versions[0].schema.openAPIV3Schema.properties[spec]';
const goRule = (rule: string, extra = '') =>
  `apiextensions.ValidationRule{Rule:${JSON.stringify(rule)}, Message:"", MessageExpression:${JSON.stringify(extra)}, Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}`;

function definition(spec: Record<string, unknown>): { versions: Array<{ schema: { openAPIV3Schema: JSONSchemaProps } }> } {
  return { versions: [{ schema: { openAPIV3Schema: { type: 'object', properties: { spec: spec as JSONSchemaProps } } } }] };
}

const specWith = (rules: Array<Record<string, unknown>>) => definition({
  type: 'object',
  properties: { n: { type: 'integer' }, s: { type: 'string' }, l: { type: 'array', items: { type: 'string' } } },
  'x-kubernetes-validations': rules,
});

test.each([
  ['an unknown field', 'self.nonExistingField > 0', "compilation failed: ERROR: <input>:1:5: undefined field 'nonExistingField'\n | self.nonExistingField > 0\n | ....^"],
  ['a type mismatch', 'self.n == true', "compilation failed: ERROR: <input>:1:8: found no matching overload for '_==_' applied to '(int, bool)'\n | self.n == true\n | .......^"],
  ['an undeclared name', 'other > 1', "compilation failed: ERROR: <input>:1:1: undeclared reference to 'other' (in container '')\n | other > 1\n | ^"],
  ['a function of another type', 'self.n.startsWith("a")', "compilation failed: ERROR: <input>:1:7: found no matching overload for 'startsWith' applied to 'int.(string)'\n | self.n.startsWith(\"a\")\n | ......^"],
  ['an unknown function', 'self.s.shout() == ""', "compilation failed: ERROR: <input>:1:7: undeclared reference to 'shout' (in container '')\n | self.s.shout() == \"\"\n | ......^"],
  ['matches() with a wrong argument', 'self.s.matches(1)', "compilation failed: ERROR: <input>:1:7: found no matching overload for 'matches' applied to 'string.(int)'\n | self.s.matches(1)\n | ......^"],
  ['a namespaced function with wrong arguments', 'sets.contains(self.l, [1])', "compilation failed: ERROR: <input>:1:1: found no matching overload for 'sets.contains' applied to '(list(string), list(int))'\n | sets.contains(self.l, [1])\n | ^"],
  ['a regular expression that cannot compile', 'self.s.matches("a(?=b)")', 'compilation failed: ERROR: <input>:1:16: invalid matches argument\n | self.s.matches("a(?=b)")\n | ...............^'],
  ['a bad duration literal', 'duration("1x") > duration("1s")', 'compilation failed: ERROR: <input>:1:10: invalid duration argument\n | duration("1x") > duration("1s")\n | .........^'],
  ['a result that is not a bool', 'self.n + 1', 'cel expression must evaluate to a bool'],
])('a rule with %s is refused', (_what, rule, detail) => {
  expect(ruleCompilationErrors(specWith([{ rule }])).map(errorString)).toEqual([`${AT}.x-kubernetes-validations[0].rule: Invalid value: ${goRule(rule)}: ${detail}`]);
});

test('a syntax error is refused at its position', () => {
  const [error] = ruleCompilationErrors(specWith([{ rule: 'self.n >' }]));
  expect(error?.field).toBe(`${AT}.x-kubernetes-validations[0].rule`);
  expect(error?.detail).toMatch(/^compilation failed: ERROR: <input>:1:9: Syntax error: .*\n \| self\.n >\n \| \.{8}\^$/);
});

test('a messageExpression that does not give a string is refused', () => {
  expect(ruleCompilationErrors(specWith([{ rule: 'self.n > 0', messageExpression: 'self.n' }])).map(errorString)).toEqual([
    `${AT}.x-kubernetes-validations[0].messageExpression: Invalid value: ${goRule('self.n > 0', 'self.n')}: messageExpression must evaluate to a string`,
  ]);
});

test('optionalOldSelf without oldSelf, and oldSelf under a list that is not a map, are refused', () => {
  const spec = definition({
    type: 'object',
    properties: {
      n: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self > 0', optionalOldSelf: true }] },
      l: { type: 'array', items: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] } },
      m: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['k'], items: { type: 'object', properties: { k: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] } },
    },
  });
  expect(ruleCompilationErrors(spec).map(errorString)).toEqual([
    `${AT}.properties[n].x-kubernetes-validations[0].optionalOldSelf: Invalid value: true: may not be set if oldSelf is not used in rule`,
    `${AT}.properties[l].items.x-kubernetes-validations[0].rule: Invalid value: "self == oldSelf": oldSelf cannot be used on the uncorrelatable portion of the schema within ${AT}.properties[l]`,
  ]);
});

test('rules that compile give no errors', () => {
  expect(ruleCompilationErrors(specWith([{ rule: 'self.n > 0 && self.s.size() < 5 && self.l.all(x, x != "")', messageExpression: '"n is " + string(self.n)' }, { rule: 'self.n >= oldSelf.n' }]))).toEqual([]);
});

describe('the Kubernetes CEL libraries', () => {
  const schema: JSONSchemaProps = { type: 'object', properties: { spec: { type: 'object', properties: { s: { type: 'string' } } } } };
  const holds = (rule: string) => {
    const withRule = { ...schema, properties: { spec: { ...schema.properties!.spec!, 'x-kubernetes-validations': [{ rule }] } } } as JSONSchemaProps;
    return validateRules(withRule, { spec: { s: 'Hello, World' } }).map(errorString);
  };

  test.each([
    'self.s.lowerAscii() == "hello, world" && self.s.upperAscii() == "HELLO, WORLD"',
    'self.s.charAt(4) == "o" && self.s.indexOf("o") == 4 && self.s.lastIndexOf("o") == 8',
    'self.s.replace("l", "L") == "HeLLo, WorLd" && self.s.replace("l", "L", 1) == "HeLlo, World"',
    'self.s.split(", ") == ["Hello", "World"] && ["a", "b"].join("-") == "a-b" && " x ".trim() == "x"',
    'self.s.substring(7) == "World" && self.s.substring(0, 5) == "Hello"',
    'self.s.find("[A-Z][a-z]+") == "Hello" && self.s.findAll("[A-Z]") == ["H", "W"] && self.s.findAll("o", 1) == ["o"]',
    'self.s.matches("^H.*d$") && self.s.startsWith("He") && self.s.endsWith("ld") && self.s.contains(", ")',
    '[1, 2, 3].isSorted() && ![2, 1].isSorted() && [1, 2, 3].sum() == 6 && [3, 1, 2].min() == 1 && [3, 1, 2].max() == 3',
    '[1, 2, 1].indexOf(1) == 0 && [1, 2, 1].lastIndexOf(1) == 2 && [1].indexOf(5) == -1',
    'url("https://example.com:8443/a/b?x=1&x=2").getHost() == "example.com:8443" && url("https://example.com:8443/a").getPort() == "8443"',
    'url("https://example.com/a/b?x=1&x=2").getQuery()["x"] == ["1", "2"] && url("/a/b").getScheme() == "" && url("https://e.com/a%20b").getEscapedPath() == "/a%20b"',
    'isURL("https://example.com") && !isURL("not a url")',
    'quantity("1Gi").isGreaterThan(quantity("1000Mi")) && quantity("500m").isLessThan(quantity("1")) && quantity("2").asInteger() == 2',
    'quantity("1") == quantity("1000m") && !quantity("1500m").isInteger() && quantity("1500m").asApproximateFloat() == 1.5 && isQuantity("10Mi") && !isQuantity("10x")',
    '"%d of %d".format([1, 2]) == "1 of 2" && "%.2f".format([1.5]) == "1.50" && "%s".format([[1, 2]]) == "[1, 2]" && "%x %o %b %%".format([255, 8, 5]) == "ff 10 101 %"',
    'self.s.matches("^(?i)hello") && "ABC".matches("^[[:upper:]]+$") && !"abc\\n".matches(r"^abc\\z") && "abc".matches(r"^abc\\z") && "Hello".find("(?i)h") == "H"',
    'isIP("10.0.0.1") && !isIP("10.0.0.01") && !isIP("fe80::1%eth0") && ip("2001:DB8::1").family() == 6 && string(ip("2001:DB8:0:0:0:0:0:1")) == "2001:db8::1"',
    'ip.isCanonical("10.0.0.1") && !ip.isCanonical("2001:DB8::1") && ip("127.0.0.1").isLoopback() && ip("169.254.1.1").isLinkLocalUnicast() && !ip("224.0.0.1").isGlobalUnicast()',
    'cidr("10.0.0.0/8").containsIP("10.1.2.3") && cidr("10.0.0.0/8").containsCIDR(cidr("10.1.0.0/16")) && string(cidr("10.1.2.3/8").masked()) == "10.0.0.0/8" && cidr("::/0").prefixLength() == 0 && !isCIDR("10.0.0.0/33")',
    '!format.dns1123Label().validate("my-name").hasValue() && format.dns1123Label().validate("My_Name").hasValue() && format.named("uuid").hasValue() && !format.named("nope").hasValue()',
    'sets.contains([1, 2, 3], [1, 2]) && sets.equivalent([1, 2], [2, 1, 1]) && sets.intersects(["a"], ["b", "a"]) && !sets.contains([1], [2]) && strings.quote("a\\"b") == "\\"a\\\\\\"b\\""',
    '[1, 2, 3].all(i, v, v > i) && {"a": 1}.exists(k, v, k == "a" && v == 1) && [1, 2, 2].existsOne(i, v, v == 1) && [1, 2, 3].transformList(i, v, i > 0, v * 2) == [4, 6] && {"a": 1}.transformMap(k, v, v + 1)["a"] == 2',
    'quantity("1Gi").add(quantity("512Mi")) == quantity("1536Mi") && quantity("1").sub(quantity("500m")).asApproximateFloat() == 0.5 && quantity("1").add(2).asInteger() == 3',
    'duration("1h30m") > duration("90s") && timestamp("2024-01-01T00:00:00Z") < timestamp("2024-01-02T00:00:00Z")',
  ])('%s', (rule) => {
    expect(holds(rule)).toEqual([]);
  });

  test('runtime errors of library functions are reported', () => {
    expect(holds('[0].min() == 0 && quantity("bad").sign() == 1')).toEqual([
      'spec: Invalid value: "object": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\' evaluating rule: [0].min() == 0 && quantity("bad").sign() == 1',
    ]);
  });
});

test("a rule's own fields are checked before it is compiled", () => {
  const rules = [
    { rule: ' ' },
    { rule: 'self.n > 0', message: 'two\nlines' },
    { rule: 'self.n > 0 &&\nself.n < 5' },
    { rule: 'self.n > 0', messageExpression: ' ' },
    { rule: 'self.n > 0', reason: 'FieldValueBad' },
    { rule: 'self.n > 0', fieldPath: '.missing' },
    { rule: 'this does not compile' },
  ];
  expect(ruleCompilationErrors(specWith(rules)).map(errorString)).toEqual([
    `${AT}.x-kubernetes-validations[0].rule: Required value: rule is not specified`,
    `${AT}.x-kubernetes-validations[1].message: Invalid value: "two\\nlines": message must not contain line breaks`,
    `${AT}.x-kubernetes-validations[2].message: Required value: message must be specified if rule contains line breaks`,
    `${AT}.x-kubernetes-validations[3].messageExpression: Required value: messageExpression must be non-empty if specified`,
    `${AT}.x-kubernetes-validations[4].reason: Unsupported value: "FieldValueBad": supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"`,
    `${AT}.x-kubernetes-validations[5].fieldPath: Invalid value: ".missing": fieldPath must be a valid path`,
  ]);
});

test('a valid fieldPath passes', () => {
  expect(ruleCompilationErrors(specWith([{ rule: 'self.n > 0', fieldPath: '.n' }]))).toEqual([]);
});

test('runtime errors of the IP library are upstream\'s', () => {
  const schema = { type: 'object', properties: { spec: { type: 'object', properties: { s: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: 'ip(self.s).family() == 4' }] } } } as JSONSchemaProps;
  expect(validateRules(schema, { spec: { s: '1.2.3' } }).map(errorString)).toEqual([
    'spec: Invalid value: "object": IP Address "1.2.3" parse error during conversion from string: ParseAddr("1.2.3"): IPv4 address too short evaluating rule: ip(self.s).family() == 4',
  ]);
  expect(validateRules(schema, { spec: { s: '::ffff:1.2.3.4' } }).map(errorString)).toEqual([
    'spec: Invalid value: "object": IPv4-mapped IPv6 address "::ffff:1.2.3.4" is not allowed evaluating rule: ip(self.s).family() == 4',
  ]);
});

test('two-variable comprehensions type their variables from the schema', () => {
  const spec = definition({
    type: 'object',
    properties: { labels: { type: 'object', additionalProperties: { type: 'string' } } },
    'x-kubernetes-validations': [{ rule: 'self.labels.all(k, v, k.size() < 10 && v.size() < 5)', message: 'short labels' }],
  });
  expect(ruleCompilationErrors(spec)).toEqual([]);
  const bad = definition({ type: 'object', properties: { labels: { type: 'object', additionalProperties: { type: 'string' } } }, 'x-kubernetes-validations': [{ rule: 'self.labels.all(k, v, v > 1)' }] });
  expect(ruleCompilationErrors(bad)[0]?.detail).toMatch(/^compilation failed: ERROR: <input>:1:25: found no matching overload for '_>_' applied to '\(string, int\)'/);
  const schema = spec.versions[0]!.schema.openAPIV3Schema;
  expect(validateRules(schema, { spec: { labels: { app: 'web', tier: 'frontend' } } }).map(errorString)).toEqual(['spec: Invalid value: "object": short labels']);
});
