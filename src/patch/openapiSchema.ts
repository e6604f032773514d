// The type graph strategic merge patch and server-side apply walk: each kind's OpenAPI v3 schema
// turned, once per group-version document, into linked `Atom`s (scalar / list / map, any mix for
// untyped values) with the facts the two algorithms need: patch strategies and merge keys
// (x-kubernetes-patch-strategy, x-kubernetes-patch-merge-key) for strategic merge, list types,
// list map keys, map types and key defaults (x-kubernetes-list-type, -list-map-keys, -map-type,
// `default`) for apply. The conversion follows kube-openapi's schemaconv rules, which is what
// kube-apiserver's field manager uses: lists default to atomic unless a list type (or a merge
// patch strategy) says otherwise, Quantity and IntOrString are untyped scalars, RawExtension and
// schema-less objects take whatever shape the value has.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { generatedPath } from '../api/index.js';

export type ScalarType = 'numeric' | 'string' | 'boolean' | 'untyped';

/** A field of a struct-like map, with its strategic-merge metadata. */
export interface StructField {
  type: Atom;
  /** The OpenAPI default (used for list map keys the value omits). */
  default: unknown;
  /** x-kubernetes-patch-strategy split on commas, e.g. ['merge', 'retainKeys']. */
  patchStrategies: readonly string[];
  /** x-kubernetes-patch-merge-key, '' when none. */
  patchMergeKey: string;
}

export interface ListType {
  /** atomic: replaced as a whole; associative: a set (no keys) or a map keyed by `keys`. */
  relationship: 'atomic' | 'associative';
  keys: readonly string[];
  element: Atom;
}

export interface MapType {
  /** Named properties (struct fields). */
  fields: ReadonlyMap<string, StructField>;
  /** Type of keys that are not named fields; undefined when none are allowed. */
  element: Atom | undefined;
  relationship: 'atomic' | 'separable';
}

/** One node of the type graph; an untyped node has several of these set. */
export interface Atom {
  scalar?: ScalarType;
  list?: ListType;
  map?: MapType;
}

const NO_STRATEGIES: readonly string[] = Object.freeze([]);

function untypedAtoms(): { untyped: Atom; deduced: Atom } {
  const untyped: Atom = { scalar: 'untyped' };
  untyped.list = { relationship: 'atomic', keys: [], element: untyped };
  untyped.map = { fields: new Map(), element: untyped, relationship: 'atomic' };
  const deduced: Atom = { scalar: 'untyped' };
  deduced.list = { relationship: 'atomic', keys: [], element: untyped };
  deduced.map = { fields: new Map(), element: deduced, relationship: 'separable' };
  return { untyped, deduced };
}

const shared = untypedAtoms();
/** Any value, merged as a whole (schemaconv's `__untyped_atomic_`). */
export const UNTYPED_ATOM: Atom = shared.untyped;
/** Any value; maps merge key by key, lists are atomic (`__untyped_deduced_`): custom resources without a schema. */
export const DEDUCED_ATOM: Atom = shared.deduced;

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';

/** The part of an OpenAPI (v2 or v3) schema object the conversion reads. */
export interface OpenApiSchema {
  type?: string | string[];
  format?: string;
  $ref?: string;
  allOf?: OpenApiSchema[];
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: boolean | OpenApiSchema;
  items?: OpenApiSchema | OpenApiSchema[];
  default?: unknown;
  [extension: `x-${string}`]: unknown;
}

export interface OpenApiV3Document {
  components?: { schemas?: Record<string, OpenApiSchema> };
}

interface GroupVersionKind {
  group?: string;
  version?: string;
  kind?: string;
}

function listRelationship(s: OpenApiSchema): { relationship: 'atomic' | 'associative'; keys: string[] } {
  const listType = s['x-kubernetes-list-type'];
  if (listType !== undefined) {
    if (listType === 'set') return { relationship: 'associative', keys: [] };
    if (listType === 'map') {
      const keys = s['x-kubernetes-list-map-keys'];
      return { relationship: 'associative', keys: Array.isArray(keys) ? keys.filter((k) => typeof k === 'string') : [] };
    }
    return { relationship: 'atomic', keys: [] };
  }
  const strategy = s['x-kubernetes-patch-strategy'];
  if (strategy === 'merge' || strategy === 'merge,retainKeys') {
    const key = s['x-kubernetes-patch-merge-key'];
    return { relationship: 'associative', keys: typeof key === 'string' ? [key] : [] };
  }
  return { relationship: 'atomic', keys: [] };
}

