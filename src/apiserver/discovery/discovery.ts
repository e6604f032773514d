// Discovery documents, built from the catalog of served resources: the aggregated form
// (apidiscovery.k8s.io v2 and v2beta1, chosen by the Accept header) and the legacy ones
// (/api, /apis, /apis/<group>, /api/v1, /apis/<group>/<version>).
import type { Catalog, ResourceInfo } from '../../registry/catalog.js';

type Scope = 'Namespaced' | 'Cluster';

function aggregatedResource(info: ResourceInfo) {
  return {
    resource: info.resource,
    responseKind: { group: '', version: '', kind: info.kind },
    scope: (info.namespaced ? 'Namespaced' : 'Cluster') as Scope,
    singularResource: info.singular,
    verbs: info.verbs,
    ...(info.shortNames ? { shortNames: info.shortNames } : {}),
    ...(info.categories ? { categories: info.categories } : {}),
    ...(info.subresources.length > 0
      ? {
        subresources: info.subresources.map((s) => ({
          subresource: s.name,
          responseKind: { group: s.group ?? '', version: s.version ?? '', kind: s.kind },
          verbs: s.verbs,
        })),
      }
      : {}),
  };
}

/** The aggregated document of /api (core group) or /apis (every other group). */
export function aggregatedDiscovery(catalog: Catalog, legacy: boolean, version: 'v2' | 'v2beta1') {
  const groups = catalog.groups.filter((g) => (g.name === '') === legacy);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((group) => ({
      metadata: { name: group.name, creationTimestamp: null },
      versions: sortVersions(group.versions, group.preferredVersion).map((v) => ({
        version: v,
        resources: catalog.resourcesOf(group.name, v).map(aggregatedResource),
        freshness: 'Current',
      })),
    })),
  };
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDocument(catalog: Catalog, name: string) {
  const group = catalog.group(name);
  if (!group) return undefined;
  const gv = (v: string) => ({ groupVersion: `${name}/${v}`, version: v });
  return {
    name,
    versions: sortVersions(group.versions, group.preferredVersion).map(gv),
    preferredVersion: gv(group.preferredVersion),
  };
}

export function apiGroupList(catalog: Catalog) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: catalog.groups.filter((g) => g.name !== '').map((g) => groupDocument(catalog, g.name)),
  };
}

export function apiGroup(catalog: Catalog, name: string) {
  const document = groupDocument(catalog, name);
  return document && { kind: 'APIGroup', apiVersion: 'v1', ...document };
}

export function apiResourceList(catalog: Catalog, group: string, version: string) {
  const resources = catalog.resourcesOf(group, version);
  if (resources.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources: resources.flatMap((info) => [
      {
        name: info.resource,
        singularName: info.singular,
        namespaced: info.namespaced,
        kind: info.kind,
        verbs: info.verbs,
        ...(info.shortNames ? { shortNames: info.shortNames } : {}),
        ...(info.categories ? { categories: info.categories } : {}),
        ...(info.storageVersionHash ? { storageVersionHash: info.storageVersionHash } : {}),
      },
      ...info.subresources.map((s) => ({
        name: `${info.resource}/${s.name}`,
        singularName: '',
        namespaced: info.namespaced,
        ...(s.group !== undefined ? { group: s.group, version: s.version } : {}),
        kind: s.kind,
        verbs: s.verbs,
      })),
    ]),
  };
}

/** The preferred version first, then the rest in the order given. */
function sortVersions(versions: string[], preferred: string): string[] {
  return [preferred, ...versions.filter((v) => v !== preferred)];
}
