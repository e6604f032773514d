// Compiling the x-kubernetes-validations rules of one schema node: each rule (and its
// messageExpression) is type-checked against the node's CEL type, must give a bool (a string
// for messageExpression) and have no bad literal arguments, and is parsed once into a program
// run against plain values. Records
// whether a rule is a transition rule (refers to oldSelf).
import type { ParseResult } from '@marcbachmann/cel-js';
import type { JSONSchemaProps } from '../types.js';
import { issueText } from './issues.js';
import { badLiteral } from './literals.js';
import { kubernetesLibrary } from './library.js';
import { renameCalls } from './renamedCalls.js';
import type { SchemaTypes } from './schemaTypes.js';

/** One entry of x-kubernetes-validations. */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

export type RuleSchema = JSONSchemaProps & { 'x-kubernetes-validations'?: ValidationRule[] };

export interface CompiledRule {
  rule: ValidationRule;
  /** Absent for an empty rule and for one that failed to compile. */
  program?: ParseResult;
  messageProgram?: ParseResult;
  usesOldSelf: boolean;
  /** Why the rule did not compile (upstream's detail). */
  error?: string;
  /** Why the messageExpression did not compile. */
  messageError?: string;
}

/** Programs run with self and oldSelf as plain values (the checker has already typed them);
 * with optionalOldSelf, oldSelf is an optional. */
const evaluator = kubernetesLibrary.clone().registerVariable('self', 'dyn').registerVariable('oldSelf', 'dyn');
const optionalEvaluator = kubernetesLibrary.clone().registerVariable('self', 'dyn').registerVariable('oldSelf', 'optional<dyn>');

function refersTo(node: unknown, name: string): boolean {
  if (Array.isArray(node)) return node.some((n) => refersTo(n, name));
  if (typeof node !== 'object' || node === null) return false;
  const { op, args } = node as { op?: string; args?: unknown };
  if (op === 'id') return args === name;
  return refersTo(args, name);
}

type Checked = { ok: true; type: string } | { ok: false; detail: string };

function check(types: SchemaTypes, schema: JSONSchemaProps, rule: ValidationRule, expression: string): Checked {
  try {
    const result = types.checker(schema, rule.optionalOldSelf === true).check(renameCalls(expression));
    if (result.valid) return { ok: true, type: result.type ?? 'dyn' };
    return { ok: false, detail: issueText(result.error as never, expression) };
  } catch (error) {
    return { ok: false, detail: issueText(error as never, expression) };
  }
}

export function compileRule(types: SchemaTypes, schema: JSONSchemaProps, rule: ValidationRule): CompiledRule {
  const source = rule.rule ?? '';
  if (source.trim() === '') return { rule, usesOldSelf: false };
  const checked = check(types, schema, rule, source);
  if (!checked.ok) return { rule, usesOldSelf: false, error: `compilation failed: ${checked.detail}` };
  if (checked.type !== 'bool') return { rule, usesOldSelf: false, error: 'cel expression must evaluate to a bool' };
  const program = (rule.optionalOldSelf === true ? optionalEvaluator : evaluator).parse(renameCalls(source));
  const literal = badLiteral(program.ast);
  if (literal) return { rule, usesOldSelf: false, error: `compilation failed: ${issueText({ summary: literal.message, message: literal.message, range: { start: literal.start, end: literal.start } }, source)}` };
  const compiled: CompiledRule = { rule, program, usesOldSelf: refersTo(program.ast, 'oldSelf') };
  const messageExpression = rule.messageExpression ?? '';
  if (messageExpression.trim() === '') return compiled;
  const message = check(types, schema, rule, messageExpression);
  if (!message.ok) compiled.messageError = `messageExpression compilation failed: ${message.detail}`;
  else if (message.type !== 'string') compiled.messageError = 'messageExpression must evaluate to a string';
  else compiled.messageProgram = evaluator.parse(renameCalls(messageExpression));
  return compiled;
}
