// NodeMetrics and PodMetrics objects as metrics-server writes them: usage quantities in their
// canonical text (CPU from nanocores, "250m", "1234567n"; memory in bytes, "5120Ki"), the
// sample time (RFC 3339, seconds) and window (a Go duration), the object's own name, namespace
// and labels.
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { formatGoDuration } from '../../api/index.js';
import { METRICS_GROUP, METRICS_VERSION } from './metricsResources.js';
import type { Usage } from './usageRates.js';

const API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;
const DECIMAL_SUFFIXES = ['n', 'u', 'm', '', 'k', 'M', 'G', 'T', 'P', 'E'];
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** Nanocores as a canonical decimal quantity: the largest SI suffix that keeps it whole. */
export function cpuQuantity(nanoCores: number): string {
  let value = Math.max(0, Math.round(nanoCores));
  if (value === 0) return '0';
  let step = 0;
  while (value % 1000 === 0 && step < DECIMAL_SUFFIXES.length - 1) {
    value /= 1000;
    step++;
  }
  return `${value}${DECIMAL_SUFFIXES[step]}`;
}

/** Bytes as a canonical binary quantity: the largest power-of-1024 suffix that keeps it whole. */
export function memoryQuantity(bytes: number): string {
  let value = Math.max(0, Math.round(bytes));
  if (value === 0) return '0';
  let step = 0;
  while (value % 1024 === 0 && step < BINARY_SUFFIXES.length - 1) {
    value /= 1024;
    step++;
  }
  return `${value}${BINARY_SUFFIXES[step]}`;
}

const SUFFIX_VALUES: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
};

/** The value of a quantity as written above (a whole number and a suffix). */
export function quantityValue(text: string): number {
  const match = /^(\d+)([a-zA-Z]*)$/.exec(text);
  return match ? Number(match[1]) * (SUFFIX_VALUES[match[2]] ?? Number.NaN) : Number.NaN;
}

const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

function sampleFields(usage: Usage) {
  return { timestamp: rfc3339(usage.timestampMs), window: formatGoDuration(BigInt(Math.round(usage.windowMs)) * 1_000_000n) };
}

const resourceUsage = (usage: Usage) => ({ cpu: cpuQuantity(usage.cpuNanoCores), memory: memoryQuantity(usage.memoryBytes) });

export function nodeMetrics(node: V1Node, usage: Usage, now: number) {
  return {
    kind: 'NodeMetrics',
    apiVersion: API_VERSION,
    metadata: { name: node.metadata!.name!, creationTimestamp: rfc3339(now), ...(node.metadata?.labels ? { labels: node.metadata.labels } : {}) },
    ...sampleFields(usage),
    usage: resourceUsage(usage),
  };
}

/** A pod's metrics from its containers' (in the pod's order); the latest sample dates it. */
export function podMetrics(pod: V1Pod, containers: { name: string; usage: Usage }[], now: number) {
  const latest = containers.reduce((a, b) => (b.usage.timestampMs > a.usage.timestampMs ? b : a));
  return {
    kind: 'PodMetrics',
    apiVersion: API_VERSION,
    metadata: {
      name: pod.metadata!.name!, namespace: pod.metadata!.namespace!, creationTimestamp: rfc3339(now),
      ...(pod.metadata?.labels ? { labels: pod.metadata.labels } : {}),
    },
    ...sampleFields(latest.usage),
    containers: containers.map((c) => ({ name: c.name, usage: resourceUsage(c.usage) })),
  };
}

export function metricsList(kind: 'NodeMetricsList' | 'PodMetricsList', items: object[]) {
  return { kind, apiVersion: API_VERSION, metadata: {}, items };
}
