// The fieldValidation directive (Strict | Warn | Ignore, Warn when absent) over create, update
// and patch bodies: finding the problems in the order kube-apiserver reports them, and turning
// them into a 400/422 Status (Strict) or Warning texts (Warn).
import type { JsonMap } from '../../patch/index.js';
import { StatusError } from '../../registry/statusError.js';
import { ANY, OPAQUE, ShapeRegistry, type Shape, type StructShape } from './decodeSchema.js';
import { compareGoStrings, goJsonMarshal, goPrintV, goQuote } from './goText.js';
import { findingText, joinKey, jsonPatchValueTexts, strictJsonFindings, strictValueFindings, type StrictFinding } from './strictJson.js';
import { duplicateLines, parseYamlBody, yamlDuplicateLines, yamlUnmarshalErrors, type ParsedYaml } from './yamlStrict.js';

export type FieldValidationMode = 'Strict' | 'Warn' | 'Ignore';
export type WriteVerb = 'create' | 'update' | 'patch';

const OPTIONS_KIND: Record<WriteVerb, string> = { create: 'CreateOptions', update: 'UpdateOptions', patch: 'PatchOptions' };

/**
 * The directive of a request's `fieldValidation` query value (the first one when repeated):
 * absent or empty is Warn. Anything but Strict, Warn or Ignore (case matters) is a 422 on the
 * verb's options: `CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: ...`.
 */
export function parseFieldValidation(value: string | readonly string[] | undefined, verb: WriteVerb): FieldValidationMode {
  const directive = (Array.isArray(value) ? value[0] : value) ?? '';
  if (directive === '' || directive === 'Warn') return 'Warn';
  if (directive === 'Strict' || directive === 'Ignore') return directive;
  throw fieldValidationOptionError(directive as string, verb);
}

