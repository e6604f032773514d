// metrics: the metrics.k8s.io/v1beta1 API that metrics-server serves (NodeMetrics and
// PodMetrics, get and list), computed on each request from the Ready nodes' kubelets over HTTPS
// (their /metrics/resource, with the API server's kubelet client certificate), with CPU rates
// from two scrapes. It may import the registry and the API server's handlers and http helpers;
// never src/kubelet.
export { ResourceMetricsApi } from './resourceMetricsApi.js';
export { METRICS_GROUP, metricsGroup, metricsResources } from './metricsResources.js';
export { publishMetricsOpenApi } from './metricsOpenApi.js';
