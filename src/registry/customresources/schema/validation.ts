// Validation of a custom object against its version's structural schema, as kube-apiserver
// does it: the kube-openapi schema validator's checks in its order (type, string length and
// pattern, format, number bounds, list items and sizes, enum, object properties and required
// fields), each turned into a field error the way apiextensions-apiserver converts them
// (`spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer:
// "string"`, `Required value`, `Unsupported value`, `Too long`, `Too many`), then the
// x-kubernetes-list-type set/map uniqueness checks (`Duplicate value`). validateCustomObject
// is the whole check of a custom object: that, then the x-kubernetes-validations rules.
import {
  duplicate, goQuote, GoValue, invalid, notSupported, required, tooLong, tooMany, typeInvalid, type FieldError,
} from '../../validation/index.js';
import { goNumber, renderBadValue } from '../../validation/goFormat.js';
import { hasValidationRules, validateRules } from './cel/index.js';
import { checkFormat } from './formats.js';
import { additionalSchema, isObject, type JSONSchemaProps, type JsonObject } from './types.js';

const IN = 'body';

/** The JSON type name kube-openapi gives a decoded value. */
function typeOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string': return 'string';
    case 'boolean': return 'boolean';
    case 'number': return Number.isInteger(value) ? 'integer' : 'number';
    default: return 'object';
  }
}

/** The types a schema admits, as kube-openapi lists them (int-or-string is `integer,string`). */
function schemaTypes(schema: JSONSchemaProps): string[] {
  if (schema['x-kubernetes-int-or-string']) return ['integer', 'string'];
  return schema.type ? [schema.type] : [];
}

/** Go's %v of a JSON number as kube-openapi prints schema bounds. */
const num = (n: number): string => goNumber(n);

/** Deep equality of decoded JSON values (reflect.DeepEqual after decoding). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** A path inside the body as kube-openapi names it: `spec.replicas`, `spec.tags[0]`. */
function child(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

class Validator {
  readonly errors: FieldError[] = [];

  value(schema: JSONSchemaProps, value: unknown, path: string): void {
    const types = schemaTypes(schema);
    const actual = typeOf(value);
    if (value === null || value === undefined) {
      if (types.length > 0 && !schema.nullable) this.typeError(path, types.join(','), 'null');
      if (schema.enum?.length) this.enumError(schema, value, path);
      return;
    }
    const typeOk = types.length === 0 || types.includes(actual) || (actual === 'integer' && types.includes('number'));
    if (!typeOk) this.typeError(path, types.join(','), actual);
    if (typeof value === 'string') this.string(schema, value, path);
    if (typeof value === 'number') this.number(schema, value, path);
    if (Array.isArray(value)) this.array(schema, value, path);
    if (schema.enum?.length && !schema.enum.some((e) => jsonEqual(e, value))) this.enumError(schema, value, path);
    if (isObject(value)) this.object(schema, value, path);
  }

  private typeError(path: string, expected: string, actual: string): void {
    this.errors.push(typeInvalid(path, actual, `${path} in ${IN} must be of type ${expected}: ${renderBadValue(actual)}`));
  }

  private enumError(schema: JSONSchemaProps, value: unknown, path: string): void {
    const values = (schema.enum ?? []).map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
    this.errors.push(notSupported(path, value ?? null, values));
  }

  private string(schema: JSONSchemaProps, value: string, path: string): void {
    const length = [...value].length;
    if (schema.maxLength !== undefined && length > schema.maxLength) this.errors.push(tooLong(path, schema.maxLength));
    if (schema.minLength !== undefined && length < schema.minLength) {
      this.errors.push(invalid(path, value, `${path} in ${IN} should be at least ${schema.minLength} chars long`));
    }
    if (schema.pattern !== undefined) {
      let matches: boolean;
      try {
        matches = new RegExp(schema.pattern, 'u').test(value);
      } catch (error) {
        this.errors.push(invalid(path, value, `${path} in ${IN} should match '${schema.pattern}, but pattern is invalid: ${(error as Error).message}'`));
        return;
      }
      if (!matches) this.errors.push(invalid(path, value, `${path} in ${IN} should match '${schema.pattern}'`));
    }
    if (schema.format && !schema['x-kubernetes-int-or-string'] && schema.type === 'string' && !checkFormat(schema.format, value)) {
      this.errors.push(typeInvalid(path, value, `${path} in ${IN} must be of type ${schema.format}: ${renderBadValue(value)}`));
    }
  }

  private number(schema: JSONSchemaProps, value: number, path: string): void {
    if (schema.multipleOf !== undefined && schema.multipleOf > 0 && !Number.isInteger(value / schema.multipleOf)) {
      this.errors.push(invalid(path, value, `${path} in ${IN} should be a multiple of ${num(schema.multipleOf)}`));
    }
    if (schema.minimum !== undefined) {
      const below = schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum;
      if (below) {
        const relation = schema.exclusiveMinimum ? 'greater than' : 'greater than or equal to';
        this.errors.push(invalid(path, value, `${path} in ${IN} should be ${relation} ${num(schema.minimum)}`));
      }
    }
    if (schema.maximum !== undefined) {
      const above = schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum;
      if (above) {
        const relation = schema.exclusiveMaximum ? 'less than' : 'less than or equal to';
        this.errors.push(invalid(path, value, `${path} in ${IN} should be ${relation} ${num(schema.maximum)}`));
      }
    }
  }

  private array(schema: JSONSchemaProps, value: unknown[], path: string): void {
    if (schema.items) value.forEach((item, i) => this.value(schema.items!, item, `${path}[${i}]`));
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      this.errors.push(invalid(path, value.length, `${path} in ${IN} should have at least ${schema.minItems} items`));
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) this.errors.push(tooMany(path, value.length, schema.maxItems));
  }

  private object(schema: JSONSchemaProps, value: JsonObject, path: string): void {
    const count = Object.keys(value).length;
    if (schema.minProperties !== undefined && count < schema.minProperties) {
      this.errors.push(invalid(path, count, `${path} in ${IN} should have at least ${schema.minProperties} properties`));
    }
    if (schema.maxProperties !== undefined && count > schema.maxProperties) this.errors.push(tooMany(path, count, schema.maxProperties));
    const properties = schema.properties ?? {};
    const additional = additionalSchema(schema);
    if (additional) {
      for (const [key, item] of Object.entries(value)) {
        if (!(key in properties)) this.value(additional, item, child(path, key));
      }
    }
    for (const [name, property] of Object.entries(properties)) {
      if (name in value) this.value(property, value[name], child(path, name));
    }
    for (const name of schema.required ?? []) {
      if (!(name in value)) this.errors.push(required(child(path, name)));
    }
  }
}

