// The CEL environment x-kubernetes-validations rules run in: the CEL standard library of
// @marcbachmann/cel-js (macros, size, startsWith/endsWith/contains, timestamps, durations, and
// the strings functions lowerAscii, upperAscii, trim, split, join, indexOf, lastIndexOf,
// substring it already has) plus what upstream's CEL and the Kubernetes libraries add: has()
// of any operand (presence.ts), two-variable comprehensions (twoVariables.ts), RE2-style
// matches/find/findAll (regex.ts), strings charAt, replace and format, lists
// isSorted/sum/min/max/indexOf/lastIndexOf, url()/isURL() with the URL accessors,
// quantity()/isQuantity() with comparisons, add and sub, strings.quote,
// sets.contains/equivalent/intersects, the IP and CIDR libraries (network.ts) and the named
// formats (namedFormats.ts).
import { Environment, EvaluationError } from '@marcbachmann/cel-js';
import { Quantity } from '../../../validation/index.js';
import { registerFormatLibrary } from './namedFormats.js';
import { registerNetworkLibrary } from './network.js';
import { registerPresenceMacro } from './presence.js';
import { registerRegexFunctions } from './regex.js';
import { registerTwoVariableComprehensions } from './twoVariables.js';
import { formatString } from './stringFormat.js';
import { celEqual } from './values.js';

type Comparable = bigint | number | string | boolean | Date;

function compare(a: Comparable, b: Comparable): number {
  const x = a instanceof Date ? a.getTime() : a;
  const y = b instanceof Date ? b.getTime() : b;
  return x < y ? -1 : x > y ? 1 : 0;
}

function extreme(list: Comparable[], sign: number, name: string): Comparable {
  if (list.length === 0) throw new EvaluationError(`${name} called on empty list`);
  return list.reduce((best, item) => (compare(item, best) * sign > 0 ? item : best));
}

/** Objects whose methods are namespaced functions (`sets.contains(...)`, `strings.quote(...)`). */
export class SetsNamespace {}
export class StringsNamespace {}

/** strings.quote: the string as a CEL double-quoted literal. */
function quote(s: string): string {
  const escapes: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\x07': '\\a' };
  return `"${[...s].map((c) => escapes[c] ?? c).join('')}"`;
}

/** A parsed URL value (kubernetes url library). */
export class KubernetesURL {
  /** relative: an absolute path without scheme and host (`/a/b`), which url() accepts too. */
  constructor(readonly url: URL, readonly relative: boolean) {}
}

const RELATIVE_BASE = 'http://relative.invalid';

function parseURL(text: string): KubernetesURL {
  const relative = text.startsWith('/');
  if (!(relative ? URL.canParse(text, RELATIVE_BASE) : /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(text) && URL.canParse(text))) {
    throw new EvaluationError(`URL parse error during conversion from string: parse "${text}": invalid URI for request`);
  }
  return new KubernetesURL(relative ? new URL(text, RELATIVE_BASE) : new URL(text), relative);
}

function query(url: URL): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of url.searchParams) out.set(key, [...(out.get(key) ?? []), value]);
  return out;
}

function parseQuantity(text: string): Quantity {
  try {
    return Quantity.parse(text);
  } catch (error) {
    throw new EvaluationError((error as Error).message);
  }
}