function mapRelationship(s: OpenApiSchema): 'atomic' | 'granular' | undefined {
  const t = s['x-kubernetes-map-type'];
  return t === 'atomic' || t === 'granular' ? t : undefined;
}

function primitive(type: string, format: string | undefined): Atom {
  switch (type) {
    case 'integer':
    case 'number':
      return { scalar: 'numeric' };
    case 'boolean':
      return { scalar: 'boolean' };
    case 'string':
      return { scalar: format === undefined || format === '' || format === 'byte' ? 'string' : 'untyped' };
    default:
      return { scalar: 'untyped' };
  }
}

/** Compiles the named schemas of one OpenAPI document into atoms, lazily and once each. */
export class SchemaCompiler {
  private readonly named = new Map<string, Atom>();
  private readonly overridden = new Map<string, Atom>();
  private readonly pending: Array<() => void> = [];
  private depth = 0;

  constructor(
    private readonly schemas: Record<string, OpenApiSchema>,
    private readonly preserveUnknownFields = false,
  ) {}

  /** The atom of a named schema (components/schemas key), or undefined when there is none. */
  atom(name: string): Atom | undefined {
    if (!this.named.has(name) && this.schemas[name] === undefined) return undefined;
    return this.enter(() => this.namedAtom(name, undefined));
  }

  /** Compiles a free-standing schema (e.g. a CRD version's openAPIV3Schema). */
  compile(schema: OpenApiSchema): Atom {
    return this.enter(() => this.parse(schema, this.preserveUnknownFields));
  }

  private enter<T>(fn: () => T): T {
    this.depth++;
    try {
      return fn();
    } finally {
      if (--this.depth === 0) {
        while (this.pending.length > 0) this.pending.shift()!();
      }
    }
  }

  private namedAtom(name: string, override: 'atomic' | 'granular' | undefined): Atom {
    let atom = this.named.get(name);
    if (atom === undefined) {
      atom = {};
      this.named.set(name, atom);
      if (name === QUANTITY) atom.scalar = 'untyped';
      else if (name === RAW_EXTENSION) Object.assign(atom, UNTYPED_ATOM);
      else {
        const spec = this.schemas[name];
        if (spec !== undefined) Object.assign(atom, this.parse(spec, this.preserveUnknownFields));
        else atom.scalar = 'untyped';
      }
    }
    if (override === undefined) return atom;
    // a field-level x-kubernetes-map-type overrides the referred type's relationship; the
    // referred type may still be under construction (recursive types), so finish it later
    const key = `${override}\u0000${name}`;
    let derived = this.overridden.get(key);
    if (derived === undefined) {
      derived = {};
      this.overridden.set(key, derived);
      const base = atom;
      const target = derived;
      const relationship = override === 'atomic' ? 'atomic' : 'separable';
      this.pending.push(() => {
        if (base.map) target.map = { ...base.map, relationship };
        else if (base.list) target.list = { ...base.list, relationship: relationship === 'atomic' ? 'atomic' : 'associative' };
        else if (base.scalar) target.scalar = base.scalar;
      });
    }
    return derived;
  }

  private ref(s: OpenApiSchema, preserve: boolean): Atom {
    let ref = s.$ref;
    if ((ref === undefined || ref === '') && s.allOf?.length === 1 && s.allOf[0]!.$ref) ref = s.allOf[0]!.$ref;
    if (ref !== undefined && ref !== '') {
      const name = ref.slice(ref.lastIndexOf('/') + 1);
      if (name !== '') return this.namedAtom(name, mapRelationship(s));
    }
    return this.parse(s, preserve);
  }

