// Exponential back-off per key, as upstream's flowcontrol.Backoff that the kubelet uses for
// restarting crashed containers (CrashLoopBackOff) and for retrying image pulls
// (ImagePullBackOff): 10 s, doubled on each failure up to 5 minutes, and forgotten once a key
// has seen no failure for twice the maximum.
export class RestartBackoff {
  private readonly entries = new Map<string, { delayMs: number; lastFailure: number }>();

  constructor(private readonly initialMs = 10_000, private readonly maxMs = 300_000, private readonly now: () => number = Date.now) {}

  /** The delay that applies to `key` right now (0 if none). */
  delay(key: string): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    if (this.now() - entry.lastFailure > 2 * this.maxMs) {
      this.entries.delete(key);
      return 0;
    }
    return entry.delayMs;
  }

  /** How long a retry must still wait, counting from `since` (when the last attempt ended;
   * the last recorded failure by default): ms left, or 0. */
  remaining(key: string, since?: number): number {
    const delay = this.delay(key);
    if (delay === 0) return 0;
    return Math.max(0, (since ?? this.entries.get(key)!.lastFailure) + delay - this.now());
  }

  /** Records a failure: the next retry waits twice as long (the first 10 s). */
  failed(key: string): number {
    const current = this.delay(key);
    const delayMs = current === 0 ? this.initialMs : Math.min(this.maxMs, current * 2);
    this.entries.set(key, { delayMs, lastFailure: this.now() });
    return delayMs;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}

/** Upstream's rendering of a back-off for messages: "10s", "1m20s", "5m0s". */
export function formatBackoff(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}
