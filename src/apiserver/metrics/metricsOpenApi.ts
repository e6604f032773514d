// The OpenAPI document of metrics.k8s.io/v1beta1, as metrics-server publishes it through the
// aggregator: NodeMetrics, PodMetrics, their lists and ContainerMetrics under their Go package
// names, the read paths (get and list) and the meta types they use — for /openapi/v3 (kubectl
// explain) and, merged, /openapi/v2.
import { coreSchemas, type OpenApiDocuments } from '../openapi/index.js';
import { METRICS_GROUP, METRICS_VERSION } from './metricsResources.js';

type Schema = Record<string, unknown>;

const PACKAGE = 'io.k8s.metrics.pkg.apis.metrics.v1beta1';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const gvk = (kind: string) => [{ group: METRICS_GROUP, version: METRICS_VERSION, kind }];

const typeMeta = {
  apiVersion: { type: 'string', description: 'The versioned schema of this representation of an object.' },
  kind: { type: 'string', description: 'The REST resource this object represents, in CamelCase.' },
};
const usage = { type: 'object', description: 'The resource usage: cpu and memory.', additionalProperties: ref(QUANTITY) };
const sample = {
  timestamp: { ...ref(`${META}.Time`), description: 'The end of the window the usage was measured over.' },
  window: { type: 'string', description: 'The length of the window the usage was measured over (a duration).' },
};

function kindSchemas(): Record<string, Schema> {
  const list = (item: string, kind: string): Schema => ({
    type: 'object', required: ['items'], 'x-kubernetes-group-version-kind': gvk(kind),
    properties: { ...typeMeta, metadata: ref(`${META}.ListMeta`), items: { type: 'array', items: ref(`${PACKAGE}.${item}`) } },
  });
  return {
    [`${PACKAGE}.ContainerMetrics`]: {
      type: 'object', description: 'The resource usage of one container.', required: ['name', 'usage'],
      properties: { name: { type: 'string', description: 'The container\'s name.' }, usage },
    },
    [`${PACKAGE}.NodeMetrics`]: {
      type: 'object', description: 'The resource usage of a node.', required: ['timestamp', 'window', 'usage'],
      'x-kubernetes-group-version-kind': gvk('NodeMetrics'),
      properties: { ...typeMeta, metadata: ref(`${META}.ObjectMeta`), ...sample, usage },
    },
    [`${PACKAGE}.NodeMetricsList`]: list('NodeMetrics', 'NodeMetricsList'),
    [`${PACKAGE}.PodMetrics`]: {
      type: 'object', description: 'The resource usage of a pod\'s containers.', required: ['timestamp', 'window', 'containers'],
      'x-kubernetes-group-version-kind': gvk('PodMetrics'),
      properties: { ...typeMeta, metadata: ref(`${META}.ObjectMeta`), ...sample, containers: { type: 'array', items: ref(`${PACKAGE}.ContainerMetrics`) } },
    },
    [`${PACKAGE}.PodMetricsList`]: list('PodMetrics', 'PodMetricsList'),
  };
}

function paths(): Record<string, Schema> {
  const base = `/apis/${METRICS_GROUP}/${METRICS_VERSION}`;
  const read = (kind: string, schema: string, action: 'get' | 'list', operationId: string, parameters: string[]): Schema => ({
    get: {
      operationId,
      parameters: parameters.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      responses: { 200: { description: 'OK', content: { 'application/json': { schema: ref(`${PACKAGE}.${schema}`) } } } },
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': { group: METRICS_GROUP, version: METRICS_VERSION, kind },
    },
  });
  return {
    [`${base}/nodes`]: read('NodeMetrics', 'NodeMetricsList', 'list', 'listMetricsV1beta1NodeMetrics', []),
    [`${base}/nodes/{name}`]: read('NodeMetrics', 'NodeMetrics', 'get', 'readMetricsV1beta1NodeMetrics', ['name']),
    [`${base}/pods`]: read('PodMetrics', 'PodMetricsList', 'list', 'listMetricsV1beta1PodMetricsForAllNamespaces', []),
    [`${base}/namespaces/{namespace}/pods`]: read('PodMetrics', 'PodMetricsList', 'list', 'listMetricsV1beta1NamespacedPodMetrics', ['namespace']),
    [`${base}/namespaces/{namespace}/pods/{name}`]: read('PodMetrics', 'PodMetrics', 'get', 'readMetricsV1beta1NamespacedPodMetrics', ['namespace', 'name']),
  };
}

/** Publishes the group-version's document (v3, and its kinds merged into v2). */
export function publishMetricsOpenApi(documents: OpenApiDocuments): void {
  const kinds = kindSchemas();
  const schemas = { ...coreSchemas([`${META}.ObjectMeta`, `${META}.ListMeta`, QUANTITY]), ...kinds };
  // /openapi/v2 already defines the meta types and Quantity; it gets the kinds, with v2 references.
  const definitions = JSON.parse(JSON.stringify(kinds).replaceAll('#/components/schemas/', '#/definitions/')) as Record<string, unknown>;
  documents.set(`apis/${METRICS_GROUP}/${METRICS_VERSION}`, {
    openapi: '3.0.0', info: { title: 'Kubernetes metrics-server', version: METRICS_VERSION }, paths: paths(), components: { schemas },
  }, { definitions });
}
