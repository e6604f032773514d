// OpenAPI documents for custom resources, as apiextensions-apiserver publishes them: one v3
// document per group-version of the served definitions, each kind under its reversed-group
// name (`com.example.v1.WebApp`) with x-kubernetes-group-version-kind, metadata as the
// built-in ObjectMeta, and the list kind; so `kubectl explain webapps.spec` works. The
// documents follow the definitions: published, replaced and withdrawn as they change.
import { readFileSync } from 'node:fs';
import { generatedPath } from '../../api/index.js';
import type { OpenApiDocuments } from './documents.js';
import type { JsonObject } from './swaggerSubset.js';

type Schema = JsonObject;

interface Definition {
  group: string;
  plural: string;
  kind: string;
  listKind: string;
  version: string;
  scope: string;
  schema: Schema;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
let metaSchemas: Record<string, Schema> | undefined;

/** The named schemas of the built-in core document and everything they reference. */
export function coreSchemas(roots: string[]): Record<string, Schema> {
  const core = JSON.parse(readFileSync(generatedPath('openapi/v3/api__v1_openapi.json'), 'utf8')) as { components: { schemas: Record<string, Schema> } };
  const all = core.components.schemas;
  const wanted = new Map<string, Schema>();
  const visit = (name: string) => {
    if (wanted.has(name) || !all[name]) return;
    wanted.set(name, all[name]);
    JSON.stringify(all[name]).replace(/#\/components\/schemas\/([\w.-]+)/g, (_m, ref: string) => { visit(ref); return ''; });
  };
  for (const root of roots) visit(root);
  return Object.fromEntries(wanted);
}

/** ObjectMeta, ListMeta and everything they reference. */
function metaComponents(): Record<string, Schema> {
  metaSchemas ??= coreSchemas([`${META}.ObjectMeta`, `${META}.ListMeta`]);
  return metaSchemas;
}

function reversedGroup(group: string): string {
  return group.split('.').reverse().join('.');
}

const typeMeta = (field: 'apiVersion' | 'kind'): Schema => ({
  type: 'string',
  description: field === 'apiVersion'
    ? 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources'
    : 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
});

function kindSchemas(d: Definition): Record<string, Schema> {
  const name = `${reversedGroup(d.group)}.${d.version}.${d.kind}`;
  const gvk = [{ group: d.group, kind: d.kind, version: d.version }];
  const properties = { ...((d.schema.properties as Record<string, Schema> | undefined) ?? {}) };
  return {
    [name]: {
      ...d.schema,
      type: 'object',
      properties: {
        ...properties,
        apiVersion: typeMeta('apiVersion'),
        kind: typeMeta('kind'),
        metadata: { allOf: [{ $ref: `#/components/schemas/${META}.ObjectMeta` }], description: 'Standard object\'s metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata' },
      },
      'x-kubernetes-group-version-kind': gvk,
    },
    [`${name}List`]: {
      description: `${d.listKind} is a list of ${d.kind}`,
      type: 'object',
      required: ['items'],
      properties: {
        apiVersion: typeMeta('apiVersion'),
        items: { type: 'array', items: { $ref: `#/components/schemas/${name}` }, description: `List of ${d.kind.toLowerCase()}s. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md` },
        kind: typeMeta('kind'),
        metadata: { allOf: [{ $ref: `#/components/schemas/${META}.ListMeta` }], description: 'Standard list metadata' },
      },
      'x-kubernetes-group-version-kind': [{ group: d.group, kind: d.listKind, version: d.version }],
    },
  };
}

/** The read paths of a kind (kubectl explain finds a resource's kind through them). */
function resourcePaths(d: Definition): Record<string, Schema> {
  const base = d.scope === 'Namespaced' ? `/apis/${d.group}/${d.version}/namespaces/{namespace}/${d.plural}` : `/apis/${d.group}/${d.version}/${d.plural}`;
  const name = `${reversedGroup(d.group)}.${d.version}.${d.kind}`;
  const read = (kind: string, schema: string, operationId: string): Schema => ({
    get: {
      operationId,
      responses: { 200: { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } } },
      'x-kubernetes-action': operationId.startsWith('list') ? 'list' : 'get',
      'x-kubernetes-group-version-kind': { group: d.group, version: d.version, kind },
    },
  });
  return {
    [base]: read(d.kind, `${name}List`, `list${d.kind}`),
    [`${base}/{name}`]: read(d.kind, name, `read${d.kind}`),
  };
}

/** Publishes exactly the given definitions' group-versions (withdrawing those gone since). */
export class CustomResourceOpenApi {
  private published = new Set<string>();

  constructor(private readonly documents: OpenApiDocuments) {}

  /** Publishes the served versions of these CustomResourceDefinitions. */
  update(crds: JsonObject[]): void {
    this.publish(crds.flatMap(definitionsOf));
  }

  private publish(definitions: Definition[]): void {
    const byPath = new Map<string, Definition[]>();
    for (const d of definitions) {
      const path = `apis/${d.group}/${d.version}`;
      byPath.set(path, [...(byPath.get(path) ?? []), d]);
    }
    for (const path of this.published) if (!byPath.has(path)) this.documents.delete(path);
    for (const [path, defs] of byPath) {
      const kinds = Object.assign({}, ...defs.map(kindSchemas)) as Record<string, Schema>;
      const schemas = { ...metaComponents(), ...kinds };
      const paths = Object.assign({}, ...defs.map(resourcePaths)) as JsonObject;
      // /openapi/v2 already defines the meta types; it gets the kinds, with v2 references.
      const definitions = JSON.parse(JSON.stringify(kinds).replaceAll('#/components/schemas/', '#/definitions/')) as JsonObject;
      this.documents.set(path, { openapi: '3.0.0', info: { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' }, paths, components: { schemas } }, { definitions });
    }
    this.published = new Set(byPath.keys());
  }
}

type CrdVersion = { name: string; served?: boolean; schema?: { openAPIV3Schema?: Schema } };
type CrdSpec = { group: string; scope: string; names: { kind: string; listKind?: string; plural: string }; versions?: CrdVersion[] };

function definitionsOf(crd: JsonObject): Definition[] {
  const spec = crd.spec as CrdSpec;
  return (spec.versions ?? []).filter((v) => v.served).map((v) => ({
    group: spec.group,
    plural: spec.names.plural,
    kind: spec.names.kind,
    listKind: spec.names.listKind || `${spec.names.kind}List`,
    version: v.name,
    scope: spec.scope,
    schema: v.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  }));
}