  private parse(s: OpenApiSchema, inheritedPreserve: boolean): Atom {
    const preserve = inheritedPreserve || s['x-kubernetes-preserve-unknown-fields'] === true;
    const type = Array.isArray(s.type) ? (s.type[0] ?? '') : (s.type ?? '');
    switch (type) {
      case '':
        return { scalar: 'untyped', list: this.list(s, preserve), map: this.object(s, preserve) };
      case 'object':
        return { map: this.object(s, preserve) };
      case 'array':
        return { list: this.list(s, preserve) };
      default:
        return primitive(type, s.format);
    }
  }

  private object(s: OpenApiSchema, preserve: boolean): MapType {
    const fields = new Map<string, StructField>();
    for (const [name, member] of Object.entries(s.properties ?? {})) {
      const strategy = member['x-kubernetes-patch-strategy'];
      const mergeKey = member['x-kubernetes-patch-merge-key'];
      fields.set(name, {
        type: this.ref(member, preserve),
        default: member.default,
        patchStrategies: typeof strategy === 'string' && strategy !== '' ? strategy.split(',') : NO_STRATEGIES,
        patchMergeKey: typeof mergeKey === 'string' ? mergeKey : '',
      });
    }
    let element: Atom | undefined;
    const ap = s.additionalProperties;
    if (ap === undefined) element = preserve || fields.size === 0 ? DEDUCED_ATOM : undefined;
    else if (ap === true) element = DEDUCED_ATOM;
    else if (ap === false) element = undefined;
    else element = this.ref(ap, preserve);
    return { fields, element, relationship: mapRelationship(s) === 'atomic' ? 'atomic' : 'separable' };
  }

  private list(s: OpenApiSchema, preserve: boolean): ListType {
    const { relationship, keys } = listRelationship(s);
    let element: Atom;
    if (s.items === undefined) element = UNTYPED_ATOM;
    else if (Array.isArray(s.items)) element = s.items.length === 1 ? this.ref(s.items[0]!, preserve) : DEDUCED_ATOM;
    else element = this.ref(s.items, preserve);
    return { relationship, keys, element };
  }
}

/** A kind's schema: the root atom of its objects. */
export interface KindSchema {
  apiVersion: string;
  kind: string;
  /** The components/schemas name, e.g. io.k8s.api.apps.v1.Deployment. */
  definition: string;
  root: Atom;
}

/** The definition of each kind of a group-version document, by its
 * x-kubernetes-group-version-kind. Several definitions may claim a kind (meta/v1 options):
 * the group's own wins. */