/** x-kubernetes-list-type set and map: no two items alike (sets) or with the same keys (maps). */
function listTypes(schema: JSONSchemaProps, value: unknown, path: string, errors: FieldError[]): void {
  if (Array.isArray(value)) {
    const listType = schema['x-kubernetes-list-type'];
    if (listType === 'set') {
      value.forEach((item, i) => {
        if (value.slice(0, i).some((earlier) => jsonEqual(earlier, item))) errors.push(duplicate(`${path}[${i}]`, item));
      });
    } else if (listType === 'map') {
      listMap(schema, value, path, errors);
    }
    if (schema.items) value.forEach((item, i) => listTypes(schema.items!, item, `${path}[${i}]`, errors));
    return;
  }
  if (!isObject(value)) return;
  const properties = schema.properties ?? {};
  const additional = additionalSchema(schema);
  for (const [key, item] of Object.entries(value)) {
    const sub = properties[key] ?? additional;
    if (sub) listTypes(sub, item, child(path, key), errors);
  }
}

function listMap(schema: JSONSchemaProps, value: unknown[], path: string, errors: FieldError[]): void {
  const bad = value.findIndex((item) => item !== null && !isObject(item));
  if (bad >= 0) {
    errors.push(invalid(`${path}[${bad}]`, value[bad], 'must be an object for an array of list-type map'));
    return;
  }
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  const seen: JsonObject[] = [];
  value.forEach((item, i) => {
    if (item === null) return;
    const entry = item as JsonObject;
    const key: JsonObject = {};
    for (const k of keys) {
      const fallback = schema.items?.properties?.[k]?.default;
      if (k in entry) key[k] = entry[k];
      else if (fallback !== undefined) key[k] = fallback;
    }
    if (seen.some((other) => jsonEqual(other, key))) errors.push(duplicate(`${path}[${i}]`, goInterfaceMap(key)));
    else seen.push(key);
  });
}

/** %#v of a map[string]interface{} (the key of a list-type map item). */
function goInterfaceMap(map: JsonObject): GoValue {
  const entries = Object.keys(map).sort().map((k) => `${goQuote(k)}:${renderBadValue(map[k])}`);
  return new GoValue(`map[string]interface {}{${entries.join(', ')}}`);
}

/** Every field error of an object against its schema (the root is the whole object). */
export function validateAgainstSchema(schema: JSONSchemaProps, object: unknown): FieldError[] {
  const validator = new Validator();
  validator.value(schema, object, '');
  const errors = validator.errors;
  listTypes(schema, object, '', errors);
  return errors;
}

/** Schema errors that leave the object in a shape the rules were not written for. */
const BLOCKING = new Set(['FieldValueNotSupported', 'FieldValueRequired', 'FieldValueTooLong', 'FieldValueTooMany', 'FieldValueTypeInvalid']);

/**
 * Every field error of a custom object (old: the stored object, on update): its schema apart
 * from metadata (ObjectMeta's own rules check that), the list types, then the
 * x-kubernetes-validations rules, which do not run when the schema errors are blocking.
 */
export function validateCustomObject(schema: JSONSchemaProps, object: JsonObject, old?: JsonObject): FieldError[] {
  const { metadata: _metadata, ...rest } = object;
  const { metadata: _schemaMetadata, ...properties } = schema.properties ?? {};
  const errors = validateAgainstSchema({ ...schema, properties }, rest);
  if (!hasValidationRules(schema)) return errors;
  if (errors.some((e) => BLOCKING.has(e.type))) {
    return [...errors, invalid('<nil>', 'null', 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation')];
  }
  return [...errors, ...validateRules(schema, object, old)];
}
