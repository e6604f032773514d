// CPU rates from two scrapes of a kubelet, as metrics-server computes them: the growth of a
// cumulative counter over the time between its two samples, that time being the metrics'
// window. Each node keeps an earlier scrape as its base; a node (or a container) with no base
// yet is scraped a second time a moment later. A base is replaced once older than the
// resolution, so windows stay near it.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResourceScrape, UsagePoint } from './resourceMetricsText.js';

export interface Usage {
  cpuNanoCores: number;
  memoryBytes: number;
  /** The later sample's time and the window, ms. */
  timestampMs: number;
  windowMs: number;
}

export interface NodeUsage {
  node: Usage | undefined;
  /** By `namespace/pod/container`. */
  containers: Map<string, Usage>;
}

const METRIC_RESOLUTION_MS = 15_000;
const SECOND_SCRAPE_DELAY_MS = 500;

/** The usage between two samples of the same node or container instance, if they make one. */
export function usageBetween(base: UsagePoint | undefined, current: UsagePoint): Usage | undefined {
  if (!base || current.cpuTimeMs <= base.cpuTimeMs || current.cpuSeconds < base.cpuSeconds) return undefined;
  if (base.startTimeSeconds !== current.startTimeSeconds) return undefined;
  const windowMs = current.cpuTimeMs - base.cpuTimeMs;
  return {
    cpuNanoCores: Math.round((current.cpuSeconds - base.cpuSeconds) / (windowMs / 1000) * 1e9),
    memoryBytes: current.memoryBytes,
    timestampMs: current.cpuTimeMs,
    windowMs,
  };
}

export function usageOf(base: ResourceScrape, current: ResourceScrape): NodeUsage {
  const containers = new Map<string, Usage>();
  for (const [key, point] of current.containers) {
    const usage = usageBetween(base.containers.get(key), point);
    if (usage) containers.set(key, usage);
  }
  return { node: current.node && usageBetween(base.node, current.node), containers };
}

/** Whether every sample of `current` has an earlier one of the same instance in `base`. */
function covers(base: ResourceScrape, current: ResourceScrape): boolean {
  const covered = (b: UsagePoint | undefined, c: UsagePoint) => usageBetween(b, c) !== undefined;
  if (current.node && !covered(base.node, current.node)) return false;
  return [...current.containers].every(([key, point]) => covered(base.containers.get(key), point));
}

const scrapeTime = (scrape: ResourceScrape) =>
  Math.max(scrape.node?.cpuTimeMs ?? 0, ...[...scrape.containers.values()].map((p) => p.cpuTimeMs));

/** The base scrapes of the nodes asked about so far, by node name. */
export class UsageRates {
  private readonly bases = new Map<string, ResourceScrape>();

  constructor(private readonly secondScrapeDelayMs = SECOND_SCRAPE_DELAY_MS) {}

  async usage(nodeName: string, scrape: () => Promise<ResourceScrape>): Promise<NodeUsage> {
    let current = await scrape();
    let base = this.bases.get(nodeName);
    if (!base || !covers(base, current)) {
      base = current;
      await sleep(this.secondScrapeDelayMs);
      current = await scrape();
    }
    this.bases.set(nodeName, scrapeTime(current) - scrapeTime(base) > METRIC_RESOLUTION_MS ? current : base);
    return usageOf(base, current);
  }

  /** Forgets the nodes not in `names` (deleted ones). */
  retain(names: Set<string>): void {
    for (const name of this.bases.keys()) if (!names.has(name)) this.bases.delete(name);
  }
}