function fieldValidationOptionError(directive: string, verb: WriteVerb): StatusError {
  const body = `Unsupported value: ${goQuote(directive)}: supported values: "", "Ignore", "Strict", "Warn"`;
  const kind = OPTIONS_KIND[verb];
  return StatusError.of(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: fieldValidation: ${body}`, {
    group: 'meta.k8s.io',
    kind,
    causes: [{ reason: 'FieldValueNotSupported', message: body, field: 'fieldValidation' }],
  });
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function text(body: Buffer | Uint8Array | string): string {
  return typeof body === 'string' ? body : new TextDecoder('utf-8').decode(body);
}

/** The shape a body of this kind decodes into; kinds without a schema decode untyped. */
function shapeOf(registry: ShapeRegistry, apiVersion: string, kind: string): Shape {
  return registry.kind(apiVersion, kind) ?? ANY;
}

function texts(findings: readonly StrictFinding[], prefix = ''): string[] {
  return findings.map((f) => prefix + findingText(f));
}

/** The YAML body's value as sigs.k8s.io/yaml converts it (merges applied, the last key wins). */
function yamlValue(parsed: ParsedYaml): unknown {
  try {
    return parsed.doc.toJS({ maxAliasCount: 1000 }) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The strict-decoding problems of a create (POST) or update (PUT) body, in upstream's order,
 * each one error text of `strict decoding error: ...`:
 * - JSON: unknown and duplicate fields in document order (`unknown field "spec.foo"`,
 *   `duplicate field "metadata.name"`);
 * - YAML: first one error listing every duplicate key (`yaml: unmarshal errors:\n  line 5: key
 *   "name" already set in map\n  ...`), then the unknown fields in key order (the YAML is
 *   converted to JSON with sorted keys before it is decoded);
 * - protobuf (and anything else): none, it cannot carry either.
 * `apiVersion` and `kind` are the body's own (defaulted from the endpoint when it has none): the
 * body decodes into that type. Kinds without a built-in schema get their duplicates only.
 */
export function findFieldProblems(
  body: Buffer | Uint8Array | string,
  contentType: string | undefined,
  apiVersion: string,
  kind: string,
  registry: ShapeRegistry = ShapeRegistry.builtin(),
): string[] {
  const type = mediaType(contentType);
  const shape = shapeOf(registry, apiVersion, kind);
  if (type === 'application/json' || type === '') {
    return texts(strictJsonFindings(text(body), shape) ?? []);
  }
  if (type === 'application/yaml') {
    const parsed = parseYamlBody(text(body));
    if (parsed === undefined) return [];
    const lines = duplicateLines(parsed);
    const problems = lines.length > 0 ? [yamlUnmarshalErrors(lines)] : [];
    if (shape === ANY) return problems;
    const value = yamlValue(parsed);
    if (value === undefined) return problems;
    return [...problems, ...texts(strictValueFindings(value, shape))];
  }
  return [];
}

const JSON_PATCH_OPS: Shape = {
  kind: 'list',
  element: {
    kind: 'struct',
    fields: new Map<string, Shape>([
      ['op', OPAQUE],
      ['path', OPAQUE],
      ['from', OPAQUE],
      ['value', ANY],
    ]),
  } satisfies StructShape,
};

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

/**
 * The unknown fields of a decoded value as the unstructured converter (FromUnstructuredWithValidation)
 * finds them: its paths leave out the keys of map entries, and its texts are not Go-quoted.
 */
function convertedUnknownFields(value: unknown, shape: Shape, path: string, out: string[]): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (shape.kind === 'list') value.forEach((item, i) => convertedUnknownFields(item, shape.element, `${path}[${i}]`, out));
    return;
  }
  const m = value as Record<string, unknown>;
  if (shape.kind === 'struct') {
    for (const key of Object.keys(m)) {
      const field = shape.fields.get(key);
      if (field === undefined) out.push(`unknown field "${joinKey(path, key)}"`);
      else convertedUnknownFields(m[key], field, joinKey(path, key), out);
    }
  } else if (shape.kind === 'map') {
    for (const key of Object.keys(m)) convertedUnknownFields(m[key], shape.element, path, out);
  }
}

/**
 * The unknown fields of a custom object, after its body's duplicates as upstream lists them:
 * first those of its metadata (ObjectMeta's fields), then the paths its schema does not know
 * (`pruned`: what pruning drops, sorted), each `unknown field "spec.foo"`.
 */
export function customResourceUnknownFields(
  object: unknown,
  pruned: readonly string[],
  registry: ShapeRegistry = ShapeRegistry.builtin(),
): string[] {
  const out: string[] = [];
  // ObjectMeta's shape, as every built-in kind's metadata has it.
  const anyKind = registry.kind('v1', 'ConfigMap');
  const meta = anyKind?.kind === 'struct' ? anyKind.fields.get('metadata') : undefined;
  const metadata = (object as { metadata?: unknown } | null)?.metadata;
  if (meta !== undefined && metadata !== undefined) convertedUnknownFields(metadata, meta, 'metadata', out);
  return [...out, ...pruned.map((path) => `unknown field ${goQuote(path)}`)];
}

/**
 * The problems of a PATCH, in upstream's order, once the patch applied (`patched` is the result;
 * upstream reports nothing when applying fails):
 * - json-patch: the operations' own (`json patch unknown field "[0].foo"`, `json patch duplicate
 *   field "[1].path"`), then the patched object's unknown fields (keys in order: the patch
 *   library re-encodes what it touched with sorted keys and keeps added values as sent, so their
 *   duplicates come back too);
 * - merge-patch: the patch's duplicate fields, then the patched object's unknown fields in key
 *   order;
 * - strategic-merge-patch: the patch's duplicate fields, then the patched object's unknown fields
 *   sorted by their text (the unstructured converter's: paths unquoted, map keys left out);
 * - apply-patch+yaml: the YAML's duplicate keys as one error (`error converting YAML to JSON:
 *   yaml: unmarshal errors:\n  line 10: key "paused" already set in map`); server-side apply
 *   itself rejects unknown fields, whatever the directive.
 */
export function findPatchProblems(
  patchType: string,
  body: Buffer | Uint8Array | string,
  patched: JsonMap | undefined,
  apiVersion: string,
  kind: string,
  registry: ShapeRegistry = ShapeRegistry.builtin(),
): string[] {
  const type = mediaType(patchType);
  const source = text(body);
  const shape = shapeOf(registry, apiVersion, kind);
  switch (type) {
    case JSON_PATCH: {
      const problems = texts(strictJsonFindings(source, JSON_PATCH_OPS) ?? [], 'json patch ');
      if (patched === undefined || shape === ANY) return problems;
      return [...problems, ...texts(strictJsonFindings(jsonPatchedText(patched, source), shape) ?? [])];
    }
    case MERGE_PATCH: {
      const problems = texts(strictJsonFindings(source, ANY) ?? []);
      if (patched === undefined || shape === ANY) return problems;
      return [...problems, ...texts(strictValueFindings(patched, shape))];
    }
    case STRATEGIC_MERGE_PATCH: {
      const problems = texts(strictJsonFindings(source, ANY) ?? []);
      if (patched === undefined || shape === ANY) return problems;
      const unknown: string[] = [];
      convertedUnknownFields(patched, shape, '', unknown);
      return [...problems, ...unknown.sort(compareGoStrings)];
    }
    case APPLY_PATCH: {
      const lines = yamlDuplicateLines(source) ?? [];
      return lines.length > 0 ? [`error converting YAML to JSON: ${yamlUnmarshalErrors(lines)}`] : [];
    }
    default:
      return [];
  }
}

/** Where the request's problems came from, to word a Strict failure as upstream does. */
export type FieldValidationContext =
  | {
      verb: 'create' | 'update';
      /** The body's kind and version (`Deployment`, `v1`). */
      kind: string;
      version: string;
      /** The endpoint's kind, when it differs from the body's. */
      objectKind?: string;
    }
  | {
      verb: 'patch';
      patchType: string;
      body: Buffer | Uint8Array | string;
      /** The patched object (json and merge patches show it in the 422). */
      patched?: JsonMap;
      /** The strategic merge patch as decoded and left by applying it (the 422 shows it). */
      patchMap?: JsonMap;
    };

const SHORT_YAML_PREFIX = 'yaml: unmarshal errors:\n';
const LONG_YAML_PREFIX = 'error converting YAML to JSON: yaml: unmarshal errors:\n';

/** The handlers' parseYAMLWarnings: a YAML duplicate-key error becomes one warning per line. */
function warningTexts(problem: string): string[] {
  let rest: string;
  if (problem.startsWith(SHORT_YAML_PREFIX)) rest = problem.slice(SHORT_YAML_PREFIX.length);
  else if (problem.startsWith(LONG_YAML_PREFIX)) rest = problem.slice(LONG_YAML_PREFIX.length);
  else return [problem];
  return rest.split('\n').map((line) => line.trim());
}

function invalidPatch(value: string, problems: readonly string[]): StatusError {
  const body = `Invalid value: ${goQuote(value)}: strict decoding error: ${problems.join(', ')}`;
  return StatusError.of(422, 'Invalid', ` "" is invalid: patch: ${body}`, {
    causes: [{ reason: 'FieldValueInvalid', message: body, field: 'patch' }],
  });
}

/**
 * Applies the directive to the problems found: Ignore and no problems do nothing; Warn returns
 * the Warning texts (one per problem, a YAML duplicate-key error one per line); Strict throws:
 * - create/update: 400 BadRequest `Deployment in version "v1" cannot be handled as a Deployment:
 *   strict decoding error: unknown field "spec.foo", ...`;
 * - json/merge patch: 422 Invalid ` "" is invalid: patch: Invalid value: "<patched object>":
 *   strict decoding error: ...`; strategic merge patch: the same with the patch printed as Go
 *   prints a map (`map[spec:map[foo:1]]`);
 * - apply patch: 400 BadRequest `error strict decoding YAML: error converting YAML to JSON: yaml:
 *   unmarshal errors:\n  line 10: key "paused" already set in map`.
 */
export function applyFieldValidation(
  mode: FieldValidationMode,
  problems: readonly string[],
  context: FieldValidationContext,
): { warnings: string[] } {
  if (mode === 'Ignore' || problems.length === 0) return { warnings: [] };
  if (mode === 'Warn') return { warnings: problems.flatMap(warningTexts) };
  const joined = `strict decoding error: ${problems.join(', ')}`;
  if (context.verb !== 'patch') {
    const objectKind = context.objectKind ?? context.kind;
    throw StatusError.badRequest(`${context.kind} in version ${goQuote(context.version)} cannot be handled as a ${objectKind}: ${joined}`);
  }
  const type = mediaType(context.patchType);
  switch (type) {
    case APPLY_PATCH:
      throw StatusError.badRequest(`error strict decoding YAML: ${problems.join(', ')}`);
    case STRATEGIC_MERGE_PATCH: {
      const patchMap = context.patchMap ?? (safeParse(text(context.body)) as JsonMap | undefined) ?? {};
      throw invalidPatch(goPrintV(patchMap), problems);
    }
    case JSON_PATCH:
      throw invalidPatch(context.patched === undefined ? 'null' : jsonPatchedText(context.patched, text(context.body)), problems);
    default:
      throw invalidPatch(goJsonMarshal(context.patched ?? null), problems);
  }
}

function safeParse(source: string): unknown {
  try {
    return JSON.parse(source) as unknown;
  } catch {
    return undefined;
  }
}

// ---- the patched text of a JSON patch ----------------------------------------------------------

function decodePointerToken(t: string): string {
  return t.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A JSON pointer resolved against `doc` to the key path it names now; undefined when it does not. */
function resolvePointer(doc: unknown, pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  const out: string[] = [];
  let node = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const token = decodePointerToken(raw);
    if (Array.isArray(node)) {
      const index = token === '-' ? node.length - 1 : /^(0|[1-9]\d*)$/.test(token) ? Number(token) : -1;
      if (index < 0 || index >= node.length) return undefined;
      out.push(String(index));
      node = node[index];
    } else if (node !== null && typeof node === 'object' && Object.prototype.hasOwnProperty.call(node, token)) {
      out.push(token);
      node = (node as Record<string, unknown>)[token];
    } else return undefined;
  }
  return out;
}

function valueAt(doc: unknown, path: readonly string[]): unknown {
  let node = doc;
  for (const key of path) node = Array.isArray(node) ? node[Number(key)] : (node as Record<string, unknown>)[key];
  return node;
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as JsonMap)[k], (b as JsonMap)[k]));
}

/** Go's json.Compact with HTML escaping (how a kept RawMessage is re-encoded). */
function compactJson(source: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (inString) {
      if (c === '\\') {
        out += c + source[i + 1];
        i++;
        continue;
      }
      if (c === '"') inString = false;
      if (c === '<' || c === '>' || c === '&' || c === '\u2028' || c === '\u2029') {
        out += `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
        continue;
      }
      out += c;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') out += c;
  }
  return out;
}

