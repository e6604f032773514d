// The rules of a CustomResourceDefinition checked when it is written, as upstream refuses
// them: first the fields of each rule (a rule given, a one-line message, a known reason, a
// fieldPath that leads through the schema); then, where those are fine, a rule (or
// messageExpression) that does not compile, does not give a bool (a string), uses oldSelf
// below a list that is not a list-type map (no old value correlates there), or sets
// optionalOldSelf without using oldSelf. Cost estimation limits are not checked.
import { errorBody, GoValue, goQuote, invalid, notSupported, required, type FieldError } from '../../../validation/index.js';
import { additionalSchema, type JSONSchemaProps } from '../types.js';
import type { CompiledRule, RuleSchema, ValidationRule } from './compile.js';
import { normalizeRuleFieldPath } from './ruleFieldPath.js';
import { SchemaRules } from './schemaRules.js';

const REASONS = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];
const NEWLINE = /[\n\r]/;

/** The errors of a rule's own fields (upstream checks these before compiling). */
function fieldErrors(rule: ValidationRule, schema: JSONSchemaProps, at: string): FieldError[] {
  const errors: FieldError[] = [];
  const text = (rule.rule ?? '').trim();
  const message = (rule.message ?? '').trim();
  if (text === '') errors.push(required(`${at}.rule`, 'rule is not specified'));
  else if ((rule.message ?? '') !== '' && message === '') errors.push(invalid(`${at}.message`, rule.message, 'message must be non-empty if specified'));
  else if (NEWLINE.test(message)) errors.push(invalid(`${at}.message`, rule.message, 'message must not contain line breaks'));
  else if (NEWLINE.test(text) && message === '') errors.push(required(`${at}.message`, 'message must be specified if rule contains line breaks'));
  if ((rule.messageExpression ?? '') !== '' && rule.messageExpression!.trim() === '') {
    errors.push(required(`${at}.messageExpression`, 'messageExpression must be non-empty if specified'));
  }
  if (rule.reason !== undefined && !REASONS.includes(rule.reason)) errors.push(notSupported(`${at}.reason`, rule.reason, REASONS));
  const fieldPath = rule.fieldPath ?? '';
  if (fieldPath !== '' && fieldPath.trim() === '') errors.push(invalid(`${at}.fieldPath`, fieldPath, 'fieldPath must be non-empty if specified'));
  if (NEWLINE.test(fieldPath)) errors.push(invalid(`${at}.fieldPath`, fieldPath, 'fieldPath must not contain line breaks'));
  if (fieldPath !== '' && normalizeRuleFieldPath(fieldPath, schema) === undefined) errors.push(invalid(`${at}.fieldPath`, fieldPath, 'fieldPath must be a valid path'));
  return errors;
}

interface DefinitionSpec {
  versions?: Array<{ schema?: { openAPIV3Schema?: JSONSchemaProps } }>;
}

/** %#v of the internal apiextensions.ValidationRule (pointers print as an address). */
function goRule(rule: ValidationRule): GoValue {
  const pointer = (type: string, set: boolean) => `(*${type})(${set ? '0xc000a1e2c0' : 'nil'})`;
  return new GoValue(
    `apiextensions.ValidationRule{Rule:${goQuote(rule.rule ?? '')}, Message:${goQuote(rule.message ?? '')}, ` +
    `MessageExpression:${goQuote(rule.messageExpression ?? '')}, Reason:${pointer('apiextensions.FieldValueErrorReason', rule.reason !== undefined)}, ` +
    `FieldPath:${goQuote(rule.fieldPath ?? '')}, OptionalOldSelf:${pointer('bool', rule.optionalOldSelf !== undefined)}}`,
  );
}

function nodeErrors(rules: SchemaRules, schema: JSONSchemaProps, path: string, uncorrelatable: string | undefined, errors: FieldError[]): void {
  const declared = (schema as RuleSchema)['x-kubernetes-validations'] ?? [];
  const fields = declared.flatMap((rule, i) => fieldErrors(rule, schema, `${path}.x-kubernetes-validations[${i}]`));
  errors.push(...fields);
  if (fields.length === 0) compileErrors(rules.at(schema), declared, path, uncorrelatable, errors);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    nodeErrors(rules, property, `${path}.properties[${name}]`, uncorrelatable, errors);
  }
  if (schema.items) {
    const correlatable = schema['x-kubernetes-list-type'] === 'map';
    nodeErrors(rules, schema.items, `${path}.items`, uncorrelatable ?? (correlatable ? undefined : path), errors);
  }
  const additional = additionalSchema(schema);
  if (additional) nodeErrors(rules, additional, `${path}.additionalProperties`, uncorrelatable, errors);
}

function compileErrors(compiledRules: CompiledRule[], declared: ValidationRule[], path: string, uncorrelatable: string | undefined, errors: FieldError[]): void {
  compiledRules.forEach((compiled, i) => {
    const at = `${path}.x-kubernetes-validations[${i}]`;
    const rule = declared[i]!;
    if (compiled.error) errors.push(invalid(`${at}.rule`, goRule(rule), compiled.error));
    if (compiled.messageError) errors.push(invalid(`${at}.messageExpression`, goRule(rule), compiled.messageError));
    if (compiled.usesOldSelf && uncorrelatable !== undefined) {
      errors.push(invalid(`${at}.rule`, rule.rule, `oldSelf cannot be used on the uncorrelatable portion of the schema within ${uncorrelatable}`));
    } else if (!compiled.usesOldSelf && rule.optionalOldSelf !== undefined) {
      errors.push(invalid(`${at}.optionalOldSelf`, rule.optionalOldSelf, 'may not be set if oldSelf is not used in rule'));
    }
  });
}

/** The field errors of a definition's x-kubernetes-validations rules, for every version. */
export function ruleCompilationErrors(spec: DefinitionSpec): FieldError[] {
  const errors: FieldError[] = [];
  (spec.versions ?? []).forEach((version, i) => {
    const schema = version.schema?.openAPIV3Schema;
    const rules = schema && SchemaRules.of(schema);
    if (rules) nodeErrors(rules, schema, `spec.versions[${i}].schema.openAPIV3Schema`, undefined, errors);
  });
  return errors;
}

/** The same errors as Status causes (reason, field, message), as the definition strategy lists them. */
export function ruleCompilationCauses(spec: DefinitionSpec): Array<{ field: string; reason: string; message: string }> {
  return ruleCompilationErrors(spec).map((error) => ({ field: error.field, reason: error.type, message: errorBody(error) }));
}
