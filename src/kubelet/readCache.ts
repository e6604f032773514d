// Short-lived caches of what the kubelet reads per pod sync, as upstream's kubelet keeps them:
// objects (ConfigMaps, Secrets) are read again once they are older than a TTL (so an update
// reaches a pod's volume within seconds, without a GET on every sync), and service-account
// tokens are kept until 80% of their lifetime has passed (upstream's token manager).
export class TtlCache<T> {
  private readonly entries = new Map<string, { value: Promise<T>; expires: number }>();

  constructor(private readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  /** The cached value of `key`, or `load()`'s (a failed load is not kept). */
  get(key: string, load: () => Promise<T>, ttlMs = this.ttlMs): Promise<T> {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry && entry.expires > now) return entry.value;
    const value = load();
    this.entries.set(key, { value, expires: now + ttlMs });
    value.catch(() => this.entries.delete(key));
    if (this.entries.size > 10_000) this.prune(now);
    return value;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expires <= now) this.entries.delete(key);
  }
}
