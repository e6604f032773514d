// Reads a kubelet's `/metrics/resource` text: the node's and each container's cumulative CPU
// seconds and working set, with the times the kubelet took them, and each container's start
// time (a new start means a new container: its counter starts again).

/** One sample set of a node or a container. */
export interface UsagePoint {
  cpuSeconds: number;
  /** When the CPU counter was read, ms since the epoch. */
  cpuTimeMs: number;
  memoryBytes: number;
  startTimeSeconds?: number;
}

export interface ResourceScrape {
  node: UsagePoint | undefined;
  /** By `namespace/pod/container`. */
  containers: Map<string, UsagePoint>;
}

export const containerKey = (namespace: string, pod: string, container: string) => `${namespace}/${pod}/${container}`;

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+(-?\d+))?\s*$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function labelsOf(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [, name, value] of (text ?? '').matchAll(LABEL)) {
    labels[name] = value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

export function parseResourceMetrics(text: string, scrapeTimeMs = Date.now()): ResourceScrape {
  const scrape: ResourceScrape = { node: undefined, containers: new Map() };
  const point = (key: string | undefined): UsagePoint => {
    if (key === undefined) return (scrape.node ??= { cpuSeconds: Number.NaN, cpuTimeMs: scrapeTimeMs, memoryBytes: Number.NaN });
    let found = scrape.containers.get(key);
    if (!found) scrape.containers.set(key, found = { cpuSeconds: Number.NaN, cpuTimeMs: scrapeTimeMs, memoryBytes: Number.NaN });
    return found;
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const [, name, labelText, valueText, timeText] = match;
    const value = Number(valueText);
    const time = timeText ? Number(timeText) : scrapeTimeMs;
    const labels = labelsOf(labelText);
    const key = name.startsWith('container_') ? containerKey(labels.namespace ?? '', labels.pod ?? '', labels.container ?? '') : undefined;
    switch (name) {
      case 'node_cpu_usage_seconds_total':
      case 'container_cpu_usage_seconds_total':
        Object.assign(point(key), { cpuSeconds: value, cpuTimeMs: time });
        break;
      case 'node_memory_working_set_bytes':
      case 'container_memory_working_set_bytes':
        point(key).memoryBytes = value;
        break;
      case 'container_start_time_seconds':
        point(key).startTimeSeconds = value;
        break;
    }
  }
  const complete = (p: UsagePoint) => Number.isFinite(p.cpuSeconds) && Number.isFinite(p.memoryBytes);
  if (scrape.node && !complete(scrape.node)) scrape.node = undefined;
  for (const [key, p] of scrape.containers) if (!complete(p)) scrape.containers.delete(key);
  return scrape;
}
