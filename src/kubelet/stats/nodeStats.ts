// One node's statistics as its kubelet serves them: the summary, the resource metrics and the
// kubelet's own metrics. The first summary samples twice, a moment apart, so that CPU rates
// the runtime does not give have a previous sample to be computed from.
import { setTimeout as sleep } from 'node:timers/promises';
import { CpuRates } from './cpuRate.js';
import { KubeletMetrics } from './kubeletMetrics.js';
import { resourceMetricsText } from './resourceMetrics.js';
import { buildSummary, type SummarySource } from './summary.js';
import type { Summary } from './summaryTypes.js';

const PRIMING_INTERVAL_MS = 200;

export class NodeStats {
  readonly metrics: KubeletMetrics;
  private readonly rates = new CpuRates();
  private primed: Promise<void> | undefined;

  constructor(private readonly source: SummarySource) {
    this.metrics = new KubeletMetrics(source.nodeName, source.cri);
  }

  get nodeName(): string {
    return this.source.nodeName;
  }

  async summary(cpuAndMemoryOnly = false): Promise<Summary> {
    this.primed ??= buildSummary(this.source, this.rates, true).then(() => sleep(PRIMING_INTERVAL_MS), () => undefined);
    await this.primed;
    return buildSummary(this.source, this.rates, cpuAndMemoryOnly);
  }

  /** The Prometheus text of /metrics/resource; a failing runtime gives scrape_error 1. */
  async resourceMetrics(): Promise<string> {
    try {
      return resourceMetricsText(await this.summary(true), false);
    } catch {
      return resourceMetricsText({ node: { nodeName: this.nodeName, startTime: this.source.startTime.toISOString() }, pods: [] }, true);
    }
  }
}
