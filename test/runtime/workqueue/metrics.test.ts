// Queue metrics through prom-client, with the upstream names and a name label, on a registry of
// the test's own.
import { describe, expect, it, jest } from '@jest/globals';
import { Registry } from 'prom-client';
import {
  FakeClock,
  PrometheusMetricsProvider,
  Queue,
  RateLimitingQueue,
  WORKQUEUE_DURATION_BUCKETS,
} from '../../../src/runtime/workqueue/index.js';

jest.setTimeout(2000);

/** The value of one sample: metric (with its _sum/_count/_bucket suffix) for queue `name`. */
async function sample(registry: Registry, metric: string, name: string): Promise<number | undefined> {
  for (const family of await registry.getMetricsAsJSON()) {
    for (const v of family.values as { value: number; labels: Record<string, unknown>; metricName?: string }[]) {
      if ((v.metricName ?? family.name) === metric && v.labels.name === name && v.labels.le === undefined) {
        return v.value;
      }
    }
  }
  return undefined;
}

function setup() {
  const registry = new Registry();
  const clock = new FakeClock();
  const metricsProvider = new PrometheusMetricsProvider(registry);
  return { registry, clock, metricsProvider };
}

describe('workqueue metrics', () => {
  it('registers the upstream metric names on the registry given', async () => {
    const { registry } = setup();
    expect((await registry.getMetricsAsJSON()).map((m) => m.name).sort()).toEqual([
      'workqueue_adds_total',
      'workqueue_depth',
      'workqueue_longest_running_processor_seconds',
      'workqueue_queue_duration_seconds',
      'workqueue_retries_total',
      'workqueue_unfinished_work_seconds',
      'workqueue_work_duration_seconds',
    ]);
    expect(WORKQUEUE_DURATION_BUCKETS).toEqual([1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10, 100, 1000]);
  });

  it('reports depth, adds, queue and work durations and the unfinished work of a queue', async () => {
    const { registry, clock, metricsProvider } = setup();
    const queue = new Queue<string>({ name: 'pods', clock, metricsProvider });
    queue.add('a');
    queue.add('b');
    queue.add('a'); // deduplicated: not an add
    expect(await sample(registry, 'workqueue_adds_total', 'pods')).toBe(2);
    expect(await sample(registry, 'workqueue_depth', 'pods')).toBe(2);

    clock.step(2000);
    await queue.get(); // a, queued 2 s
    expect(await sample(registry, 'workqueue_depth', 'pods')).toBe(1);
    expect(await sample(registry, 'workqueue_queue_duration_seconds_count', 'pods')).toBe(1);
    expect(await sample(registry, 'workqueue_queue_duration_seconds_sum', 'pods')).toBe(2);

    clock.step(3000); // a in progress 3 s; the gauges refresh every 500 ms
    expect(await sample(registry, 'workqueue_unfinished_work_seconds', 'pods')).toBe(3);
    expect(await sample(registry, 'workqueue_longest_running_processor_seconds', 'pods')).toBe(3);

    await queue.get(); // b, queued 5 s
    clock.step(1000);
    expect(await sample(registry, 'workqueue_queue_duration_seconds_sum', 'pods')).toBe(7);
    expect(await sample(registry, 'workqueue_unfinished_work_seconds', 'pods')).toBe(5);
    expect(await sample(registry, 'workqueue_longest_running_processor_seconds', 'pods')).toBe(4);

    queue.done('a');
    expect(await sample(registry, 'workqueue_work_duration_seconds_count', 'pods')).toBe(1);
    expect(await sample(registry, 'workqueue_work_duration_seconds_sum', 'pods')).toBe(4);
    clock.step(500);
    expect(await sample(registry, 'workqueue_unfinished_work_seconds', 'pods')).toBe(1.5);
    expect(await sample(registry, 'workqueue_longest_running_processor_seconds', 'pods')).toBe(1.5);

    queue.shutDown();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('counts an item re-added while processing in depth until it is taken again', async () => {
    const { registry, clock, metricsProvider } = setup();
    const queue = new Queue<string>({ name: 'q', clock, metricsProvider });
    queue.add('a');
    await queue.get();
    queue.add('a');
    expect(await sample(registry, 'workqueue_depth', 'q')).toBe(1);
    expect(await sample(registry, 'workqueue_adds_total', 'q')).toBe(2);
    queue.done('a');
    await queue.get();
    expect(await sample(registry, 'workqueue_depth', 'q')).toBe(0);
    queue.shutDown();
  });

  it('counts rate-limited and delayed adds as retries, per queue name', async () => {
    const { registry, clock, metricsProvider } = setup();
    const first = new RateLimitingQueue<string>({ name: 'first', clock, metricsProvider });
    const second = new RateLimitingQueue<string>({ name: 'second', clock, metricsProvider });
    first.addRateLimited('a');
    first.addRateLimited('a');
    first.addAfter('b', 0);
    second.addAfter('c', 10);
    expect(await sample(registry, 'workqueue_retries_total', 'first')).toBe(3);
    expect(await sample(registry, 'workqueue_retries_total', 'second')).toBe(1);
    expect(await sample(registry, 'workqueue_adds_total', 'first')).toBe(1); // b; a is still held
    clock.step(10);
    expect(await sample(registry, 'workqueue_adds_total', 'first')).toBe(2);
    expect(await sample(registry, 'workqueue_adds_total', 'second')).toBe(1);
    first.shutDown();
    second.shutDown();
  });

  it('reports nothing and arms no timer without a name or a provider', () => {
    const clock = new FakeClock();
    new Queue<string>({ clock, metricsProvider: new PrometheusMetricsProvider(new Registry()) });
    new Queue<string>({ name: 'unreported', clock });
    expect(clock.pendingTimers()).toBe(0);
  });
});
