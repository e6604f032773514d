// The MetricsProvider that reports through prom-client with the names controller-runtime and
// client-go use (workqueue_depth, workqueue_adds_total, ...), labelled by the queue's name (in
// `name`, and in `controller` as controller-runtime does). The metrics are registered once on
// the registry given, so each provider owns its own registry's workqueue metrics.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type {
  CounterMetric,
  GaugeMetric,
  HistogramMetric,
  MetricsProvider,
  SettableGaugeMetric,
} from './metrics.js';

const LABELS = ['name', 'controller'] as const;
type Label = (typeof LABELS)[number];

/** 10 ns to 1000 s, a bucket per power of ten. */
export const WORKQUEUE_DURATION_BUCKETS: readonly number[] = Array.from({ length: 12 }, (_, i) =>
  Number((1e-8 * 10 ** i).toPrecision(1)),
);

export class PrometheusMetricsProvider implements MetricsProvider {
  private readonly depth: Gauge<Label>;
  private readonly adds: Counter<Label>;
  private readonly latency: Histogram<Label>;
  private readonly workDuration: Histogram<Label>;
  private readonly unfinishedWork: Gauge<Label>;
  private readonly longestRunning: Gauge<Label>;
  private readonly retries: Counter<Label>;

  constructor(registry: Registry) {
    const registers = [registry];
    const buckets = [...WORKQUEUE_DURATION_BUCKETS];
    this.depth = new Gauge({
      name: 'workqueue_depth',
      help: 'Items waiting in the work queue.',
      labelNames: LABELS,
      registers,
    });
    this.adds = new Counter({
      name: 'workqueue_adds_total',
      help: 'Items the work queue accepted.',
      labelNames: LABELS,
      registers,
    });
    this.latency = new Histogram({
      name: 'workqueue_queue_duration_seconds',
      help: 'Seconds an item waited in the work queue before a worker took it.',
      labelNames: LABELS,
      buckets,
      registers,
    });
    this.workDuration = new Histogram({
      name: 'workqueue_work_duration_seconds',
      help: 'Seconds a worker spent on an item taken from the work queue.',
      labelNames: LABELS,
      buckets,
      registers,
    });
    this.unfinishedWork = new Gauge({
      name: 'workqueue_unfinished_work_seconds',
      help: 'Summed seconds spent so far on items workers have not finished; steady growth means stuck workers.',
      labelNames: LABELS,
      registers,
    });
    this.longestRunning = new Gauge({
      name: 'workqueue_longest_running_processor_seconds',
      help: 'Seconds the longest-running worker of the work queue has spent on its item.',
      labelNames: LABELS,
      registers,
    });
    this.retries = new Counter({
      name: 'workqueue_retries_total',
      help: 'Delayed re-adds (retries) the work queue accepted.',
      labelNames: LABELS,
      registers,
    });
  }

  newDepthMetric(name: string): GaugeMetric {
    const child = this.depth.labels(name, name);
    return { inc: () => child.inc(), dec: () => child.dec() };
  }

  newAddsMetric(name: string): CounterMetric {
    const child = this.adds.labels(name, name);
    return { inc: () => child.inc() };
  }

  newLatencyMetric(name: string): HistogramMetric {
    const child = this.latency.labels(name, name);
    return { observe: (value) => child.observe(value) };
  }

  newWorkDurationMetric(name: string): HistogramMetric {
    const child = this.workDuration.labels(name, name);
    return { observe: (value) => child.observe(value) };
  }

  newUnfinishedWorkSecondsMetric(name: string): SettableGaugeMetric {
    const child = this.unfinishedWork.labels(name, name);
    return { set: (value) => child.set(value) };
  }

  newLongestRunningProcessorSecondsMetric(name: string): SettableGaugeMetric {
    const child = this.longestRunning.labels(name, name);
    return { set: (value) => child.set(value) };
  }

  newRetriesMetric(name: string): CounterMetric {
    const child = this.retries.labels(name, name);
    return { inc: () => child.inc() };
  }
}
