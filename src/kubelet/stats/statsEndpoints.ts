// The node-wide endpoints of the kubelet's HTTPS server, as plain functions from a path to an
// answer: `/stats/summary` (JSON; `?only_cpu_and_memory=true` as upstream), `/metrics/resource`
// and `/metrics` (Prometheus text).
import type { NodeStats } from './nodeStats.js';

export interface StatsAnswer {
  contentType: string;
  body: string;
}

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

/** Whether the path is one of these endpoints (the server then picks the node). */
export function isStatsPath(path: string): boolean {
  return path === '/stats/summary' || path === '/stats/summary/' || path === '/metrics/resource' || path === '/metrics';
}

export async function statsAnswer(stats: NodeStats, url: URL): Promise<StatsAnswer> {
  switch (url.pathname.replace(/\/$/, '')) {
    case '/stats/summary': {
      const cpuAndMemoryOnly = url.searchParams.get('only_cpu_and_memory') === 'true';
      return { contentType: 'application/json', body: JSON.stringify(await stats.summary(cpuAndMemoryOnly)) };
    }
    case '/metrics/resource': return { contentType: PROMETHEUS_TEXT, body: await stats.resourceMetrics() };
    default: return { contentType: stats.metrics.contentType, body: await stats.metrics.text() };
  }
}
