// The two-variable comprehensions of upstream's CEL (Kubernetes 1.32+): on a list the variables
// are index and element, on a map key and value. all, exists and existsOne test a predicate;
// transformList and transformMap build a list or a map from an expression, with an optional
// filter before it. Errors inside all/exists only count when no other element decides the
// answer, as CEL's logical operators have it.
import { EvaluationError, type Environment } from '@marcbachmann/cel-js';

interface TypeDecl { kind: string; keyType?: TypeDecl; valueType?: TypeDecl; isDynOrBool(): boolean }
interface Scope { forkWithVariable(name: string, type: TypeDecl): Scope; setIterValue(value: unknown, evaluator: unknown): Scope }
interface Checker { check(node: unknown, scope: Scope): TypeDecl; getType(name: string): TypeDecl; createError(code: string, message: string, node: unknown): Error }
interface Evaluator { run(node: unknown, scope: Scope): unknown }
interface Node { op: string; args: unknown }
interface Macro { args: Node[]; receiver: Node; name: string; dyn?: TypeDecl }

type Name = 'all' | 'exists' | 'existsOne' | 'transformList' | 'transformMap';
const PREDICATES = new Set<Name>(['all', 'exists', 'existsOne']);

function variableName(checker: Checker, macro: Macro, node: Node | undefined): string {
  if (node?.op !== 'id' || typeof node.args !== 'string') throw checker.createError('invalid_macro_argument', `${macro.name}() variable name must be a simple identifier`, node);
  return node.args;
}

function typeCheck(checker: Checker, macro: Macro, scope: Scope): TypeDecl {
  const [first, second, ...body] = macro.args;
  const names = [variableName(checker, macro, first), variableName(checker, macro, second)];
  const dyn = checker.getType('dyn');
  macro.dyn = dyn;
  const range = checker.check(macro.receiver, scope);
  const [keyType, valueType] = range.kind === 'list' ? [checker.getType('int'), range.valueType ?? dyn]
    : range.kind === 'map' ? [range.keyType ?? dyn, range.valueType ?? dyn] : [dyn, dyn];
  const inner = scope.forkWithVariable(names[0]!, keyType).forkWithVariable(names[1]!, valueType);
  const conditions = PREDICATES.has(macro.name as Name) ? body : body.slice(0, -1);
  for (const condition of conditions) {
    if (!checker.check(condition, inner).isDynOrBool()) throw checker.createError('invalid_condition_type', `${macro.name}() condition must return bool`, condition);
  }
  if (!PREDICATES.has(macro.name as Name)) checker.check(body.at(-1), inner);
  if (macro.name === 'transformList') return checker.getType('list<dyn>');
  if (macro.name === 'transformMap') return checker.getType('map<dyn, dyn>');
  return checker.getType('bool');
}

function entries(value: unknown): Array<[unknown, unknown]> {
  if (Array.isArray(value)) return value.map((v, i) => [BigInt(i), v]);
  if (value instanceof Map) return [...value.entries()];
  if (typeof value === 'object' && value !== null) return Object.entries(value);
  throw new EvaluationError('no such overload');
}

function evaluate(evaluator: Evaluator, macro: Macro, scope: Scope): unknown {
  const [first, second, ...body] = macro.args as [Node, Node, ...Node[]];
  const dyn = macro.dyn!;
  const run = (key: unknown, value: unknown, node: Node): unknown => {
    const withKey = scope.forkWithVariable(first.args as string, dyn).setIterValue(key, evaluator);
    return evaluator.run(node, withKey.forkWithVariable(second.args as string, dyn).setIterValue(value, evaluator));
  };
  const items = entries(evaluator.run(macro.receiver, scope));
  switch (macro.name as Name) {
    case 'all':
    case 'exists': {
      const decisive = macro.name === 'exists';
      let error: unknown;
      for (const [k, v] of items) {
        try {
          if (run(k, v, body[0]!) === decisive) return decisive;
        } catch (e) {
          error ??= e;
        }
      }
      if (error) throw error;
      return !decisive;
    }
    case 'existsOne':
      return items.filter(([k, v]) => run(k, v, body[0]!) === true).length === 1;
    case 'transformList':
      return items.filter(([k, v]) => body.length === 1 || run(k, v, body[0]!) === true).map(([k, v]) => run(k, v, body.at(-1)!));
    default:
      return new Map(items.filter(([k, v]) => body.length === 1 || run(k, v, body[0]!) === true).map(([k, v]) => [k, run(k, v, body.at(-1)!)]));
  }
}

export function registerTwoVariableComprehensions(env: Environment): void {
  const forms: Array<[Name, number]> = [['all', 3], ['exists', 3], ['existsOne', 3], ['transformList', 3], ['transformList', 4], ['transformMap', 3], ['transformMap', 4]];
  for (const [name, arity] of forms) {
    for (const receiver of ['list', 'map']) {
      const params = Array(arity).fill('ast').join(', ');
      env.registerFunction(`${receiver}.${name}(${params}): dyn`, ({ args, receiver: target }: { args: Node[]; receiver: Node }) =>
        ({ args, receiver: target, name, async: false, typeCheck, evaluate }));
    }
  }
}
