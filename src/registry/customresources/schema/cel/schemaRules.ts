// The compiled rules of a whole structural schema, made once per schema object (cached by
// identity) and kept for every request that schema validates: rules of each node, keyed by
// the node's schema object.
import { additionalSchema, type JSONSchemaProps } from '../types.js';
import { compileRule, type CompiledRule, type RuleSchema, type ValidationRule } from './compile.js';
import { SchemaTypes } from './schemaTypes.js';

function children(schema: JSONSchemaProps): JSONSchemaProps[] {
  const out = Object.values(schema.properties ?? {});
  if (schema.items) out.push(schema.items);
  const additional = additionalSchema(schema);
  if (additional) out.push(additional);
  return out;
}

function hasRules(schema: JSONSchemaProps): boolean {
  return ((schema as RuleSchema)['x-kubernetes-validations'] ?? []).length > 0 || children(schema).some(hasRules);
}

export class SchemaRules {
  private readonly rules = new Map<JSONSchemaProps, CompiledRule[]>();

  private constructor(root: JSONSchemaProps) {
    let compile: (schema: JSONSchemaProps, rule: ValidationRule) => CompiledRule;
    try {
      const types = new SchemaTypes(root);
      compile = (schema, rule) => compileRule(types, schema, rule);
    } catch (error) {
      // The schema's types could not be declared: every rule reports it instead of running.
      compile = (_schema, rule) => ({ rule, usesOldSelf: false, error: `rule compiler initialization error: ${(error as Error).message}` });
    }
    const visit = (schema: JSONSchemaProps): void => {
      const declared = (schema as RuleSchema)['x-kubernetes-validations'] ?? [];
      if (declared.length > 0) this.rules.set(schema, declared.map((rule) => compile(schema, rule)));
      children(schema).forEach(visit);
    };
    visit(root);
  }

  /** The compiled rules of a node (none: empty list). */
  at(schema: JSONSchemaProps): CompiledRule[] {
    return this.rules.get(schema) ?? [];
  }

  private static readonly cache = new WeakMap<JSONSchemaProps, SchemaRules | null>();

  /** The rules of a root schema, compiled on first use; null when it has none. */
  static of(root: JSONSchemaProps): SchemaRules | null {
    let rules = SchemaRules.cache.get(root);
    if (rules === undefined) {
      rules = hasRules(root) ? new SchemaRules(root) : null;
      SchemaRules.cache.set(root, rules);
    }
    return rules;
  }
}
