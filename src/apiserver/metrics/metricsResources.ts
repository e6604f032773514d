// The metrics.k8s.io/v1beta1 group as metrics-server serves it: `nodes` (NodeMetrics, cluster
// scoped) and `pods` (PodMetrics, namespaced), read-only. They are computed on each request
// from the kubelets, never stored.
import type { GroupInfo, ResourceInfo } from '../../registry/catalog.js';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';

export const metricsGroup: GroupInfo = { name: METRICS_GROUP, preferredVersion: METRICS_VERSION, versions: [METRICS_VERSION] };

const resource = (name: string, kind: string, namespaced: boolean): ResourceInfo => ({
  group: METRICS_GROUP, version: METRICS_VERSION, resource: name, singular: '', kind, namespaced,
  verbs: ['get', 'list'], subresources: [], computed: true,
});

export const metricsResources: ResourceInfo[] = [
  resource('nodes', 'NodeMetrics', false),
  resource('pods', 'PodMetrics', true),
];
