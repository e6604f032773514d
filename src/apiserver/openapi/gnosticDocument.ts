// The protobuf form of /openapi/v2: gnostic's `openapi.v2.Document` message built from the
// swagger JSON, as gnostic's compiler reads a document (kubectl 1.27/1.28 ask for this form and
// build their schema models, validation and strategic-merge-patch metadata from it).
//
// The mapping is driven by the message descriptors (src/generated/proto/openapiv2.json): a
// message field `foo_bar` reads the JSON key `fooBar` (`_ref` reads `$ref`); `vendor_extension`
// collects the `x-` keys as YAML text; map-like messages (`additional_properties`) take every
// key; the few one-of wrappers pick their branch the way gnostic's matching does. Scalars at
// their zero value are left out, as proto3 does.
import { createRequire } from 'node:module';
import type { Field, Root, Type } from 'protobufjs';

import { readGeneratedJson } from '../../api/index.js';
import { gnosticYaml } from './gnosticYaml.js';

type JsonObject = { [key: string]: unknown };
type Message = { [field: string]: unknown };

let documentType: Type | undefined;

/** The `openapi.v2.Document` type, loaded once from the generated descriptor. */
function gnosticDocumentType(): Type {
  if (documentType) return documentType;
  // protobufjs is loaded with the first protobuf /openapi/v2 request, not with the server
  const protobuf = createRequire(import.meta.url)('protobufjs') as typeof import('protobufjs');
  const root: Root = protobuf.Root.fromJSON(readGeneratedJson('proto/openapiv2.json'));
  root.resolveAll();
  documentType = root.lookupType('openapi.v2.Document');
  return documentType;
}

/** Encodes a swagger 2.0 document (parsed JSON) as gnostic's `openapi.v2.Document` protobuf. */
export function encodeGnosticDocument(swagger: JsonObject): Uint8Array {
  const type = gnosticDocumentType();
  return type.encode(toMessage(type, swagger)).finish();
}