export function kindDefinitions(apiVersion: string, doc: OpenApiV3Document): Map<string, string> {
  const kinds = new Map<string, string>();
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  for (const [name, spec] of Object.entries(doc.components?.schemas ?? {})) {
    const gvks = spec['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks)) continue;
    for (const gvk of gvks as GroupVersionKind[]) {
      if ((gvk.group ?? '') === group && gvk.version === version && gvk.kind) {
        if (!kinds.has(gvk.kind) || !name.startsWith('io.k8s.apimachinery.')) kinds.set(gvk.kind, name);
      }
    }
  }
  return kinds;
}

class GroupVersionSchema {
  readonly compiler: SchemaCompiler;
  private readonly kinds: Map<string, string>;
  private readonly roots = new Map<string, KindSchema>();

  constructor(
    private readonly apiVersion: string,
    doc: OpenApiV3Document,
  ) {
    const schemas = doc.components?.schemas ?? {};
    this.compiler = new SchemaCompiler(schemas);
    this.kinds = kindDefinitions(apiVersion, doc);
  }

  kind(kind: string): KindSchema | undefined {
    let schema = this.roots.get(kind);
    if (schema !== undefined) return schema;
    const definition = this.kinds.get(kind);
    if (definition === undefined) return undefined;
    const root = this.compiler.atom(definition);
    if (root === undefined) return undefined;
    schema = { apiVersion: this.apiVersion, kind, definition, root };
    this.roots.set(kind, schema);
    return schema;
  }
}

/** Loads the OpenAPI v3 document of a group version ('v1', 'apps/v1'); undefined when there is none. */
export type OpenApiDocumentLoader = (apiVersion: string) => OpenApiV3Document | undefined;

/** The file name kube-apiserver's /openapi/v3 paths map to in api/openapi-spec/v3. */
export function openApiV3FileName(apiVersion: string): string {
  return apiVersion.includes('/') ? `apis__${apiVersion.replace('/', '__')}_openapi.json` : `api__${apiVersion}_openapi.json`;
}

/** The schemas of the built-in kinds, per group version, built on first use and cached. */
export class SchemaRegistry {
  private readonly groupVersions = new Map<string, GroupVersionSchema | null>();

  constructor(private readonly load: OpenApiDocumentLoader) {}

  /** Reads `<dir>/<api__v1_openapi.json ...>` documents (the layout of api/openapi-spec/v3). */
  static fromDirectory(dir: string): SchemaRegistry {
    return new SchemaRegistry((apiVersion) => {
      const file = join(dir, openApiV3FileName(apiVersion));
      return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as OpenApiV3Document) : undefined;
    });
  }

  /** The registry over the upstream documents the build put in src/generated/openapi/v3. */
  static builtin(): SchemaRegistry {
    builtinRegistry ??= SchemaRegistry.fromDirectory(generatedPath('openapi/v3'));
    return builtinRegistry;
  }

  /** The schema of a kind, or undefined when the group version or kind is unknown. */
  kind(apiVersion: string, kind: string): KindSchema | undefined {
    let gv = this.groupVersions.get(apiVersion);
    if (gv === undefined) {
      const doc = this.load(apiVersion);
      gv = doc === undefined ? null : new GroupVersionSchema(apiVersion, doc);
      this.groupVersions.set(apiVersion, gv);
    }
    return kind === '' ? undefined : gv?.kind(kind);
  }

  /** The atom of a named definition of a group version's document (e.g. ObjectMeta in 'v1'). */
  definition(apiVersion: string, name: string): Atom | undefined {
    this.kind(apiVersion, '');
    return this.groupVersions.get(apiVersion)?.compiler.atom(name);
  }

  /**
   * Whether strategic merge patch can be applied to this kind: it needs the kind's schema.
   * Upstream refuses strategic merge for custom resources (415, see unsupportedPatchType).
   */
  supportsStrategicMerge(apiVersion: string, kind: string): boolean {
    return this.kind(apiVersion, kind) !== undefined;
  }
}

let builtinRegistry: SchemaRegistry | undefined;

/** Compiles a standalone structural schema (a CRD version's openAPIV3Schema) into an atom. */
export function compileStructuralSchema(schema: OpenApiSchema, options: { preserveUnknownFields?: boolean } = {}): Atom {
  return new SchemaCompiler({}, options.preserveUnknownFields ?? false).compile(schema);
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/**
 * The type of a custom resource from its CRD version's openAPIV3Schema, as the CRD field
 * manager sees it: the structural schema, with apiVersion and kind as strings and metadata as
 * the full ObjectMeta (labels, annotations, ownerReferences keyed by uid, ...). Without a schema
 * (undefined) every field is deduced from the value: maps merge, lists are atomic.
 */
export function compileCustomResourceSchema(
  schema: OpenApiSchema | undefined,
  options: { preserveUnknownFields?: boolean; registry?: SchemaRegistry } = {},
): Atom {
  const objectMeta = (options.registry ?? SchemaRegistry.builtin()).definition('v1', OBJECT_META);
  const root = schema === undefined ? { ...DEDUCED_ATOM } : compileStructuralSchema(schema, options);
  const map = root.map ?? DEDUCED_ATOM.map!;
  const fields = new Map(map.fields);
  const plain = (type: Atom): StructField => ({ type, default: undefined, patchStrategies: NO_STRATEGIES, patchMergeKey: '' });
  fields.set('apiVersion', plain({ scalar: 'string' }));
  fields.set('kind', plain({ scalar: 'string' }));
  if (objectMeta !== undefined) fields.set('metadata', plain(objectMeta));
  return { ...root, map: { ...map, fields } };
}
