// ConfigMaps, Secrets and Namespaces: config keys, the 1 MiB data limit, per-type Secret
// requirements (dockercfg, basic-auth, tls, ...), `immutable: true` freezing data, Secret type
// immutability; namespace names (DNS labels) and spec.finalizers.
import { forbidden, invalid, required, tooLong, type FieldError } from './fieldErrors.js';
import { FieldPath } from './fieldPath.js';
import { isConfigMapKey } from './formats.js';
import {
  FIELD_IMMUTABLE,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateFinalizerName,
  validateKubeFinalizerName,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './objectMeta.js';
import { jsonEqual } from './semantic.js';
import type { ConfigMap, Namespace, Secret } from './types.js';

export const MAX_SECRET_SIZE = 1024 * 1024;

function decodedLength(base64: unknown): number {
  return typeof base64 === 'string' ? Buffer.from(base64, 'base64').length : 0;
}

function decoded(base64: unknown): string {
  return typeof base64 === 'string' ? Buffer.from(base64, 'base64').toString('utf8') : '';
}

/** The error Go's json.Unmarshal gives for `text` into a map[string]interface{} (undefined if none). */
export function jsonUnmarshalError(text: string): string | undefined {
  const syntax = goJsonSyntaxError(text);
  if (syntax) return syntax;
  const v: unknown = JSON.parse(text);
  if (v === null || (typeof v === 'object' && !Array.isArray(v))) return undefined;
  const got = Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : 'bool';
  return `json: cannot unmarshal ${got} into Go value of type map[string]interface {}`;
}

/** encoding/json's scanner errors: "unexpected end of JSON input", "invalid character 'x' ...". */
function goJsonSyntaxError(text: string): string | undefined {
  let i = 0;
  const n = text.length;
  class SyntaxErr extends Error {}
  const quoteChar = (c: string): string => (c === "'" ? "'\\''" : c === '"' ? "'\"'" : `'${c}'`);
  const fail = (context: string): never => {
    if (i >= n) throw new SyntaxErr('unexpected end of JSON input');
    throw new SyntaxErr(`invalid character ${quoteChar(text[i]!)} ${context}`);
  };
  const ws = (): void => {
    while (i < n && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (i >= n) fail('');
      if (text[i] !== ch) fail(`in literal ${word} (expecting ${quoteChar(ch)})`);
      i++;
    }
  };
  const string = (): void => {
    i++;
    for (;;) {
      if (i >= n) fail('');
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c < ' ') fail('in string literal');
      if (c === '\\') {
        i++;
        if (i >= n) fail('');
        if (!'"\\/bfnrtu'.includes(text[i]!)) fail('in string escape code');
        if (text[i] === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= n) fail('');
            if (!/[0-9a-fA-F]/.test(text[i]!)) fail('in \\u hexadecimal character escape');
          }
        }
      }
      i++;
    }
  };
  const number = (): void => {
    if (text[i] === '-') i++;
    if (i >= n) fail('');
    if (text[i] === '0') i++;
    else if (/[1-9]/.test(text[i]!)) while (i < n && /[0-9]/.test(text[i]!)) i++;
    else fail('in numeric literal');
    if (text[i] === '.') {
      i++;
      if (i >= n) fail('');
      if (!/[0-9]/.test(text[i]!)) fail('after decimal point in numeric literal');
      while (i < n && /[0-9]/.test(text[i]!)) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (i >= n) fail('');
      if (!/[0-9]/.test(text[i]!)) fail('in exponent of numeric literal');
      while (i < n && /[0-9]/.test(text[i]!)) i++;
    }
  };
  const value = (): void => {
    ws();
    if (i >= n) fail('');
    const c = text[i]!;
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('looking for beginning of object key string');
        string();
        ws();
        if (text[i] !== ':') fail('after object key');
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail('after object key:value pair');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail('after array element');
      }
    }
    if (c === '"') return string();
    if (c === '-' || /[0-9]/.test(c)) return number();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    fail('looking for beginning of value');
  };
  try {
    value();
    ws();
    if (i < n) fail('after top-level value');
    return undefined;
  } catch (e) {
    if (e instanceof SyntaxErr) return e.message;
    throw e;
  }
}

export function validateSecret(secret: Secret): FieldError[] {
  const errs = validateObjectMeta(secret.metadata, true, nameIsDNSSubdomain);
  const dataPath = FieldPath.of('data');
  const data = (secret.data ?? {}) as Record<string, string>;
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const m of isConfigMapKey(key)) errs.push(invalid(dataPath.key(key), key, m));
    total += decodedLength(value);
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong(dataPath, MAX_SECRET_SIZE));
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(data, k);
  switch (secret.type ?? '') {
    case 'kubernetes.io/service-account-token':
      if (!secret.metadata?.annotations?.['kubernetes.io/service-account.name']) {
        errs.push(required(FieldPath.of('metadata', 'annotations').key('kubernetes.io/service-account.name')));
      }
      break;
    case 'Opaque':
    case '':
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = secret.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!has(key)) {
        errs.push(required(dataPath.key(key)));
        break;
      }
      const err = jsonUnmarshalError(decoded(data[key]));
      if (err) errs.push(invalid(dataPath.key(key), '<secret contents redacted>', err));
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) {
        errs.push(required(dataPath.key('username')));
        errs.push(required(dataPath.key('password')));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (decodedLength(data['ssh-privatekey']) === 0) errs.push(required(dataPath.key('ssh-privatekey')));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errs.push(required(dataPath.key('tls.crt')));
      if (!has('tls.key')) errs.push(required(dataPath.key('tls.key')));
      break;
    default:
      break;
  }
  return errs;
}

