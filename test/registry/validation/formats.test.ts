import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
} from '../../../src/registry/validation/index.js';
import {
  cidrLegacyErrors,
  ipLegacyErrors,
  isConfigMapKey,
  isEnvVarName,
  isRelaxedEnvVarName,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  parseIPSloppy,
} from '../../../src/registry/validation/formats.js';

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

describe('names', () => {
  test('DNS-1123 subdomain', () => {
    expect(isDNS1123Subdomain('my.app-1')).toEqual([]);
    expect(isDNS1123Subdomain('My_App')).toEqual([SUBDOMAIN]);
    expect(isDNS1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
  });

  test('DNS-1123 label, with the dots hint', () => {
    expect(isDNS1123Label('web-1')).toEqual([]);
    expect(isDNS1123Label('Web')).toEqual([LABEL]);
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
    expect(isDNS1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });

  test('DNS-1035 label (Service names)', () => {
    expect(isDNS1035Label('web')).toEqual([]);
    expect(isDNS1035Label('1web')).toEqual([DNS1035]);
  });

  test('qualified names (label keys, annotation keys)', () => {
    expect(isQualifiedName('app.kubernetes.io/name')).toEqual([]);
    expect(isQualifiedName('bad key')).toEqual([
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
    expect(isQualifiedName('/x')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('a/b/c')).toEqual([
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
    expect(isQualifiedName('Example.com/x')[0]).toBe(`prefix part ${SUBDOMAIN}`);
  });

  test('label values', () => {
    expect(isValidLabelValue('')).toEqual([]);
    expect(isValidLabelValue('-x')).toEqual([
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });
});

describe('ports, percents, env and config keys', () => {
  test('ports', () => {
    expect(isValidPortNum(0)).toEqual(['must be between 1 and 65535, inclusive']);
    expect(isValidPortName('http')).toEqual([]);
    expect(isValidPortName('a-very-long-port-name')).toEqual(['must be no more than 15 characters']);
    expect(isValidPortName('80')).toEqual(['must contain at least one letter (a-z)']);
    expect(isValidPortName('a--b')).toEqual(['must not contain consecutive hyphens']);
    expect(isValidPortName('Http')).toEqual(['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']);
  });

  test('percent', () => {
    expect(isValidPercent('25%')).toEqual([]);
    expect(isValidPercent('25')).toEqual([
      "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]);
  });

  test('environment variable names, strict and relaxed', () => {
    expect(isEnvVarName('1X')[0]).toContain('a valid environment variable name must consist of alphabetic characters');
    expect(isRelaxedEnvVarName('1X')).toEqual([]);
    expect(isRelaxedEnvVarName('A=B')).toEqual(["a valid environment variable name must consist only of printable ASCII characters other than '='"]);
  });

  test('config keys', () => {
    expect(isConfigMapKey('app.conf')).toEqual([]);
    expect(isConfigMapKey('..x')).toEqual(["must not start with '..'"]);
    expect(isConfigMapKey('a/b')).toEqual([
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });
});

describe('IP addresses (legacy, sloppy parsing)', () => {
  test('accepts IPv4 with leading zeros and IPv6, rejects the rest', () => {
    expect(parseIPSloppy('10.0.0.1')).toBe(4);
    expect(parseIPSloppy('010.000.000.001')).toBe(4);
    expect(parseIPSloppy('2001:db8::1')).toBe(6);
    expect(parseIPSloppy('::ffff:1.2.3.4')).toBe(6);
    expect(ipLegacyErrors('1.2.3')).toEqual(['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']);
    expect(cidrLegacyErrors('10.0.0.0/8')).toEqual([]);
    expect(cidrLegacyErrors('10.0.0.0/33')).toEqual(['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']);
  });
});