/** The sum of two quantities (sign -1: the difference), exact. */
function addQuantities(a: Quantity, b: Quantity, sign: 1n | -1n): Quantity {
  const scale = Math.min(a.scale, b.scale);
  const at = (q: Quantity) => q.unscaled * 10n ** BigInt(q.scale - scale);
  return Quantity.parse(`${at(a) + sign * at(b)}e${scale}`);
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** The quantity's exact integer value, if it has one that fits an int. */
function integerValue(q: Quantity): bigint | undefined {
  const value = q.scale >= 0 ? q.unscaled * 10n ** BigInt(q.scale) : q.unscaled / 10n ** BigInt(-q.scale);
  if (q.scale < 0 && value * 10n ** BigInt(-q.scale) !== q.unscaled) return undefined;
  return value >= INT64_MIN && value <= INT64_MAX ? value : undefined;
}

function build(): Environment {
  const env = new Environment({ enableOptionalTypes: true });
  env
    .registerFunction('string.charAt(int): string', (s: string, i: bigint) => {
      const chars = [...s];
      if (i < 0n || i > BigInt(chars.length)) throw new EvaluationError(`index out of range: ${i}`);
      return chars[Number(i)] ?? '';
    })
    .registerFunction('string.replace(string, string): string', (s: string, a: string, b: string) => s.split(a).join(b))
    .registerFunction('string.replace(string, string, int): string', (s: string, a: string, b: string, n: bigint) => {
      if (n < 0n) return s.split(a).join(b);
      let out = s;
      let from = 0;
      for (let i = 0n; i < n; i++) {
        const at = out.indexOf(a, from);
        if (at < 0) break;
        out = out.slice(0, at) + b + out.slice(at + a.length);
        from = at + b.length;
      }
      return out;
    })
    .registerFunction('string.format(list<dyn>): string', (s: string, args: unknown[]) => formatString(s, args))
    .registerFunction('list<A>.isSorted(): bool', (l: Comparable[]) => l.every((x, i) => i === 0 || compare(l[i - 1]!, x) <= 0))
    .registerFunction('list<A>.sum(): A', (l: Array<bigint | number>) => (l.length === 0 ? 0n : l.reduce((a, b) => (typeof a === 'bigint' && typeof b === 'bigint' ? a + b : Number(a) + Number(b)))))
    .registerFunction('list<A>.min(): A', (l: Comparable[]) => extreme(l, -1, 'min'))
    .registerFunction('list<A>.max(): A', (l: Comparable[]) => extreme(l, 1, 'max'))
    .registerFunction('list<A>.indexOf(A): int', (l: unknown[], v: unknown) => BigInt(l.findIndex((x) => celEqual(x, v))))
    .registerFunction('list<A>.lastIndexOf(A): int', (l: unknown[], v: unknown) => BigInt(l.findLastIndex((x) => celEqual(x, v))))
    .registerType('kubernetes.SetsNamespace', SetsNamespace)
    .registerConstant('sets', 'kubernetes.SetsNamespace', new SetsNamespace())
    .registerFunction('kubernetes.SetsNamespace.contains(list<A>, list<A>): bool', (_ns: SetsNamespace, a: unknown[], b: unknown[]) => b.every((x) => a.some((y) => celEqual(x, y))))
    .registerFunction('kubernetes.SetsNamespace.equivalent(list<A>, list<A>): bool', (_ns: SetsNamespace, a: unknown[], b: unknown[]) =>
      b.every((x) => a.some((y) => celEqual(x, y))) && a.every((x) => b.some((y) => celEqual(x, y))))
    .registerFunction('kubernetes.SetsNamespace.intersects(list<A>, list<A>): bool', (_ns: SetsNamespace, a: unknown[], b: unknown[]) => a.some((x) => b.some((y) => celEqual(x, y))))
    .registerType('kubernetes.StringsNamespace', StringsNamespace)
    .registerConstant('strings', 'kubernetes.StringsNamespace', new StringsNamespace())
    .registerFunction('kubernetes.StringsNamespace.quote(string): string', (_ns: StringsNamespace, s: string) => quote(s))
    .registerType('kubernetes.URL', KubernetesURL)
    .registerFunction('url(string): kubernetes.URL', parseURL)
    .registerFunction('isURL(string): bool', (s: string) => {
      try {
        parseURL(s);
        return true;
      } catch {
        return false;
      }
    })
    .registerFunction('kubernetes.URL.getScheme(): string', (u: KubernetesURL) => (u.relative ? '' : u.url.protocol.replace(/:$/, '')))
    .registerFunction('kubernetes.URL.getHost(): string', (u: KubernetesURL) => (u.relative ? '' : u.url.host))
    .registerFunction('kubernetes.URL.getHostname(): string', (u: KubernetesURL) => (u.relative ? '' : u.url.hostname.replace(/^\[|\]$/g, '')))
    .registerFunction('kubernetes.URL.getPort(): string', (u: KubernetesURL) => (u.relative ? '' : u.url.port))
    .registerFunction('kubernetes.URL.getEscapedPath(): string', (u: KubernetesURL) => u.url.pathname)
    .registerFunction('kubernetes.URL.getQuery(): map<string, list<string>>', (u: KubernetesURL) => query(u.url))
    .registerType('kubernetes.Quantity', Quantity)
    .registerFunction('quantity(string): kubernetes.Quantity', parseQuantity)
    .registerFunction('isQuantity(string): bool', (s: string) => {
      try {
        Quantity.parse(s);
        return true;
      } catch {
        return false;
      }
    })
    .registerOperator('kubernetes.Quantity == kubernetes.Quantity', (a: Quantity, b: Quantity) => a.cmp(b) === 0)
    .registerFunction('kubernetes.Quantity.sign(): int', (q: Quantity) => BigInt(q.sign()))
    .registerFunction('kubernetes.Quantity.isInteger(): bool', (q: Quantity) => integerValue(q) !== undefined)
    .registerFunction('kubernetes.Quantity.asInteger(): int', (q: Quantity) => {
      const value = integerValue(q);
      if (value === undefined) throw new EvaluationError('cannot convert value to integer');
      return value;
    })
    .registerFunction('kubernetes.Quantity.asApproximateFloat(): double', (q: Quantity) => Number(q.unscaled) * 10 ** q.scale)
    .registerFunction('kubernetes.Quantity.add(kubernetes.Quantity): kubernetes.Quantity', (a: Quantity, b: Quantity) => addQuantities(a, b, 1n))
    .registerFunction('kubernetes.Quantity.add(int): kubernetes.Quantity', (a: Quantity, b: bigint) => addQuantities(a, Quantity.fromInt(b), 1n))
    .registerFunction('kubernetes.Quantity.sub(kubernetes.Quantity): kubernetes.Quantity', (a: Quantity, b: Quantity) => addQuantities(a, b, -1n))
    .registerFunction('kubernetes.Quantity.sub(int): kubernetes.Quantity', (a: Quantity, b: bigint) => addQuantities(a, Quantity.fromInt(b), -1n))
    .registerFunction('kubernetes.Quantity.compareTo(kubernetes.Quantity): int', (a: Quantity, b: Quantity) => BigInt(a.cmp(b)))
    .registerFunction('kubernetes.Quantity.isGreaterThan(kubernetes.Quantity): bool', (a: Quantity, b: Quantity) => a.cmp(b) > 0)
    .registerFunction('kubernetes.Quantity.isLessThan(kubernetes.Quantity): bool', (a: Quantity, b: Quantity) => a.cmp(b) < 0);
  registerPresenceMacro(env);
  registerRegexFunctions(env);
  registerTwoVariableComprehensions(env);
  registerNetworkLibrary(env);
  registerFormatLibrary(env);
  return env;
}

/** The environment with every library function; clone it to declare variables and types. */
export const kubernetesLibrary: Environment = build();
