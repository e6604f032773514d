// Running a schema's rules against an object (and, on update, the object before it), as
// apiextensions-apiserver does: each node's rules see the value there as `self`; a node whose
// value is absent or null is skipped; transition rules (oldSelf) run only on update where an
// old value correlates (object properties, map values, items of list-type map lists by key),
// or with optionalOldSelf always (oldSelf an optional). A rule that does not use oldSelf and
// fails on a value equal to the old one is not reported (validation ratcheting). Failures
// become field errors with upstream's texts: `<path>: Invalid value: "<type>": <message>`,
// `failed rule: <rule>`, `<runtime error> evaluating rule: <rule>`.
import { Optional } from '@marcbachmann/cel-js';
import {
  duplicate, forbidden, invalid, required, type FieldError,
} from '../../../validation/index.js';
import { additionalSchema, isObject, type JSONSchemaProps, type JsonObject } from '../types.js';
import type { CompiledRule, ValidationRule } from './compile.js';
import { runtimeErrorText } from './issues.js';
import { normalizeRuleFieldPath } from './ruleFieldPath.js';
import { SchemaRules } from './schemaRules.js';
import { celEqual as jsonEqual, toCelValue } from './values.js';

const MAX_MESSAGE_BYTES = 5000;

const ROOT = '<nil>';
const child = (path: string, name: string) => (path === ROOT ? name : `${path}.${name}`);
const indexed = (path: string, key: string | number) => `${path}[${key}]`;

/** The rule's message, else the rule itself: how upstream names a rule in errors. */
function ruleErrorString(rule: ValidationRule): string {
  return rule.message && rule.message.length > 0 ? rule.message.trim() : rule.rule.trim();
}

function defaultMessage(rule: ValidationRule): string {
  return rule.message && rule.message.length > 0 ? rule.message.trim() : `failed rule: ${rule.rule.trim()}`;
}

function errorForReason(path: string, type: string, detail: string, reason: string | undefined): FieldError {
  switch (reason) {
    case 'FieldValueForbidden': return forbidden(path, detail);
    case 'FieldValueRequired': return required(path, detail);
    case 'FieldValueDuplicate': return duplicate(path, type);
    default: return invalid(path, type, detail);
  }
}

/** A messageExpression's result when it is usable (a non-empty one-line string). */
function evaluatedMessage(compiled: CompiledRule, context: Record<string, unknown>): string | undefined {
  try {
    const value: unknown = compiled.messageProgram?.(context);
    if (typeof value !== 'string') return undefined;
    const message = value.trim();
    if (message === '' || message.includes('\n') || Buffer.byteLength(message) > MAX_MESSAGE_BYTES) return undefined;
    return message;
  } catch {
    return undefined;
  }
}

/** The old item a list-type map item correlates with (same key values). */
function correlatedItem(schema: JSONSchemaProps, item: unknown, old: unknown): unknown {
  if (schema['x-kubernetes-list-type'] !== 'map' || !Array.isArray(old) || !isObject(item)) return undefined;
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  return old.find((o) => isObject(o) && keys.every((k) => jsonEqual(o[k], item[k])));
}

class RuleRun {
  readonly errors: FieldError[] = [];
  constructor(private readonly rules: SchemaRules) {}

  node(schema: JSONSchemaProps, value: unknown, old: unknown, path: string, unchanged: boolean, resourceRoot: boolean): void {
    if (value === null || value === undefined) return;
    const compiled = this.rules.at(schema);
    if (compiled.length > 0) this.evaluate(schema, compiled, value, old, path, unchanged, resourceRoot);
    if (Array.isArray(value)) {
      const items = schema.items;
      if (!items) return;
      const embedded = items['x-kubernetes-embedded-resource'] === true;
      value.forEach((item, i) => {
        const oldItem = correlatedItem(schema, item, old);
        const same = oldItem === undefined ? unchanged : jsonEqual(item, oldItem);
        this.node(items, item, oldItem, indexed(path, i), same, embedded);
      });
      return;
    }
    if (!isObject(value)) return;
    const oldObject: JsonObject | undefined = isObject(old) ? old : undefined;
    const properties = schema.properties ?? {};
    const additional = additionalSchema(schema);
    for (const [key, item] of Object.entries(value)) {
      const property = properties[key];
      const sub = property ?? additional;
      if (!sub) continue;
      const oldItem = oldObject?.[key];
      const at = property ? child(path, key) : indexed(path, key);
      this.node(sub, item, oldItem, at, oldItem !== undefined && jsonEqual(item, oldItem), sub['x-kubernetes-embedded-resource'] === true);
    }
  }

  private evaluate(schema: JSONSchemaProps, rules: CompiledRule[], value: unknown, old: unknown, path: string, unchanged: boolean, resourceRoot: boolean): void {
    const type = schema.type ?? '';
    const self = toCelValue(value, schema, resourceRoot);
    const oldSelf = old === undefined || old === null ? undefined : toCelValue(old, schema, resourceRoot);
    const context = { self, oldSelf };
    for (const compiled of rules) {
      const { rule } = compiled;
      if (compiled.error) {
        this.errors.push(invalid(path, type, `rule compile error: ${compiled.error}`));
        continue;
      }
      if (!compiled.program) continue;
      const optional = rule.optionalOldSelf === true;
      if (compiled.usesOldSelf && oldSelf === undefined && !optional) continue;
      const ruleContext = optional ? { self, oldSelf: oldSelf === undefined ? Optional.none() : Optional.of(oldSelf) } : context;
      let result: unknown;
      try {
        result = compiled.program(ruleContext);
      } catch (error) {
        const text = runtimeErrorText(error as never);
        const detail = text.startsWith('no such overload')
          ? `'${text}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(rule)}`
          : `${text} evaluating rule: ${ruleErrorString(rule)}`;
        this.errors.push(invalid(path, type, detail));
        continue;
      }
      if (result === true) continue;
      if (unchanged && !compiled.usesOldSelf) continue;
      const relative = rule.fieldPath ? normalizeRuleFieldPath(rule.fieldPath, schema) : undefined;
      const at = relative ? child(path, relative) : path;
      const detail = (compiled.messageProgram && evaluatedMessage(compiled, context)) || defaultMessage(rule);
      this.errors.push(errorForReason(at, type, detail, rule.reason));
    }
  }
}

/** Whether a root schema has any x-kubernetes-validations rules. */
export function hasValidationRules(schema: JSONSchemaProps): boolean {
  return SchemaRules.of(schema) !== null;
}

/** The field errors of the rules of a custom object's schema (old: the object before an update). */
export function validateRules(schema: JSONSchemaProps, object: unknown, old?: unknown): FieldError[] {
  const rules = SchemaRules.of(schema);
  if (!rules) return [];
  const run = new RuleRun(rules);
  run.node(schema, object, old, ROOT, old !== undefined && jsonEqual(object, old), true);
  return run.errors;
}
