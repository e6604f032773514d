// Pruning: fields a structural schema does not specify are dropped from custom objects, except
// under x-kubernetes-preserve-unknown-fields, and apart from apiVersion, kind and metadata at
// the root and in embedded resources (x-kubernetes-embedded-resource). Returns the paths it
// dropped (`spec.foo`, `spec.items[0].bar`), the way upstream reports unknown fields.
import { additionalSchema, isObject, type JSONSchemaProps } from './types.js';

const TYPE_META = ['apiVersion', 'kind', 'metadata'];

function walk(value: unknown, schema: JSONSchemaProps | undefined, path: string, root: boolean, pruned: string[]): void {
  if (schema === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, schema.items, `${path}[${i}]`, false, pruned));
    return;
  }
  if (!isObject(value)) return;
  const properties = schema.properties ?? {};
  const additional = additionalSchema(schema);
  const keepsTypeMeta = root || schema['x-kubernetes-embedded-resource'] === true;
  for (const key of Object.keys(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    // apiVersion, kind and metadata of an object are its own (ObjectMeta rules apply), even
    // when the schema lists them, as generated schemas do (`metadata: {type: object}`).
    if (keepsTypeMeta && TYPE_META.includes(key)) continue;
    if (key in properties) walk(value[key], properties[key], at, false, pruned);
    else if (additional) walk(value[key], additional, at, false, pruned);
    else if (schema['x-kubernetes-preserve-unknown-fields'] || schema.additionalProperties === true) continue;
    else {
      delete value[key];
      pruned.push(at);
    }
  }
}

/** Drops the unknown fields of an object (in place) and lists their paths. */
export function prune(object: Record<string, unknown>, schema: JSONSchemaProps): string[] {
  const pruned: string[] = [];
  walk(object, schema, '', true, pruned);
  return pruned;
}
