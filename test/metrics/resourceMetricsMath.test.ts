// The metrics API's arithmetic as plain functions: reading a kubelet's /metrics/resource text,
// CPU rates and windows between two scrapes (a restarted container or a counter that went back
// gives none), when a node is scraped twice, and the canonical quantity text of usages.
import { cpuQuantity, memoryQuantity, quantityValue } from '../../src/apiserver/metrics/metricsObjects.js';
import { parseResourceMetrics, type ResourceScrape } from '../../src/apiserver/metrics/resourceMetricsText.js';
import { usageBetween, usageOf, UsageRates } from '../../src/apiserver/metrics/usageRates.js';

const text = (cpu: number, time: number, start = 1_700_000_000) => [
  '# HELP container_cpu_usage_seconds_total [STABLE] Cumulative CPU time',
  '# TYPE container_cpu_usage_seconds_total counter',
  `container_cpu_usage_seconds_total{container="app",namespace="shop",pod="cart"} ${cpu} ${time}`,
  `container_memory_working_set_bytes{container="app",namespace="shop",pod="cart"} 1.048576e+07 ${time}`,
  `container_start_time_seconds{container="app",namespace="shop",pod="cart"} ${start}`,
  `container_cpu_usage_seconds_total{container="odd \\"name\\"",namespace="shop",pod="cart"} 1 ${time}`,
  `node_cpu_usage_seconds_total ${cpu * 10} ${time}`,
  `node_memory_working_set_bytes 2147483648 ${time}`,
  'scrape_error 0',
].join('\n');

test('the text: node and container points with their times; incomplete ones left out', () => {
  const scrape = parseResourceMetrics(text(2.5, 1_700_000_100_000));
  expect(scrape.node).toEqual({ cpuSeconds: 25, cpuTimeMs: 1_700_000_100_000, memoryBytes: 2147483648 });
  expect(scrape.containers.get('shop/cart/app')).toEqual({
    cpuSeconds: 2.5, cpuTimeMs: 1_700_000_100_000, memoryBytes: 10485760, startTimeSeconds: 1_700_000_000,
  });
  // A container with a CPU counter but no working set is not complete.
  expect(scrape.containers.has('shop/cart/odd "name"')).toBe(false);
  expect(parseResourceMetrics('scrape_error 1\n').node).toBeUndefined();
});

test('rates: counter growth over the window between the two samples', () => {
  const base = parseResourceMetrics(text(2, 1_000_000));
  const current = parseResourceMetrics(text(2.5, 1_002_000));
  const usage = usageOf(base, current);
  // 0.5 core-seconds in 2 s.
  expect(usage.containers.get('shop/cart/app')).toEqual({ cpuNanoCores: 250_000_000, memoryBytes: 10485760, timestampMs: 1_002_000, windowMs: 2000 });
  expect(usage.node).toEqual({ cpuNanoCores: 2_500_000_000, memoryBytes: 2147483648, timestampMs: 1_002_000, windowMs: 2000 });
  const point = current.containers.get('shop/cart/app')!;
  expect(usageBetween(point, point)).toBeUndefined();
  expect(usageBetween({ ...point, cpuTimeMs: point.cpuTimeMs - 1000, cpuSeconds: 9 }, point)).toBeUndefined();
  expect(usageBetween({ ...point, cpuTimeMs: point.cpuTimeMs - 1000, startTimeSeconds: 1 }, point)).toBeUndefined();
});

test('a node is scraped twice only when its base does not cover every sample', async () => {
  const rates = new UsageRates(10);
  let calls = 0;
  let cpu = 1;
  const scrape = async (): Promise<ResourceScrape> => {
    calls++;
    cpu += 0.1;
    return parseResourceMetrics(text(cpu, 1_000_000 + calls * 1000));
  };
  const first = await rates.usage('n1', scrape);
  expect(calls).toBe(2);
  expect(first.containers.get('shop/cart/app')!.windowMs).toBe(1000);
  const second = await rates.usage('n1', scrape);
  expect(calls).toBe(3);
  // Measured from the kept base (the first scrape) to now.
  expect(second.containers.get('shop/cart/app')!.windowMs).toBe(2000);
  expect(second.containers.get('shop/cart/app')!.cpuNanoCores).toBe(100_000_000);
});

test('quantities in their canonical text, as metrics-server writes them', () => {
  expect(cpuQuantity(0)).toBe('0');
  expect(cpuQuantity(1_234_567)).toBe('1234567n');
  expect(cpuQuantity(1_234_000)).toBe('1234u');
  expect(cpuQuantity(250_000_000)).toBe('250m');
  expect(cpuQuantity(2_000_000_000)).toBe('2');
  expect(memoryQuantity(0)).toBe('0');
  expect(memoryQuantity(1000)).toBe('1000');
  expect(memoryQuantity(5 * 1024)).toBe('5Ki');
  expect(memoryQuantity(12 * 1024 * 1024)).toBe('12Mi');
  expect(memoryQuantity(12 * 1024 * 1024 + 512)).toBe('12583424');
  // Read back (for the tables' sums).
  expect(quantityValue('250m')).toBeCloseTo(0.25, 12);
  expect(quantityValue('1234567n')).toBeCloseTo(0.001234567, 15);
  expect(quantityValue('12Mi')).toBe(12 * 1024 * 1024);
  expect(quantityValue('12583424')).toBe(12583424);
  expect(cpuQuantity((quantityValue('250m') + quantityValue('1234u')) * 1e9)).toBe('251234u');
});
