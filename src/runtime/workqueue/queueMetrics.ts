// One queue's bookkeeping behind its metrics: when each queued item was added and when each
// item being processed was handed out, turned into depth, adds, latencies and the unfinished
// work gauges. Keys are the queue's item keys.
import type { Clock } from './clock.js';
import type {
  CounterMetric,
  GaugeMetric,
  HistogramMetric,
  MetricsProvider,
  SettableGaugeMetric,
} from './metrics.js';

export class QueueMetrics {
  private readonly depth: GaugeMetric;
  private readonly adds: CounterMetric;
  private readonly latency: HistogramMetric;
  private readonly workDuration: HistogramMetric;
  private readonly unfinishedWork: SettableGaugeMetric;
  private readonly longestRunning: SettableGaugeMetric;
  private readonly addTimes = new Map<unknown, number>();
  private readonly processingStartTimes = new Map<unknown, number>();

  constructor(name: string, provider: MetricsProvider, private readonly clock: Clock) {
    this.depth = provider.newDepthMetric(name);
    this.adds = provider.newAddsMetric(name);
    this.latency = provider.newLatencyMetric(name);
    this.workDuration = provider.newWorkDurationMetric(name);
    this.unfinishedWork = provider.newUnfinishedWorkSecondsMetric(name);
    this.longestRunning = provider.newLongestRunningProcessorSecondsMetric(name);
  }

  add(key: unknown): void {
    this.adds.inc();
    this.depth.inc();
    if (!this.addTimes.has(key)) this.addTimes.set(key, this.clock.now());
  }

  get(key: unknown): void {
    this.depth.dec();
    const now = this.clock.now();
    const addedAt = this.addTimes.get(key);
    if (addedAt !== undefined) {
      this.latency.observe((now - addedAt) / 1000);
      this.addTimes.delete(key);
    }
    this.processingStartTimes.set(key, now);
  }

  done(key: unknown): void {
    const startedAt = this.processingStartTimes.get(key);
    if (startedAt !== undefined) {
      this.workDuration.observe((this.clock.now() - startedAt) / 1000);
      this.processingStartTimes.delete(key);
    }
  }

  /** Sets the two gauges over the items being processed now. */
  updateUnfinishedWork(): void {
    const now = this.clock.now();
    let total = 0;
    let longest = 0;
    for (const startedAt of this.processingStartTimes.values()) {
      const age = (now - startedAt) / 1000;
      total += age;
      if (age > longest) longest = age;
    }
    this.unfinishedWork.set(total);
    this.longestRunning.set(longest);
  }
}
