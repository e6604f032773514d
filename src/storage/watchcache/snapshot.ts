// The current state of every key under a watch cache's prefix, listable in key order.
import type { KeyValue, WatchEvent } from '../storage.js';

export class Snapshot {
  private readonly items = new Map<string, KeyValue>();
  private sortedKeys: string[] | undefined;

  get size(): number {
    return this.items.size;
  }

  get(key: string): KeyValue | undefined {
    return this.items.get(key);
  }

  reset(kvs: readonly KeyValue[]): void {
    this.items.clear();
    for (const kv of kvs) this.items.set(kv.key, kv);
    this.sortedKeys = undefined;
  }

  apply(event: WatchEvent): void {
    const { key } = event.kv;
    if (event.type === 'DELETED') {
      if (this.items.delete(key)) this.sortedKeys = undefined;
    } else {
      if (!this.items.has(key)) this.sortedKeys = undefined;
      this.items.set(key, event.kv);
    }
  }

  /** Keys under `prefix` after `after`, in key order: up to `limit`, and how many follow. */
  list(prefix: string, after: string | undefined, limit: number): { kvs: KeyValue[]; remaining: number } {
    const keys = this.keys();
    const from = after !== undefined && after >= prefix ? after : undefined;
    let index = lowerBound(keys, from ?? prefix);
    if (from !== undefined && keys[index] === from) index++;
    const kvs: KeyValue[] = [];
    let end = index;
    while (end < keys.length && keys[end].startsWith(prefix)) end++;
    const stop = limit > 0 ? Math.min(end, index + limit) : end;
    for (let i = index; i < stop; i++) kvs.push(this.items.get(keys[i])!);
    return { kvs, remaining: end - stop };
  }

  private keys(): string[] {
    this.sortedKeys ??= [...this.items.keys()].sort();
    return this.sortedKeys;
  }
}

function lowerBound(sorted: readonly string[], target: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < target) low = mid + 1;
    else high = mid;
  }
  return low;
}
