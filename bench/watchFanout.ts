// Watch fan-out through the watch cache: many watchers of one resource, a steady event rate;
// delivery latency (from the write request, so it includes the commit) and memory per watcher.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStorage } from '../src/storage/sqlite/sqliteStorage.js';
import type { Watch } from '../src/storage/storage.js';
import { WatchCache } from '../src/storage/watchcache/watchCache.js';
import { histogram } from './measure.js';

export interface FanoutResult {
  watchers: number;
  eventsPerSecond: number;
  events: number;
  deliveries: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  bytesPerWatcher: number;
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed + process.memoryUsage().external;
}

export async function watchFanout(watchers = 1000, eventsPerSecond = 100, seconds = 10): Promise<FanoutResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kubets-bench-fanout-'));
  const backend = new SqliteStorage(join(dir, 'kubets.db'));
  const cache = new WatchCache(backend, '/registry/pods/');
  await cache.waitUntilReady();
  const value = (stamp: number) => Buffer.from(JSON.stringify({ stamp, pad: 'x'.repeat(900) }));
  // Warm the cache's buffer so its memory is not counted against the watchers.
  for (let i = 0; i < 200; i++) await cache.create(`/registry/pods/warm/p${i}`, value(0));

  const latencies = histogram();
  let deliveries = 0;
  const before = heapAfterGc();
  const from = await backend.currentRevision();
  const watches: Watch[] = [];
  for (let i = 0; i < watchers; i++) {
    watches.push(cache.watch('/registry/pods/', from, {
      onEvents(events) {
        const now = performance.now();
        for (const event of events) {
          const { stamp } = JSON.parse(event.kv.value.toString()) as { stamp: number };
          latencies.recordValue(Math.max(1, Math.round((now - stamp) * 1000)));
          deliveries++;
        }
      },
      onError(error) { throw error; },
    }));
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  const withWatchers = heapAfterGc();

  const total = eventsPerSecond * seconds;
  const interval = 1000 / eventsPerSecond;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    void cache.create(`/registry/pods/load/p${i}`, value(performance.now()));
  }
  const deadline = performance.now() + 10_000;
  while (deliveries < total * watchers && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const watch of watches) watch.stop();
  await cache.close();
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    watchers, eventsPerSecond, events: total, deliveries,
    p50Ms: latencies.getValueAtPercentile(50) / 1000,
    p99Ms: latencies.getValueAtPercentile(99) / 1000,
    maxMs: latencies.maxValue / 1000,
    bytesPerWatcher: Math.max(0, (withWatchers - before) / watchers),
  };
}
