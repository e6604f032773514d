// has(e.f) for any operand e, as CEL defines it (`has(self.items[0].name)`,
// `has(self.matches[0].path)`): the CEL library's own has() only takes a chain of fields from
// a variable, so rules are compiled with every has( call renamed to a macro of the same length
// (positions in errors stay right) that type-checks e.f and tests whether e has the field f.
import { EvaluationError, type Environment } from '@marcbachmann/cel-js';

/** The macro has( calls are renamed to. */
const PRESENCE = 'h_s';

interface MacroNode { op: string; args: unknown }
interface Checker { check(node: unknown, ctx: unknown): unknown; getType(name: string): unknown; createError(code: string, message: string, node: unknown): Error }
interface Evaluator { run(node: unknown, ctx: unknown): unknown }
interface Macro { args: MacroNode[] }

const INVALID = 'invalid argument to has() macro';

function selection(macro: Macro): { operand: unknown; field: string } | undefined {
  const node = macro.args[0];
  if (node?.op !== '.') return undefined;
  const [operand, field] = node.args as [unknown, string];
  return { operand, field };
}

function typeCheck(checker: Checker, macro: Macro, ctx: unknown): unknown {
  if (!selection(macro)) throw checker.createError('invalid_macro_argument', INVALID, macro.args[0]);
  checker.check(macro.args[0], ctx);
  return checker.getType('bool');
}

function evaluate(evaluator: Evaluator, macro: Macro, ctx: unknown): boolean {
  const { operand, field } = selection(macro)!;
  const value = evaluator.run(operand, ctx);
  if (value instanceof Map) return value.has(field);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return Object.hasOwn(value, field);
  throw new EvaluationError('no such overload');
}

export function registerPresenceMacro(env: Environment): void {
  env.registerFunction(`${PRESENCE}(ast): bool`, ({ args }: Macro) => ({ args, async: false, typeCheck, evaluate }));
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

/** The expression with each has( macro call renamed (string literals and .has( calls kept). */
export function renamePresenceTests(source: string): string {
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
    const before = out.trimEnd().at(-1);
    const called = /^\s*\(/.test(source.slice(end));
    out += word === 'has' && called && before !== '.' ? PRESENCE : word;
    i = end;
  }
  return out;
}
