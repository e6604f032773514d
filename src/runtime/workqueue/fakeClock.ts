// A Clock whose time moves only when a test steps it; due timers fire in due-time order (ties in
// the order they were set), including timers set by timers that fall inside the step.
import type { CancelTimer, Clock } from './clock.js';

interface FakeTimer {
  due: number;
  seq: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers = new Set<FakeTimer>();

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  after(ms: number, fn: () => void): CancelTimer {
    const timer: FakeTimer = { due: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.add(timer);
    return () => {
      this.timers.delete(timer);
    };
  }

  /** Timers not yet fired or cancelled. */
  pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward by ms, firing every timer that falls due on the way. */
  step(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      let next: FakeTimer | undefined;
      for (const t of this.timers) {
        if (t.due <= target && (!next || t.due < next.due || (t.due === next.due && t.seq < next.seq))) next = t;
      }
      if (!next) break;
      this.timers.delete(next);
      this.time = Math.max(this.time, next.due);
      next.fn();
    }
    this.time = target;
  }
}