/**
 * The patched document as evanphx/json-patch v4 encodes it: what the operations walked into is
 * re-encoded with sorted keys, a value an `add` or `replace` put in place (and nothing walked into
 * since) is kept as the patch sent it, duplicate keys included.
 */
function jsonPatchedText(patched: JsonMap, source: string): string {
  const ops = safeParse(source);
  const values = jsonPatchValueTexts(source);
  const kept = new Map<string, string>();
  if (Array.isArray(ops) && values !== undefined) {
    const claimed = new Set<string>();
    for (let k = ops.length - 1; k >= 0; k--) {
      const op = ops[k] as Record<string, unknown> | null;
      const valueText = values[k];
      if (op === null || typeof op !== 'object' || valueText === undefined) continue;
      if ((op.op !== 'add' && op.op !== 'replace') || typeof op.path !== 'string') continue;
      const path = resolvePointer(patched, op.path);
      if (path === undefined || path.length === 0) continue;
      const key = path.join('\u0000');
      if (claimed.has(key)) continue;
      claimed.add(key);
      // a later operation that walks into the value, or tests it (or what holds it), decodes it
      const at = op.path;
      const walkedInto = ops.slice(k + 1).some((later) => {
        const l = later as Record<string, unknown> | null;
        if (l?.op === 'test' && typeof l.path === 'string' && (l.path === '' || at === l.path || at.startsWith(`${l.path}/`))) return true;
        return [l?.path, l?.from].some((p) => typeof p === 'string' && p.startsWith(`${at}/`));
      });
      if (walkedInto) continue;
      const value = safeParse(valueText);
      if (value !== undefined && jsonEqual(valueAt(patched, path), value)) kept.set(key, compactJson(valueText));
    }
  }
  return encodeKeeping(patched, [], kept);
}

function encodeKeeping(v: unknown, path: string[], kept: ReadonlyMap<string, string>): string {
  if (path.length > 0) {
    const raw = kept.get(path.join('\u0000'));
    if (raw !== undefined) return raw;
  }
  if (kept.size === 0 || v === null || typeof v !== 'object') return goJsonMarshal(v);
  if (Array.isArray(v)) return `[${v.map((item, i) => encodeKeeping(item, [...path, String(i)], kept)).join(',')}]`;
  const m = v as Record<string, unknown>;
  const keys = Object.keys(m).sort(compareGoStrings);
  return `{${keys.map((k) => `${goJsonMarshal(k)}:${encodeKeeping(m[k], [...path, k], kept)}`).join(',')}}`;
}
