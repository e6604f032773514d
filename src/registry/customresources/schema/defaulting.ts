// Defaulting from a structural schema's `default` values, as upstream applies it to custom
// objects on every read and write: a null in a field that is not nullable is dropped first (and
// then defaulted if there is a default), a missing field with a default gets a copy of it, and
// defaults apply inside the values they fill in too.
import { additionalSchema, isObject, type JSONSchemaProps } from './types.js';

const copy = (value: unknown): unknown => structuredClone(value);

const nonNullableNull = (value: unknown, schema: JSONSchemaProps): boolean => value === null && !schema.nullable;

/** Drops nulls of non-nullable fields without a default (and items of arrays likewise). */
function pruneNulls(value: unknown, schema: JSONSchemaProps | undefined): void {
  if (schema === undefined) return;
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((item) => pruneNulls(item, schema.items));
    return;
  }
  if (!isObject(value)) return;
  const properties = schema.properties ?? {};
  const additional = additionalSchema(schema);
  for (const [key, item] of Object.entries(value)) {
    const sub = properties[key] ?? additional;
    if (sub === undefined) continue;
    if (nonNullableNull(item, sub) && sub.default === undefined) delete value[key];
    else pruneNulls(item, sub);
  }
}

function fill(value: unknown, schema: JSONSchemaProps | undefined): void {
  if (schema === undefined) return;
  if (Array.isArray(value)) {
    const items = schema.items;
    if (!items) return;
    value.forEach((item, i) => {
      if (nonNullableNull(item, items) && items.default !== undefined) value[i] = copy(items.default);
      fill(value[i], items);
    });
    return;
  }
  if (!isObject(value)) return;
  const properties = schema.properties ?? {};
  for (const [key, property] of Object.entries(properties)) {
    if (property.default === undefined) continue;
    if (!(key in value) || nonNullableNull(value[key], property)) value[key] = copy(property.default);
  }
  const additional = additionalSchema(schema);
  for (const [key, item] of Object.entries(value)) fill(item, properties[key] ?? additional);
}

/** Applies a schema's defaults to an object, in place. */
export function applySchemaDefaults(object: Record<string, unknown>, schema: JSONSchemaProps): void {
  pruneNulls(object, schema);
  fill(object, schema);
}