export function validateSecretUpdate(secret: Secret, old: Secret): FieldError[] {
  const errs = validateObjectMetaUpdate(secret.metadata, old.metadata);
  if ((secret.type ?? '') !== (old.type ?? '')) errs.push(invalid(FieldPath.of('type'), secret.type ?? '', FIELD_IMMUTABLE));
  if (old.immutable === true) {
    if (secret.immutable !== true) errs.push(forbidden(FieldPath.of('immutable'), 'field is immutable when `immutable` is set'));
    if (!mapsEqual(secret.data, old.data)) errs.push(forbidden(FieldPath.of('data'), 'field is immutable when `immutable` is set'));
  }
  errs.push(...validateSecret(secret));
  return errs;
}

/** reflect.DeepEqual of two maps: nil and empty differ. */
function mapsEqual(a: Record<string, unknown> | null | undefined, b: Record<string, unknown> | null | undefined): boolean {
  const an = a === undefined || a === null;
  const bn = b === undefined || b === null;
  if (an || bn) return an === bn;
  return jsonEqual(a, b);
}

export function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, true, nameIsDNSSubdomain);
  let total = 0;
  const binary = (cm.binaryData ?? {}) as Record<string, string>;
  for (const [key, value] of Object.entries(cm.data ?? {})) {
    for (const m of isConfigMapKey(key)) errs.push(invalid(FieldPath.of('data').key(key), key, m));
    if (Object.prototype.hasOwnProperty.call(binary, key)) errs.push(invalid(FieldPath.of('data').key(key), key, 'duplicate of key present in binaryData'));
    total += Buffer.byteLength(String(value), 'utf8');
  }
  for (const [key, value] of Object.entries(binary)) {
    for (const m of isConfigMapKey(key)) errs.push(invalid(FieldPath.of('binaryData').key(key), key, m));
    total += decodedLength(value);
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong(FieldPath.of(''), MAX_SECRET_SIZE));
  return errs;
}

export function validateConfigMapUpdate(cm: ConfigMap, old: ConfigMap): FieldError[] {
  const errs = validateObjectMetaUpdate(cm.metadata, old.metadata);
  if (old.immutable === true) {
    if (cm.immutable !== true) errs.push(forbidden(FieldPath.of('immutable'), 'field is immutable when `immutable` is set'));
    if (!mapsEqual(cm.data, old.data)) errs.push(forbidden(FieldPath.of('data'), 'field is immutable when `immutable` is set'));
    if (!mapsEqual(cm.binaryData, old.binaryData)) errs.push(forbidden(FieldPath.of('binaryData'), 'field is immutable when `immutable` is set'));
  }
  errs.push(...validateConfigMap(cm));
  return errs;
}

function validateNamespaceFinalizer(name: string, path: FieldPath): FieldError[] {
  return [...validateFinalizerName(name, path), ...validateKubeFinalizerName(name, path)];
}

export function validateNamespace(ns: Namespace): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, false, nameIsDNSLabel);
  for (const f of ns.spec?.finalizers ?? []) errs.push(...validateNamespaceFinalizer(f, FieldPath.of('spec', 'finalizers')));
  return errs;
}

export function validateNamespaceUpdate(ns: Namespace, old: Namespace): FieldError[] {
  return validateObjectMetaUpdate(ns.metadata, old.metadata);
}

/** The namespaces/finalize subresource. */
export function validateNamespaceFinalizeUpdate(ns: Namespace, old: Namespace): FieldError[] {
  const errs = validateObjectMetaUpdate(ns.metadata, old.metadata);
  (ns.spec?.finalizers ?? []).forEach((f, i) => errs.push(...validateNamespaceFinalizer(f, FieldPath.of('spec', 'finalizers').at(i))));
  return errs;
}

/** The namespaces/status subresource. */
export function validateNamespaceStatusUpdate(ns: Namespace, old: Namespace): FieldError[] {
  const errs = validateObjectMetaUpdate(ns.metadata, old.metadata);
  const phase = ns.status?.phase ?? '';
  if (!ns.metadata?.deletionTimestamp) {
    if (phase !== 'Active') errs.push(invalid(FieldPath.of('status', 'Phase'), phase, "may only be 'Active' if `deletionTimestamp` is empty"));
  } else if (phase !== 'Terminating') {
    errs.push(invalid(FieldPath.of('status', 'Phase'), phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  }
  return errs;
}
