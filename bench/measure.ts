// Shared measuring tools for the benchmarks: latency histograms and closed-loop load.
import * as hdr from 'hdr-histogram-js';

export interface LoadResult {
  name: string;
  operations: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export function histogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
}

/** `clients` loops each calling `operation` back to back for `durationMs` after a warm-up. */
export async function closedLoop(
  name: string,
  operation: (sequence: number) => Promise<unknown>,
  { clients, durationMs, warmupMs }: { clients: number; durationMs: number; warmupMs: number },
): Promise<LoadResult> {
  const latencies = histogram();
  let sequence = 0;
  let recording = false;
  let operations = 0;
  const warmupEnd = performance.now() + warmupMs;
  const end = warmupEnd + durationMs;
  let startedAt = 0;
  const loop = async () => {
    while (performance.now() < end) {
      const start = performance.now();
      await operation(sequence++);
      const done = performance.now();
      if (!recording && done >= warmupEnd) {
        recording = true;
        startedAt = done;
        continue;
      }
      if (recording && start >= startedAt) {
        latencies.recordValue(Math.max(1, Math.round((done - start) * 1000)));
        operations++;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  const seconds = (performance.now() - startedAt) / 1000;
  return {
    name, operations, seconds,
    perSecond: operations / seconds,
    p50Ms: latencies.getValueAtPercentile(50) / 1000,
    p99Ms: latencies.getValueAtPercentile(99) / 1000,
  };
}
