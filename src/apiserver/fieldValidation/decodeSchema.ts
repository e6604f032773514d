// The shape of each built-in kind as kube-apiserver's strict JSON decoder sees it: the Go types
// of k8s.io/api, read from the same upstream OpenAPI v3 documents src/patch compiles. It is not
// the patch module's Atom graph because the decoder draws other lines than server-side apply:
// - struct: only the named fields are known (an OpenAPI object with properties, or with neither
//   properties nor additionalProperties: an empty Go struct, where every field is unknown);
// - map (additionalProperties): any key, duplicates reported;
// - opaque: types with their own UnmarshalJSON (Quantity, IntOrString, Time, MicroTime,
//   Duration, FieldsV1, RawExtension, the apiextensions JSON and JSONSchemaPropsOr* types) and
//   scalars: the decoder hands their bytes over unchecked, so nothing inside them is reported;
// - any: interface{} (kinds without a schema): duplicates reported, no field is unknown.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { generatedPath } from '../../api/index.js';
import { kindDefinitions, openApiV3FileName, type OpenApiSchema, type OpenApiV3Document } from '../../patch/index.js';

export interface StructShape {
  kind: 'struct';
  fields: Map<string, Shape>;
}
export interface MapShape {
  kind: 'map';
  element: Shape;
}
export interface ListShape {
  kind: 'list';
  element: Shape;
}
export interface AnyShape {
  kind: 'any';
}
export interface OpaqueShape {
  kind: 'opaque';
}
export type Shape = StructShape | MapShape | ListShape | AnyShape | OpaqueShape;

export const ANY: AnyShape = Object.freeze({ kind: 'any' });
export const OPAQUE: OpaqueShape = Object.freeze({ kind: 'opaque' });

/** Definitions whose Go types implement json.Unmarshaler. */
const CUSTOM_UNMARSHALERS = new Set([
  'io.k8s.apimachinery.pkg.api.resource.Quantity',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Duration',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
  'io.k8s.apimachinery.pkg.runtime.RawExtension',
  'io.k8s.apimachinery.pkg.runtime.Unknown',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray',
]);

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** Compiles the named schemas of one OpenAPI document into shapes, lazily and once each. */
export class ShapeCompiler {
  private readonly named = new Map<string, Shape>();

  constructor(private readonly schemas: Record<string, OpenApiSchema>) {}

  /** The shape of a components/schemas entry; undefined when the document has none. */
  definition(name: string): Shape | undefined {
    if (!this.named.has(name) && this.schemas[name] === undefined) return undefined;
    return this.namedShape(name);
  }

  private namedShape(name: string): Shape {
    const known = this.named.get(name);
    if (known !== undefined) return known;
    const spec = this.schemas[name];
    if (CUSTOM_UNMARSHALERS.has(name) || spec === undefined) {
      this.named.set(name, OPAQUE);
      return OPAQUE;
    }
    if (isStruct(spec)) {
      // registered before its fields so recursive types (JSONSchemaProps) close the loop
      const shape: StructShape = { kind: 'struct', fields: new Map() };
      this.named.set(name, shape);
      this.fillFields(shape, spec);
      return shape;
    }
    const shape = this.parse(spec);
    this.named.set(name, shape);
    return shape;
  }

  private ref(s: OpenApiSchema): Shape {
    let ref = s.$ref;
    if ((ref === undefined || ref === '') && s.allOf?.length === 1 && s.allOf[0]!.$ref) ref = s.allOf[0]!.$ref;
    if (ref !== undefined && ref !== '') return this.namedShape(ref.slice(ref.lastIndexOf('/') + 1));
    return this.parse(s);
  }

  private parse(s: OpenApiSchema): Shape {
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    if (type === 'array') {
      const items = Array.isArray(s.items) ? s.items[0] : s.items;
      return { kind: 'list', element: items === undefined ? ANY : this.ref(items) };
    }
    if (type !== 'object') return OPAQUE;
    if (isStruct(s)) {
      const shape: StructShape = { kind: 'struct', fields: new Map() };
      this.fillFields(shape, s);
      return shape;
    }
    const ap = s.additionalProperties;
    return { kind: 'map', element: typeof ap === 'object' ? this.ref(ap) : ANY };
  }

  private fillFields(shape: StructShape, s: OpenApiSchema): void {
    for (const [field, member] of Object.entries(s.properties ?? {})) shape.fields.set(field, this.ref(member));
  }
}

/** A Go struct: an object with properties, or an object with nothing (an empty struct). */
function isStruct(s: OpenApiSchema): boolean {
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type !== 'object') return false;
  if (s.properties !== undefined) return true;
  return s.additionalProperties === undefined || s.additionalProperties === false;
}

class GroupVersionShapes {
  private readonly compiler: ShapeCompiler;
  private readonly kinds: Map<string, string>;

  constructor(apiVersion: string, doc: OpenApiV3Document) {
    this.compiler = new ShapeCompiler(doc.components?.schemas ?? {});
    this.kinds = kindDefinitions(apiVersion, doc);
  }

  kind(kind: string): Shape | undefined {
    const definition = this.kinds.get(kind);
    return definition === undefined ? undefined : this.compiler.definition(definition);
  }

  objectMeta(): Shape | undefined {
    return this.compiler.definition(OBJECT_META);
  }
}

/** Loads the OpenAPI v3 document of a group version ('v1', 'apps/v1'); undefined when there is none. */
export type DocumentLoader = (apiVersion: string) => OpenApiV3Document | undefined;

/** The decoder shapes of the built-in kinds, per group version, built on first use and cached. */
export class ShapeRegistry {
  private readonly groupVersions = new Map<string, GroupVersionShapes | null>();

  constructor(private readonly load: DocumentLoader) {}

  /** Reads `<dir>/api__v1_openapi.json ...` (the layout of api/openapi-spec/v3). */
  static fromDirectory(dir: string): ShapeRegistry {
    return new ShapeRegistry((apiVersion) => {
      const file = join(dir, openApiV3FileName(apiVersion));
      return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as OpenApiV3Document) : undefined;
    });
  }

  /** The registry over the upstream documents the build put in src/generated/openapi/v3. */
  static builtin(): ShapeRegistry {
    builtinRegistry ??= ShapeRegistry.fromDirectory(generatedPath('openapi/v3'));
    return builtinRegistry;
  }

  private groupVersion(apiVersion: string): GroupVersionShapes | undefined {
    let gv = this.groupVersions.get(apiVersion);
    if (gv === undefined) {
      const doc = this.load(apiVersion);
      gv = doc === undefined ? null : new GroupVersionShapes(apiVersion, doc);
      this.groupVersions.set(apiVersion, gv);
    }
    return gv ?? undefined;
  }

  /** The shape of a kind's objects, or undefined when the group version or kind is not built in. */
  kind(apiVersion: string, kind: string): Shape | undefined {
    return this.groupVersion(apiVersion)?.kind(kind);
  }

  /** metav1.ObjectMeta's shape (from the core document, which every cluster serves). */
  objectMeta(): Shape | undefined {
    return this.groupVersion('v1')?.objectMeta();
  }
}

let builtinRegistry: ShapeRegistry | undefined;
