// The CEL environment x-kubernetes-validations rules run in: the CEL standard library of
// @marcbachmann/cel-js (macros, has(), size, matches, startsWith/endsWith/contains, timestamps,
// durations, and the strings functions lowerAscii, upperAscii, trim, split, join, indexOf,
// lastIndexOf, substring it already has) plus what the Kubernetes CEL libraries add: strings
// charAt and replace, lists isSorted/sum/min/max/indexOf/lastIndexOf, regex find/findAll, and
// url()/isURL() with the URL accessors.
import { Environment, EvaluationError } from '@marcbachmann/cel-js';
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

/** Go's RE2 syntax is close enough to JavaScript's for rule patterns. */
function regex(pattern: string, flags = ''): RegExp {
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    throw new EvaluationError(`error parsing regexp: ${(error as Error).message}`);
  }
}

/** A parsed URL value (kubernetes url library). */
export class KubernetesURL {
  constructor(readonly url: URL) {}
}

function parseURL(text: string): KubernetesURL {
  if (!URL.canParse(text) || !/^[a-zA-Z][a-zA-Z0-9+.-]*:|^\//.test(text)) {
    throw new EvaluationError(`URL parse error during conversion from string: parse "${text}": invalid URI for request`);
  }
  return new KubernetesURL(new URL(text));
}

function query(url: URL): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of url.searchParams) out.set(key, [...(out.get(key) ?? []), value]);
  return out;
}

const isDefaultPort = (url: URL) => url.port === '';

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
    .registerFunction('string.find(string): string', (s: string, p: string) => regex(p).exec(s)?.[0] ?? '')
    .registerFunction('string.findAll(string): list<string>', (s: string, p: string) => [...s.matchAll(regex(p, 'g'))].map((m) => m[0]))
    .registerFunction('string.findAll(string, int): list<string>', (s: string, p: string, n: bigint) => {
      const all = [...s.matchAll(regex(p, 'g'))].map((m) => m[0]);
      return n < 0n ? all : all.slice(0, Number(n));
    })
    .registerFunction('list<A>.isSorted(): bool', (l: Comparable[]) => l.every((x, i) => i === 0 || compare(l[i - 1]!, x) <= 0))
    .registerFunction('list<A>.sum(): A', (l: Array<bigint | number>) => (l.length === 0 ? 0n : l.reduce((a, b) => (typeof a === 'bigint' && typeof b === 'bigint' ? a + b : Number(a) + Number(b)))))
    .registerFunction('list<A>.min(): A', (l: Comparable[]) => extreme(l, -1, 'min'))
    .registerFunction('list<A>.max(): A', (l: Comparable[]) => extreme(l, 1, 'max'))
    .registerFunction('list<A>.indexOf(A): int', (l: unknown[], v: unknown) => BigInt(l.findIndex((x) => celEqual(x, v))))
    .registerFunction('list<A>.lastIndexOf(A): int', (l: unknown[], v: unknown) => BigInt(l.findLastIndex((x) => celEqual(x, v))))
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
    .registerFunction('kubernetes.URL.getScheme(): string', (u: KubernetesURL) => u.url.protocol.replace(/:$/, ''))
    .registerFunction('kubernetes.URL.getHost(): string', (u: KubernetesURL) => u.url.host)
    .registerFunction('kubernetes.URL.getHostname(): string', (u: KubernetesURL) => u.url.hostname.replace(/^\[|\]$/g, ''))
    .registerFunction('kubernetes.URL.getPort(): string', (u: KubernetesURL) => (isDefaultPort(u.url) ? '' : u.url.port))
    .registerFunction('kubernetes.URL.getEscapedPath(): string', (u: KubernetesURL) => u.url.pathname)
    .registerFunction('kubernetes.URL.getQuery(): map<string, list<string>>', (u: KubernetesURL) => query(u.url));
  return env;
}

/** The environment with every library function; clone it to declare variables and types. */
export const kubernetesLibrary: Environment = build();
