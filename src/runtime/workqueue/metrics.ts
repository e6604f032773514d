// The metrics a queue reports, as a provider of per-queue instruments (the shape of client-go's
// workqueue MetricsProvider). A queue with a name asks its provider for one instrument of each
// kind labelled with that name; the default provider hands out instruments that do nothing.
// prometheusMetricsProvider.ts is the prom-client implementation with the upstream metric names.

export interface GaugeMetric {
  inc(): void;
  dec(): void;
}

export interface SettableGaugeMetric {
  set(value: number): void;
}

export interface CounterMetric {
  inc(): void;
}

export interface HistogramMetric {
  observe(value: number): void;
}

export interface MetricsProvider {
  /** workqueue_depth: items waiting to be processed. */
  newDepthMetric(name: string): GaugeMetric;
  /** workqueue_adds_total: adds the queue accepted (not the deduplicated ones). */
  newAddsMetric(name: string): CounterMetric;
  /** workqueue_queue_duration_seconds: time from add to get. */
  newLatencyMetric(name: string): HistogramMetric;
  /** workqueue_work_duration_seconds: time from get to done. */
  newWorkDurationMetric(name: string): HistogramMetric;
  /** workqueue_unfinished_work_seconds: summed age of the items being processed now. */
  newUnfinishedWorkSecondsMetric(name: string): SettableGaugeMetric;
  /** workqueue_longest_running_processor_seconds: age of the oldest item being processed. */
  newLongestRunningProcessorSecondsMetric(name: string): SettableGaugeMetric;
  /** workqueue_retries_total: delayed (rate-limited) adds. */
  newRetriesMetric(name: string): CounterMetric;
}

const noop = {
  inc(): void {},
  dec(): void {},
  set(): void {},
  observe(): void {},
};

/** Reports nothing; the provider of queues given none. */
export const noopMetricsProvider: MetricsProvider = {
  newDepthMetric: () => noop,
  newAddsMetric: () => noop,
  newLatencyMetric: () => noop,
  newWorkDurationMetric: () => noop,
  newUnfinishedWorkSecondsMetric: () => noop,
  newLongestRunningProcessorSecondsMetric: () => noop,
  newRetriesMetric: () => noop,
};
