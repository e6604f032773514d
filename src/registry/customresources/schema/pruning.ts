// Pruning: fields a structural schema does not specify are dropped from custom objects, except
// under x-kubernetes-preserve-unknown-fields, and apart from apiVersion, kind and metadata at
// the root and in embedded resources (x-kubernetes-embedded-resource); an embedded resource's
// metadata keeps only ObjectMeta's fields. Returns the paths it dropped as upstream reports
// unknown fields: the pruned ones sorted (`spec.foo`, `spec.items[0].bar`), then the embedded
// metadata ones (`spec.template.metadata.foo`).
import { dropUnknownMetadataKeys } from './objectMeta.js';
import { additionalSchema, isObject, type JSONSchemaProps } from './types.js';

const TYPE_META = ['apiVersion', 'kind', 'metadata'];

type Dropped = { pruned: string[]; metadata: string[] };

function walk(value: unknown, schema: JSONSchemaProps | undefined, path: string, root: boolean, dropped: Dropped): void {
  if (schema === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, schema.items, `${path}[${i}]`, false, dropped));
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
    if (keepsTypeMeta && TYPE_META.includes(key)) {
      if (!root && key === 'metadata') dropped.metadata.push(...dropUnknownMetadataKeys(value[key]).map((k) => `${at}.${k}`));
      continue;
    }
    if (key in properties) walk(value[key], properties[key], at, false, dropped);
    else if (additional) walk(value[key], additional, at, false, dropped);
    else if (schema['x-kubernetes-preserve-unknown-fields'] || schema.additionalProperties === true) continue;
    else {
      delete value[key];
      dropped.pruned.push(at);
    }
  }
}

/** Drops the unknown fields of an object (in place) and lists their paths. */
export function prune(object: Record<string, unknown>, schema: JSONSchemaProps): string[] {
  const dropped: Dropped = { pruned: [], metadata: [] };
  walk(object, schema, '', true, dropped);
  return [...dropped.pruned.sort(), ...dropped.metadata];
}
