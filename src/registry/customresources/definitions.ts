// What a CustomResourceDefinition serves: one resource per served version, the group's
// versions in Kubernetes' preference order, and the names the definition accepts.
import type { GroupInfo, ResourceInfo, ScalePaths } from '../catalog.js';
import type { KubeObject } from '../object.js';
import { DEFAULT_PRINTER_COLUMNS, type PrinterColumn } from './printerColumns.js';
import type { JSONSchemaProps } from './schema/index.js';

export interface CrdNames {
  plural: string;
  singular?: string;
  kind: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  subresources?: { status?: object; scale?: Partial<ScalePaths> };
  additionalPrinterColumns?: PrinterColumn[];
  schema?: { openAPIV3Schema?: JSONSchemaProps };
}

export interface CrdSpec {
  group: string;
  names: CrdNames;
  scope: 'Namespaced' | 'Cluster';
  versions: CrdVersion[];
}

export const spec = (crd: KubeObject) => (crd.spec ?? {}) as CrdSpec;

/** The names with their defaults, as status.acceptedNames shows them. */
export function acceptedNames(names: CrdNames): Required<Pick<CrdNames, 'plural' | 'singular' | 'kind' | 'listKind'>> & CrdNames {
  return {
    ...names,
    singular: names.singular || names.kind.toLowerCase(),
    listKind: names.listKind || `${names.kind}List`,
  };
}

/** The resources a definition serves, one per served version. */
export function servedResources(crd: KubeObject): ResourceInfo[] {
  return (spec(crd).versions ?? []).filter((v) => v.served).map((v) => resourceOf(crd, v));
}

/** The objects of one version of a definition, as a resource. */
export function resourceOf(crd: KubeObject, v: CrdVersion): ResourceInfo {
  const { group, names, scope } = spec(crd);
  const accepted = acceptedNames(names);
  return {
    group,
    version: v.name,
    resource: names.plural,
    singular: accepted.singular,
    kind: names.kind,
    namespaced: scope !== 'Cluster',
    verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
    ...(names.shortNames?.length ? { shortNames: names.shortNames } : {}),
    ...(names.categories?.length ? { categories: names.categories } : {}),
    printerColumns: v.additionalPrinterColumns?.length ? v.additionalPrinterColumns : DEFAULT_PRINTER_COLUMNS,
    ...(v.subresources?.scale ? { scale: scalePaths(v.subresources.scale) } : {}),
    ...(v.deprecated ? { deprecationWarning: v.deprecationWarning ?? defaultDeprecationWarning(spec(crd), v.name) } : {}),
    subresources: [
      ...(v.subresources?.status ? [{ name: 'status', kind: names.kind, verbs: ['get', 'patch', 'update'] }] : []),
      ...(v.subresources?.scale ? [{ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] }] : []),
    ],
  };
}

function scalePaths(scale: Partial<ScalePaths>): ScalePaths {
  return {
    specReplicasPath: scale.specReplicasPath ?? '',
    statusReplicasPath: scale.statusReplicasPath ?? '',
    ...(scale.labelSelectorPath ? { labelSelectorPath: scale.labelSelectorPath } : {}),
  };
}

/** What a deprecated version warns without a deprecationWarning of its own: it is deprecated,
 * and which newer served version that is not to use instead, if there is one. */
function defaultDeprecationWarning({ group, names, versions }: CrdSpec, version: string): string {
  const text = `${group}/${version} ${names.kind} is deprecated`;
  const newer = versions.filter((v) => v.served && !v.deprecated && compareVersions(v.name, version) < 0)
    .map((v) => v.name).sort(compareVersions);
  return newer.length ? `${text}; use ${group}/${newer[0]} ${names.kind}` : text;
}

/** Kubernetes version order: GA before beta before alpha, higher numbers first, then the
 * versions that follow no pattern, alphabetically. */
export function compareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number, string] => {
    const m = v.match(/^v(\d+)(?:(alpha|beta)(\d+))?$/);
    if (!m) return [3, 0, 0, v];
    const stability = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
    return [stability, -Number(m[1]), -Number(m[3] ?? 0), v];
  };
  const [x, y] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x[3] < y[3] ? -1 : x[3] > y[3] ? 1 : 0;
}

/** The groups the definitions serve, each with its versions in preference order. */
export function servedGroups(resources: ResourceInfo[]): GroupInfo[] {
  const byGroup = new Map<string, Set<string>>();
  for (const r of resources) byGroup.set(r.group, (byGroup.get(r.group) ?? new Set()).add(r.version));
  return [...byGroup].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, set]) => {
    const versions = [...set].sort(compareVersions);
    return { name, preferredVersion: versions[0], versions };
  });
}

/** Where a served version's objects are found: group/version/plural. */
export const schemaKey = (info: { group: string; version: string; resource: string }): string =>
  `${info.group}/${info.version}/${info.resource}`;

/** The structural schemas of the definitions' served versions, by schemaKey. */
export function servedSchemas(crds: KubeObject[]): Map<string, JSONSchemaProps> {
  const schemas = new Map<string, JSONSchemaProps>();
  for (const crd of crds) {
    const { group, names, versions } = spec(crd);
    for (const v of versions ?? []) {
      const schema = v.schema?.openAPIV3Schema;
      if (v.served && schema && names?.plural) schemas.set(schemaKey({ group, version: v.name, resource: names.plural }), schema);
    }
  }
  return schemas;
}
