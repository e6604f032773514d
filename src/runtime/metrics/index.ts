// metrics: the HTTP endpoint a component's Prometheus registry is scraped from (controller-
// runtime's metrics server; kube-scheduler's and kube-controller-manager's /metrics), with the
// health checks beside it. Imports prom-client, node:http and src/log only.
export { parseBindAddress, serveMetrics, type MetricsServer, type MetricsServerOptions } from './metricsServer.js';
