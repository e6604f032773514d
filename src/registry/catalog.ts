// The built-in resources kubets serves: every stable group-version of Kubernetes v1.33, read
// from the upstream discovery documents at build time (src/generated/discovery). Custom
// resources join at run time. Lookups by group/version/resource, kind, and the names kubectl
// accepts (plural, singular, short names).
import { readGeneratedJson } from '../api/index.js';
import type { PrinterColumn } from './customresources/printerColumns.js';

export interface SubresourceInfo {
  name: string;
  kind: string;
  /** Set when the subresource speaks another group-version (e.g. `scale` → autoscaling/v1). */
  group?: string;
  version?: string;
  verbs: string[];
}

export interface ResourceInfo {
  group: string;
  version: string;
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
  subresources: SubresourceInfo[];
  /** Custom resources: the columns `kubectl get` shows (additionalPrinterColumns). */
  printerColumns?: PrinterColumn[];
  /** Custom resources: where the scale subresource reads and writes (`.spec.replicas`). */
  scale?: ScalePaths;
  /** Custom resources: the Warning every request to this (deprecated) version gets. */
  deprecationWarning?: string;
  /** Computed on request (metrics.k8s.io), never stored: no store serves it. */
  computed?: boolean;
}

/** A custom resource's scale subresource: simple JSON paths (`.spec.replicas`). */
export interface ScalePaths {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface GroupInfo {
  name: string;
  preferredVersion: string;
  versions: string[];
}

interface CatalogFile {
  groups: GroupInfo[];
  resources: ResourceInfo[];
}

export function apiVersionOf(info: { group: string; version: string }): string {
  return info.group === '' ? info.version : `${info.group}/${info.version}`;
}

export class Catalog {
  private byPath = new Map<string, ResourceInfo>();
  private custom: { groups: GroupInfo[]; resources: ResourceInfo[] } = { groups: [], resources: [] };
  private computed: { groups: GroupInfo[]; resources: ResourceInfo[] } = { groups: [], resources: [] };

  constructor(private readonly builtInGroups: GroupInfo[], private readonly builtInResources: ResourceInfo[]) {
    this.index();
  }

  static builtIn(): Catalog {
    const file = readGeneratedJson<CatalogFile>('discovery/resources.json');
    return new Catalog(file.groups, file.resources);
  }

  /** Every served group: the built-in ones, then those of custom resources. */
  get groups(): GroupInfo[] {
    return [...this.builtInGroups, ...this.computed.groups, ...this.custom.groups];
  }

  get resources(): ResourceInfo[] {
    return [...this.builtInResources, ...this.computed.resources, ...this.custom.resources];
  }

  /** Serves a group whose resources are computed on request (metrics.k8s.io) beside the
   * built-in ones; called before the registries are made from the catalog. */
  addComputedGroup(group: GroupInfo, resources: ResourceInfo[]): void {
    this.computed = { groups: [...this.computed.groups, group], resources: [...this.computed.resources, ...resources] };
    this.index();
  }

  /** Replaces the custom resources (from the CustomResourceDefinitions) with these. */
  setCustomResources(groups: GroupInfo[], resources: ResourceInfo[]): void {
    this.custom = { groups, resources };
    this.index();
  }

  resource(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.byPath.get(pathKey(group, version, resource));
  }

  group(name: string): GroupInfo | undefined {
    return this.groups.find((g) => g.name === name);
  }

  /** The resources of one group-version, in discovery order. */
  resourcesOf(group: string, version: string): ResourceInfo[] {
    return this.resources.filter((r) => r.group === group && r.version === version);
  }

  /** The resource that serves `kind` in a group-version. */
  forKind(group: string, version: string, kind: string): ResourceInfo | undefined {
    return this.resources.find((r) => r.group === group && r.version === version && r.kind === kind);
  }

  private index(): void {
    this.byPath = new Map(this.resources.map((info) => [pathKey(info.group, info.version, info.resource), info]));
  }
}

function pathKey(group: string, version: string, resource: string): string {
  return `${group}/${version}/${resource}`;
}
