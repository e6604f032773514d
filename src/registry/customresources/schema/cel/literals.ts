// The literal checks upstream's CEL environment runs after type-checking a rule: a constant
// argument of duration(), timestamp() or matches() that could never work is a compile error
// (`invalid duration argument`) at the literal, not a failure of every object later.
import { Environment } from '@marcbachmann/cel-js';
import { MATCHES, celRegex } from './regex.js';

interface Node { op: string; args: unknown; start?: number }

const parsers = new Environment().registerVariable('s', 'string');
const CHECKS: Record<string, (literal: string) => unknown> = {
  duration: (s) => parsers.evaluate('duration(s)', { s }),
  timestamp: (s) => parsers.evaluate('timestamp(s)', { s }),
  [MATCHES]: (s) => celRegex(s),
};

/** The written name of a checked function (matches is renamed before compiling). */
const writtenName = (name: string) => (name === MATCHES ? 'matches' : name);

function literalArgument(node: Node): { name: string; literal: Node } | undefined {
  const args = node.args as unknown[];
  let name: string;
  let position: number;
  let list: Node[];
  if (node.op === 'call') {
    [name, list] = args as [string, Node[]];
    position = name === MATCHES ? 1 : 0;
  } else if (node.op === 'rcall') {
    name = args[0] as string;
    list = args[2] as Node[];
    position = 0;
  } else {
    return undefined;
  }
  const literal = list?.[position];
  if (!CHECKS[name] || literal?.op !== 'value' || typeof literal.args !== 'string') return undefined;
  return { name, literal };
}

/** The first bad literal of an expression's AST: where it starts and what upstream says. */
export function badLiteral(node: unknown): { start: number; message: string } | undefined {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = badLiteral(child);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof node !== 'object' || node === null) return undefined;
  const call = literalArgument(node as Node);
  if (call) {
    try {
      CHECKS[call.name]!(call.literal.args as string);
    } catch {
      return { start: call.literal.start ?? 0, message: `invalid ${writtenName(call.name)} argument` };
    }
  }
  return badLiteral((node as Node).args);
}
