// The time source the queues and rate limiters read: milliseconds from a monotonic origin, and
// one-shot timers that can be cancelled. Tests pass a FakeClock to step time by hand.

/** Cancels a timer; calling it after the timer fired, or twice, does nothing. */
export type CancelTimer = () => void;

export interface Clock {
  /** Milliseconds since an arbitrary fixed origin; never goes backwards. */
  now(): number;
  /**
   * Calls fn once, ms milliseconds from now. With background set, the timer does not keep the
   * Node.js process alive (for periodic bookkeeping such as metrics).
   */
  after(ms: number, fn: () => void, options?: { background?: boolean }): CancelTimer;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** The wall clock: performance.now() and node timers. */
export const realClock: Clock = {
  now: () => performance.now(),
  after(ms, fn, options) {
    // Node fires longer timers at once; callers re-check the time and arm again.
    const timer = setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    if (options?.background) timer.unref();
    return () => clearTimeout(timer);
  },
};
