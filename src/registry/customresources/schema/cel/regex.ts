// Regular expressions as CEL (RE2) writes them, run by JavaScript's engine: inline flags
// `(?i)`, `(?s)`, `(?m)` at the start (or right after `^`) become RegExp flags; `(?P<name>`
// named groups, `\A` and `\z` anchors and POSIX classes (`[[:alpha:]]`) are translated.
// Lookarounds and backreferences are refused as RE2 refuses them. Compiled once per pattern.
import { EvaluationError, type Environment } from '@marcbachmann/cel-js';

/** The function matches( calls are renamed to (same length as `matches`). */
export const MATCHES = 'm_tches';

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F', digit: '0-9',
  graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@[-`{-~', space: '\\t\\n\\v\\f\\r ', upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

const cache = new Map<string, RegExp>();

function translate(pattern: string): { source: string; flags: string } {
  let source = pattern;
  let flags = '';
  const leading = /^(\^?)\(\?([imsU]+)\)/.exec(source);
  if (leading) {
    flags = [...new Set(leading[2]!.replace('U', ''))].join('');
    source = leading[1]! + source.slice(leading[0].length);
  }
  source = source
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$(?![\\s\\S])')
    .replace(/\[:(\^?)([a-z]+):\]/g, (match, negate: string, name: string) => (POSIX[name] && !negate ? POSIX[name] : match));
  return { source, flags };
}

/** RE2 has no lookaround and no backreferences. */
const UNSUPPORTED = /\(\?<?[=!]|\\[1-9]/;

/** The RegExp of a CEL pattern (global for findAll when asked). */
export function celRegex(pattern: string, global = false): RegExp {
  const key = `${global ? 'g' : ''}/${pattern}`;
  let regex = cache.get(key);
  if (!regex) {
    const unsupported = UNSUPPORTED.exec(pattern);
    if (unsupported) throw new EvaluationError(`error parsing regexp: invalid or unsupported Perl syntax: \`${unsupported[0]}\``);
    const { source, flags } = translate(pattern);
    const all = flags + (global ? 'g' : '');
    try {
      regex = new RegExp(source, `${all}u`);
    } catch {
      try {
        regex = new RegExp(source, all);
      } catch (error) {
        throw new EvaluationError(`error parsing regexp: ${(error as Error).message}`);
      }
    }
    cache.set(key, regex);
  }
  regex.lastIndex = 0;
  return regex;
}

export function registerRegexFunctions(env: Environment): void {
  env
    .registerFunction(`string.${MATCHES}(string): bool`, (s: string, p: string) => celRegex(p).test(s))
    .registerFunction(`${MATCHES}(string, string): bool`, (s: string, p: string) => celRegex(p).test(s))
    .registerFunction('string.find(string): string', (s: string, p: string) => celRegex(p).exec(s)?.[0] ?? '')
    .registerFunction('string.findAll(string): list<string>', (s: string, p: string) => [...s.matchAll(celRegex(p, true))].map((m) => m[0]))
    .registerFunction('string.findAll(string, int): list<string>', (s: string, p: string, n: bigint) => {
      const all = [...s.matchAll(celRegex(p, true))].map((m) => m[0]);
      return n < 0n ? all : all.slice(0, Number(n));
    });
}
