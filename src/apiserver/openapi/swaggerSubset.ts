// Which OpenAPI documents a server publishes, and the swagger (v2) document cut down to them.
// The v3 documents are keyed by the path prefix they describe (`api`, `api/v1`, `apis`,
// `apis/apps`, `apis/apps/v1`, `version`); the upstream documents were generated with every
// API enabled, so /openapi/v2 keeps only the paths of the served documents and the definitions
// and shared parameters those paths reach through `$ref`.

export type JsonObject = { [key: string]: unknown };

/** A served API group and its versions (the core group has name ''). */
export interface ServedGroup {
  name: string;
  versions: string[];
}

/** The v3 document paths for the served groups plus the non-resource documents. */
export function servedDocumentPaths(groups: readonly ServedGroup[], nonResourcePaths: readonly string[]): string[] {
  const paths = new Set<string>(['apis']);
  for (const group of groups) {
    if (group.name === '') {
      paths.add('api');
      for (const version of group.versions) paths.add(`api/${version}`);
    } else {
      paths.add(`apis/${group.name}`);
      for (const version of group.versions) paths.add(`apis/${group.name}/${version}`);
    }
  }
  for (const path of nonResourcePaths) paths.add(path);
  return [...paths].sort();
}

/** The v3 document a swagger path belongs to (`/apis/apps/v1/deployments` → `apis/apps/v1`). */
export function documentPathOf(swaggerPath: string, nonResourcePaths: readonly string[]): string | undefined {
  const segments = swaggerPath.split('/').filter((s) => s !== '');
  if (segments[0] === 'api') return segments.slice(0, 2).join('/');
  if (segments[0] === 'apis') return segments.slice(0, 3).join('/');
  return nonResourcePaths.find((p) => swaggerPath === `/${p}` || swaggerPath.startsWith(`/${p}/`));
}

/** Sections of a swagger document that `$ref`s point into. */
const referencedSections = ['definitions', 'parameters', 'responses'] as const;

/**
 * The swagger document with only the paths of `documentPaths`, and only the definitions,
 * parameters and responses those paths need. Other top-level keys are kept as they are.
 */
export function restrictSwagger(
  swagger: JsonObject,
  documentPaths: ReadonlySet<string>,
  nonResourcePaths: readonly string[],
): JsonObject {
  const allPaths = (swagger.paths ?? {}) as JsonObject;
  const paths: JsonObject = {};
  for (const [path, item] of Object.entries(allPaths)) {
    const doc = documentPathOf(path, nonResourcePaths);
    if (doc !== undefined && documentPaths.has(doc)) paths[path] = item;
  }
  const needed = reachable(swagger, paths);
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(swagger)) {
    if (key === 'paths') {
      result.paths = paths;
    } else if ((referencedSections as readonly string[]).includes(key)) {
      const kept: JsonObject = {};
      for (const [name, entry] of Object.entries(value as JsonObject)) {
        if (needed.has(`#/${key}/${escapePointer(name)}`)) kept[name] = entry;
      }
      result[key] = kept;
    } else {
      result[key] = value;
    }
  }
  return result;
}

/** Every `$ref` reachable from `start`, following references into the document's sections. */
function reachable(swagger: JsonObject, start: unknown): Set<string> {
  const seen = new Set<string>();
  const queue: string[] = [];
  collectRefs(start, queue);
  while (queue.length > 0) {
    const ref = queue.pop()!;
    if (seen.has(ref)) continue;
    seen.add(ref);
    const match = /^#\/([^/]+)\/(.+)$/.exec(ref);
    if (!match) continue;
    const section = swagger[match[1]] as JsonObject | undefined;
    const target = section?.[unescapePointer(match[2])];
    if (target !== undefined) collectRefs(target, queue);
  }
  return seen;
}

function collectRefs(value: unknown, into: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') into.push(child);
      else collectRefs(child, into);
    }
  }
}

function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}
