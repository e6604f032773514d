// Calls the CEL library answers differently from upstream's CEL, renamed in a rule's source
// before it compiles to functions of ours with names of the same length (positions in errors
// stay right): has( → the presence macro (any operand), matches( → RE2-style regular
// expressions. String literals and other identifiers are left alone.
import { PRESENCE } from './presence.js';
import { MATCHES } from './regex.js';

/** name → replacement, and whether it is renamed as a global call, a receiver call, or both. */
const RENAMES: Record<string, { to: string; global: boolean; receiver: boolean }> = {
  has: { to: PRESENCE, global: true, receiver: false },
  matches: { to: MATCHES, global: true, receiver: true },
};

/** The name a rule wrote for a renamed function (for error messages). */
export function writtenName(name: string): string {
  return Object.entries(RENAMES).find(([, rename]) => rename.to === name)?.[0] ?? name;
}

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;
const STRING_PREFIX = /^(?:r|R|b|B|rb|rB|Rb|RB|br|bR|Br|BR)$/;

/** The end of the string literal starting at `at` (a quote), raw or not. */
function stringEnd(source: string, at: number, raw: boolean): number {
  const quote = source[at]!;
  const triple = source.startsWith(quote.repeat(3), at);
  const close = triple ? quote.repeat(3) : quote;
  let i = at + close.length;
  while (i < source.length) {
    if (!raw && source[i] === '\\') i += 2;
    else if (source.startsWith(close, i)) return i + close.length;
    else i++;
  }
  return source.length;
}

/** The expression with the calls of RENAMES renamed. */
export function renameCalls(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '"' || c === "'") {
      const end = stringEnd(source, i, false);
      out += source.slice(i, end);
      i = end;
      continue;
    }
    if (!IDENTIFIER_START.test(c)) {
      out += c;
      i++;
      continue;
    }
    let end = i + 1;
    while (end < source.length && IDENTIFIER_PART.test(source[end]!)) end++;
    const word = source.slice(i, end);
    const next = source[end];
    if (STRING_PREFIX.test(word) && (next === '"' || next === "'")) {
      const stringStop = stringEnd(source, end, /r/i.test(word));
      out += source.slice(i, stringStop);
      i = stringStop;
      continue;
    }
    const rename = Object.hasOwn(RENAMES, word) ? RENAMES[word] : undefined;
    const receiver = out.trimEnd().at(-1) === '.';
    const called = /^\s*\(/.test(source.slice(end));
    out += rename && called && (receiver ? rename.receiver : rename.global) ? rename.to : word;
    i = end;
  }
  return out;
}
