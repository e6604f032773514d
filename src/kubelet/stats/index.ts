// stats: a node's resource statistics as the kubelet serves them — `/stats/summary` (upstream's
// statsapi Summary built from the runtime's CRI stats, the node's own figures from /proc or, on
// a simulated node, summed from its pods), `/metrics/resource` (its CPU and memory in the
// Prometheus text format, upstream's metric names) and the kubelet's `/metrics` (prom-client).
// It may import src/cri, the kubelet's volumes/ folder (where pods' volumes are) and libraries.
export { NodeStats } from './nodeStats.js';
export type { SummarySource } from './summary.js';
export type * from './summaryTypes.js';
export { isStatsPath, statsAnswer, type StatsAnswer } from './statsEndpoints.js';
