// The CEL types of a structural schema, for type-checking rules when they compile: an object
// with properties is an object type with those (escaped) fields, an object with
// additionalProperties a map<string, T>, an array a list<T>, integer int, number double,
// boolean bool, a string string (timestamp for format date-time, duration for duration, bytes
// for byte); int-or-string and free-form objects (preserve-unknown-fields) are dyn. A resource
// root (and an embedded resource) also has apiVersion, kind and metadata.name/generateName.
import type { Environment } from '@marcbachmann/cel-js';
import { additionalSchema, type JSONSchemaProps } from '../types.js';
import { escapePropertyName } from './escaping.js';
import { kubernetesLibrary } from './library.js';

const STRING_FORMATS: Record<string, string> = {
  'date-time': 'google.protobuf.Timestamp',
  duration: 'google.protobuf.Duration',
  byte: 'bytes',
};

/** A resource's own fields: CEL sees them as upstream declares them, whatever the schema says. */
const RESOURCE_META = ['apiVersion', 'kind', 'metadata'];

export class SchemaTypes {
  private readonly env: Environment = kubernetesLibrary.clone();
  private readonly types = new Map<JSONSchemaProps, string>();
  private readonly checkers = new Map<string, Environment>();
  private readonly objectTypes: string[] = [];

  constructor(root: JSONSchemaProps) {
    this.declare(root, 'self', true);
    // Objects compare field by field; the checker only needs to know `==` is defined.
    for (const name of this.objectTypes) this.env.registerOperator(`${name} == ${name}`, () => false);
  }

  /** The environment a rule at a schema node is checked in: self (and oldSelf) of its type. */
  checker(schema: JSONSchemaProps, optionalOldSelf: boolean): Environment {
    const type = this.types.get(schema) ?? 'dyn';
    const key = `${type}|${optionalOldSelf}`;
    let env = this.checkers.get(key);
    if (!env) {
      env = this.env.clone().registerVariable('self', type).registerVariable('oldSelf', optionalOldSelf ? `optional<${type}>` : type);
      this.checkers.set(key, env);
    }
    return env;
  }

  private declare(schema: JSONSchemaProps, name: string, resourceRoot: boolean): string {
    const type = this.typeOf(schema, name, resourceRoot);
    this.types.set(schema, type);
    return type;
  }

  private typeOf(schema: JSONSchemaProps, name: string, resourceRoot: boolean): string {
    if (schema['x-kubernetes-int-or-string']) return 'dyn';
    switch (schema.type) {
      case 'array':
        return schema.items ? `list<${this.declare(schema.items, `${name}.items`, schema.items['x-kubernetes-embedded-resource'] === true)}>` : 'list<dyn>';
      case 'object':
        return this.objectType(schema, name, resourceRoot);
      case 'string':
        return STRING_FORMATS[schema.format ?? ''] ?? 'string';
      case 'integer': return 'int';
      case 'number': return 'double';
      case 'boolean': return 'bool';
      default: return 'dyn';
    }
  }

  private objectType(schema: JSONSchemaProps, name: string, resourceRoot: boolean): string {
    const additional = additionalSchema(schema);
    if (additional) return `map<string, ${this.declare(additional, `${name}.additionalProperties`, additional['x-kubernetes-embedded-resource'] === true)}>`;
    if (schema['x-kubernetes-preserve-unknown-fields'] && !schema.properties) return 'dyn';
    const fields: Record<string, string> = {};
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      const field = escapePropertyName(key);
      if (field === undefined || (resourceRoot && RESOURCE_META.includes(key))) continue;
      fields[field] = this.declare(property, `${name}.${field}`, property['x-kubernetes-embedded-resource'] === true);
    }
    if (resourceRoot) {
      fields.apiVersion = 'string';
      fields.kind = 'string';
      fields.metadata = this.register(`${name}.metadata`, { name: 'string', generateName: 'string' });
    }
    return this.register(name, fields);
  }

  private register(wanted: string, fields: Record<string, string>): string {
    let name = wanted;
    for (let n = 2; this.objectTypes.includes(name); n++) name = `${wanted}${n}`;
    const ctor = { [name]: class {} }[name]!;
    this.env.registerType(name, { ctor, fields });
    this.objectTypes.push(name);
    return name;
  }
}
