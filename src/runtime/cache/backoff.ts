// Exponential backoff with jitter for the reflector's retries, shaped as client-go's: 800 ms
// doubling to 30 s, each wait stretched by up to `jitter` of itself, and back to the start
// after a quiet period with no failures.

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** Each wait is multiplied by 1 + random * jitter. */
  jitter?: number;
  /** A failure this long after the previous one starts again from `initialMs`. */
  resetAfterMs?: number;
}

export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly resetAfterMs: number;
  private current = 0;
  private lastFailure = 0;

  constructor(options: BackoffOptions = {}, private readonly now: () => number = Date.now, private readonly random: () => number = Math.random) {
    this.initialMs = options.initialMs ?? 800;
    this.maxMs = options.maxMs ?? 30_000;
    this.factor = options.factor ?? 2;
    this.jitter = options.jitter ?? 1;
    this.resetAfterMs = options.resetAfterMs ?? 2 * 60_000;
  }

  /** The wait before the next attempt, after one more failure. */
  next(): number {
    const now = this.now();
    if (this.current === 0 || now - this.lastFailure > this.resetAfterMs) this.current = this.initialMs;
    else this.current = Math.min(this.current * this.factor, this.maxMs);
    this.lastFailure = now;
    return this.current * (1 + this.random() * this.jitter);
  }

  /** A success: the next failure waits `initialMs` again. */
  reset(): void {
    this.current = 0;
  }
}
