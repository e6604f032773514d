// A rule's fieldPath (`.spec.replicas`, `.labels['app.kubernetes.io/name']`) turned into the
// field path its error is reported at, relative to the node holding the rule: named
// properties join with '.', map keys go in brackets. Undefined when the path does not lead
// through the schema.
import { additionalSchema, type JSONSchemaProps } from '../types.js';

const TOKEN = /^(?:\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\])/;

export function normalizeRuleFieldPath(fieldPath: string, schema: JSONSchemaProps): string | undefined {
  let rest = fieldPath.trim();
  let node: JSONSchemaProps | undefined = schema;
  let out = '';
  while (rest.length > 0) {
    const match = TOKEN.exec(rest);
    if (!match || !node) return undefined;
    rest = rest.slice(match[0].length);
    const name = match[1] ?? match[2]!.replace(/\\(.)/g, '$1');
    if (node.properties) {
      node = node.properties[name];
      if (!node) return undefined;
      out = out === '' ? name : `${out}.${name}`;
    } else if (additionalSchema(node)) {
      node = additionalSchema(node);
      out = `${out}[${name}]`;
    } else {
      return undefined;
    }
  }
  return out;
}
