// has(e.f) for any operand e, as CEL defines it (`has(self.items[0].name)`,
// `has(self.matches[0].path)`): the CEL library's own has() only takes a chain of fields from
// a variable, so rules call this macro instead (see renamedCalls.ts), which type-checks e.f and
// tests whether e has the field f.
import { EvaluationError, type Environment } from '@marcbachmann/cel-js';

/** The macro has( calls are renamed to (same length, so positions in errors stay right). */
export const PRESENCE = 'h_s';

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
