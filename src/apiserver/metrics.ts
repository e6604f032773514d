// The API server's Prometheus metrics, with kube-apiserver's names and labels so existing
// dashboards work: request counts and latencies, requests in flight, stored objects, and the
// storage latency (`etcd_request_duration_seconds`, whatever the backend).
import client from 'prom-client';
import type { KeyValue, ListOptions, ListResult, Storage, Watch, WatchHandler } from '../storage/index.js';

type Labels = Record<string, string>;

export class ApiServerMetrics {
  readonly registry = new client.Registry();
  /** Request counts by their labels' values, handed to prom-client when scraped: counting a
   * request on the hot path is one map update, not a label hash. */
  private readonly requestCounts = new Map<string, { labels: Labels; value: number }>();
  private readonly inflightCounts: Record<'readOnly' | 'mutating', number> = { readOnly: 0, mutating: 0 };
  readonly requests = new client.Counter({
    name: 'apiserver_request_total',
    help: 'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
    labelNames: ['verb', 'dry_run', 'group', 'version', 'resource', 'subresource', 'scope', 'component', 'code'],
    registers: [this.registry],
    collect: () => {
      this.requests.reset();
      for (const { labels, value } of this.requestCounts.values()) this.requests.inc(labels, value);
    },
  });
  readonly duration = new client.Histogram({
    name: 'apiserver_request_duration_seconds',
    help: 'Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
    labelNames: ['verb', 'dry_run', 'group', 'version', 'resource', 'subresource', 'scope', 'component'],
    buckets: [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60],
    registers: [this.registry],
  });
  readonly inflight = new client.Gauge({
    name: 'apiserver_current_inflight_requests',
    help: 'Maximal number of currently used inflight request limit of this apiserver per request kind in last second.',
    labelNames: ['request_kind'],
    registers: [this.registry],
    collect: () => {
      for (const [kind, value] of Object.entries(this.inflightCounts)) this.inflight.set({ request_kind: kind }, value);
    },
  });
  readonly storageObjects = new client.Gauge({
    name: 'apiserver_storage_objects',
    help: 'Number of stored objects at the time of last check split by kind.',
    labelNames: ['resource'],
    registers: [this.registry],
  });
  readonly storageLatency = new client.Histogram({
    name: 'etcd_request_duration_seconds',
    help: 'Etcd request latency in seconds for each operation and object type.',
    labelNames: ['operation', 'type'],
    buckets: [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60],
    registers: [this.registry],
  });

  constructor() {
    client.collectDefaultMetrics({ register: this.registry });
  }

  /** Counts one finished request; `key` is its labels' values joined, `labels` made only for a
   * combination not seen before. */
  countRequest(key: string, labels: () => Labels): void {
    const entry = this.requestCounts.get(key);
    if (entry) entry.value++;
    else this.requestCounts.set(key, { labels: labels(), value: 1 });
  }

  requestStarted(kind: 'readOnly' | 'mutating'): void {
    this.inflightCounts[kind]++;
  }

  requestFinished(kind: 'readOnly' | 'mutating'): void {
    this.inflightCounts[kind]--;
  }

  /** Wraps a storage so each call's latency is observed under `type` (e.g. `pods`). */
  instrument(storage: Storage, type: string): Storage {
    const observe = <T>(operation: string, call: () => Promise<T>): Promise<T> => {
      const end = this.storageLatency.startTimer({ operation, type });
      return call().finally(() => end());
    };
    return {
      create: (key: string, value: Buffer) => observe('create', () => storage.create(key, value)),
      get: (key: string, revision?: number) => observe('get', () => storage.get(key, revision)),
      list: (prefix: string, options?: ListOptions): Promise<ListResult> => observe('list', () => storage.list(prefix, options)),
      update: (key: string, value: Buffer, rev: number): Promise<KeyValue> => observe('update', () => storage.update(key, value, rev)),
      delete: (key: string, rev?: number) => observe('delete', () => storage.delete(key, rev)),
      watch: (prefix: string, from: number, handler: WatchHandler): Watch => storage.watch(prefix, from, handler),
      compact: (revision: number) => observe('compact', () => storage.compact(revision)),
      currentRevision: () => storage.currentRevision(),
      close: () => storage.close(),
    };
  }
}