/** The plain message object (protobufjs field names) for a swagger document. */
export function gnosticDocumentMessage(swagger: JsonObject): Message {
  return toMessage(gnosticDocumentType(), swagger);
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function jsonKey(field: Field): string {
  if (field.name === '_ref') return '$ref';
  return field.name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The JSON keys each map-like field collects, for messages that mix them with fixed keys. */
const keyedCollections: Record<string, Record<string, (key: string) => boolean>> = {
  Paths: { path: (key) => key.startsWith('/') },
  Responses: { response_code: (key) => /^([0-9]{3})$|^(default)$/.test(key) },
};

function toMessage(type: Type, json: unknown): Message {
  const special = specialMessage(type, json);
  if (special) return special;
  const message: Message = {};
  if (!isObject(json)) return message;
  const collections = keyedCollections[type.name] ?? {};
  for (const field of type.fieldsArray) {
    const select = collections[field.name];
    if (select) {
      message[field.name] = namedEntries(field, json, select);
    } else if (field.name === 'vendor_extension') {
      message[field.name] = namedEntries(field, json, (key) => key.startsWith('x-'));
    } else if (field.name === 'additional_properties' && field.repeated) {
      message[field.name] = namedEntries(field, json, () => true);
    } else {
      const value = json[jsonKey(field)];
      if (value !== undefined) setField(message, field, value);
    }
  }
  return prune(message);
}

/** `Named*` entries (name + value) for the object's keys that `select` accepts, in key order. */
function namedEntries(field: Field, json: JsonObject, select: (key: string) => boolean): Message[] {
  const pairType = field.resolvedType as Type;
  const valueField = pairType.fields.value;
  const entries: Message[] = [];
  for (const [key, value] of Object.entries(json)) {
    if (!select(key)) continue;
    const pair: Message = { name: key };
    if (valueField.resolvedType) pair.value = toMessage(valueField.resolvedType as Type, value);
    else if (typeof value === 'string') pair.value = value;
    entries.push(pair);
  }
  return entries;
}

function setField(message: Message, field: Field, value: unknown): void {
  const fieldType = field.resolvedType as Type | null;
  if (field.repeated) {
    const items = Array.isArray(value) ? value : [];
    message[field.name] = fieldType
      ? items.map((item) => toMessage(fieldType, item))
      : items.map((item) => scalar(field.type, item)).filter((item) => item !== undefined);
    return;
  }
  if (fieldType) {
    message[field.name] = toMessage(fieldType, value);
    return;
  }
  const converted = scalar(field.type, value);
  if (converted !== undefined && !isZero(converted)) message[field.name] = converted;
}

function scalar(protoType: string, value: unknown): string | number | boolean | undefined {
  switch (protoType) {
    case 'string':
      return typeof value === 'string' ? value : undefined;
    case 'bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'double':
    case 'float':
      return typeof value === 'number' ? value : undefined;
    default:
      return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
  }
}

function isZero(value: string | number | boolean): boolean {
  return value === '' || value === 0 || value === false;
}

/** Drops empty repeated fields (proto3 writes nothing for them either). */
function prune(message: Message): Message {
  for (const [key, value] of Object.entries(message)) {
    if (Array.isArray(value) && value.length === 0) delete message[key];
  }
  return message;
}

/** Messages whose JSON form is not an object with one key per field. */
function specialMessage(type: Type, json: unknown): Message | undefined {
  switch (type.name) {
    case 'Any':
      return { yaml: gnosticYaml(json) };
    case 'TypeItem':
    case 'StringArray':
      return prune({ value: (Array.isArray(json) ? json : [json]).filter((v) => typeof v === 'string') });
    case 'ItemsItem':
      return isObject(json) ? { schema: [toMessage(type.fields.schema.resolvedType as Type, json)] } : {};
    case 'AdditionalPropertiesItem':
      if (typeof json === 'boolean') return { boolean: json };
      return oneOf(type, 'Schema', json);
    case 'ParametersItem':
    case 'ResponseValue': {
      if (isObject(json) && json.$ref !== undefined) {
        return oneOf(type, 'JsonReference', json);
      }
      return oneOf(type, type.name === 'ParametersItem' ? 'Parameter' : 'Response', json);
    }
    case 'Parameter':
      if (isObject(json) && json.in === 'body') {
        return oneOf(type, 'BodyParameter', json);
      }
      return oneOf(type, 'NonBodyParameter', json);
    case 'NonBodyParameter': {
      const where = isObject(json) ? json.in : undefined;
      const branch = where === 'header' ? 'HeaderParameterSubSchema'
        : where === 'formData' ? 'FormDataParameterSubSchema'
          : where === 'path' || (where === undefined && isObject(json) && 'required' in json) ? 'PathParameterSubSchema'
            : 'QueryParameterSubSchema';
      return oneOf(type, branch, json);
    }
    case 'SchemaItem':
      if (isObject(json) && json.type === 'file') {
        return oneOf(type, 'FileSchema', json);
      }
      return oneOf(type, 'Schema', json);
    case 'SecurityDefinitionsItem': {
      const branch = securityBranch(json);
      return branch ? oneOf(type, branch, json) : {};
    }
    default:
      return undefined;
  }
}

function securityBranch(json: unknown): string | undefined {
  if (!isObject(json)) return undefined;
  if (json.type === 'basic') return 'BasicAuthenticationSecurity';
  if (json.type === 'apiKey') return 'ApiKeySecurity';
  if (json.type !== 'oauth2') return undefined;
  switch (json.flow) {
    case 'implicit': return 'Oauth2ImplicitSecurity';
    case 'password': return 'Oauth2PasswordSecurity';
    case 'application': return 'Oauth2ApplicationSecurity';
    case 'accessCode': return 'Oauth2AccessCodeSecurity';
    default: return undefined;
  }
}

/** Sets the one-of branch of `type` whose message type is `branchType`. */
function oneOf(type: Type, branchType: string, json: unknown): Message {
  const field = type.fieldsArray.find((f) => f.resolvedType?.name === branchType);
  if (!field) throw new Error(`${type.name} has no branch of type ${branchType}`);
  return { [field.name]: toMessage(field.resolvedType as Type, json) };
}
