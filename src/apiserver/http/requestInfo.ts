// What a request addresses (upstream's RequestInfo): API group and version, namespace,
// resource, name, subresource, and the verb (get/list/watch/create/update/patch/delete/
// deletecollection), from the URL path, the method and the watch parameter.

export interface RequestInfo {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  verb: string;
}

/** Parses `/api/v1/...` or `/apis/<group>/<version>/...`; undefined for other paths. */
export function parseResourcePath(method: string, path: string, watch: boolean): RequestInfo | undefined {
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  let group: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    rest = parts.slice(1);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    rest = parts.slice(2);
  } else {
    return undefined;
  }
  const version = rest[0];
  let segments = rest.slice(1);
  let namespace: string | undefined;
  // /namespaces/<ns>/<resource>... is namespaced; /namespaces and /namespaces/<name>[/status]
  // address the namespace resource itself.
  if (segments[0] === 'namespaces' && segments.length >= 3 && !(segments.length === 3 && ['status', 'finalize'].includes(segments[2]))) {
    namespace = segments[1];
    segments = segments.slice(2);
  }
  const [resource, name, subresource, ...tail] = segments;
  if (tail.length > 0 && subresource !== 'proxy') return undefined;
  const verb = verbOf(method, name !== undefined, watch);
  return { group, version, namespace, resource, name, subresource, verb };
}

function verbOf(method: string, named: boolean, watch: boolean): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) return 'watch';
      return named ? 'get' : 'list';
    case 'POST': return 'create';
    case 'PUT': return 'update';
    case 'PATCH': return 'patch';
    case 'DELETE': return named ? 'delete' : 'deletecollection';
    default: return method.toLowerCase();
  }
}
