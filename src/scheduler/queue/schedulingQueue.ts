// The scheduling queue, as upstream's: pods waiting for a node sit in one of three places.
// active: ready to be tried, by priority then age. backoff: failed recently, waiting out their
// back-off (1 s doubling per attempt up to 10 s). unschedulable: failed and waiting for a
// cluster event that one of the plugins that rejected them says can help (a node added, a pod
// deleted...), or for 5 minutes at most. A pod whose attempt overlapped such an event goes to
// backoff rather than unschedulable, so the event is not missed.
import type { V1Pod } from '@kubernetes/client-node';
import type { ClusterEvent } from '../framework/plugin.js';
import { PodHeap } from './podHeap.js';

export interface QueuedPod {
  key: string;
  pod: V1Pod;
  priority: number;
  /** When it entered the active queue (the heap's tie-break). */
  timestamp: number;
  /** When it was first queued (for the end-to-end latency). */
  initialAttempt: number;
  attempts: number;
  /** The scheduling cycle of its latest attempt. */
  cycle: number;
  lastFailure: number;
  /** The plugins that rejected it last time. */
  rejectedBy: Set<string>;
}

export interface SchedulingQueueOptions {
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  maxUnschedulableMs?: number;
  /** Which events each plugin says can make its rejections schedulable. */
  pluginEvents: Map<string, readonly ClusterEvent[]>;
  now?: () => number;
}

export class SchedulingQueue {
  private readonly active = new PodHeap<QueuedPod>();
  private readonly backoff = new Map<string, QueuedPod>();
  private readonly unschedulable = new Map<string, QueuedPod>();
  private readonly inFlight = new Map<string, QueuedPod>();
  private waiters: Array<(pod: QueuedPod | undefined) => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Bumped by every move event; a failure that started before the last move goes to backoff. */
  private moveCycle = 0;
  private schedulingCycle = 0;
  private readonly now: () => number;

  constructor(private readonly options: SchedulingQueueOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Starts the once-a-second flush of expired back-offs and stale unschedulable pods. */
  run(): void {
    this.timer = setInterval(() => this.flush(), 1_000);
    this.timer.unref();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }

  get pending(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size };
  }

  /** A new pending pod, straight to active; a known one updated (an unschedulable pod is
   * retried when what scheduling looks at changed, not for a status update). */
  add(key: string, pod: V1Pod, priority: number): void {
    if (this.inFlight.has(key)) {
      this.inFlight.get(key)!.pod = pod;
      return;
    }
    const known = this.active.get(key) ?? this.backoff.get(key) ?? this.unschedulable.get(key);
    if (known) {
      const changed = schedulingInputs(known.pod) !== schedulingInputs(pod);
      known.pod = pod;
      known.priority = priority;
      if (changed && this.unschedulable.delete(key)) this.requeue(known);
      else if (this.active.has(key)) this.active.push(known);
      return;
    }
    const now = this.now();
    this.pushActive({ key, pod, priority, timestamp: now, initialAttempt: now, attempts: 0, cycle: 0, lastFailure: 0, rejectedBy: new Set() });
  }

  delete(key: string): void {
    this.active.delete(key);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
  }

  /** The next pod to try; waits while the active queue is empty (undefined once closed). */
  pop(): Promise<QueuedPod | undefined> {
    const next = this.active.pop();
    if (next) return Promise.resolve(this.started(next));
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The attempt ended: scheduled (done) or failed (back to backoff or unschedulable). */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  failed(queued: QueuedPod, rejectedBy: Set<string>, backoffOnly = false): void {
    this.inFlight.delete(queued.key);
    queued.lastFailure = this.now();
    queued.rejectedBy = rejectedBy;
    if (backoffOnly || rejectedBy.size === 0 || this.moveCycle >= queued.cycle) {
      this.backoff.set(queued.key, queued);
    } else {
      this.unschedulable.set(queued.key, queued);
    }
  }

  /** A cluster event: the unschedulable pods it can help go to backoff or active. */
  moveOnEvent(event: ClusterEvent): void {
    this.moveCycle = this.schedulingCycle;
    for (const [key, queued] of this.unschedulable) {
      if (![...queued.rejectedBy].some((plugin) => this.options.pluginEvents.get(plugin)?.includes(event))) continue;
      this.unschedulable.delete(key);
      this.requeue(queued);
    }
  }

  backoffMs(queued: QueuedPod): number {
    const initial = this.options.initialBackoffMs ?? 1_000;
    const max = this.options.maxBackoffMs ?? 10_000;
    return Math.min(max, initial * 2 ** Math.max(0, queued.attempts - 1));
  }

  private started(queued: QueuedPod): QueuedPod {
    this.schedulingCycle++;
    queued.cycle = this.schedulingCycle;
    queued.attempts++;
    this.inFlight.set(queued.key, queued);
    return queued;
  }

  private requeue(queued: QueuedPod): void {
    if (this.now() < queued.lastFailure + this.backoffMs(queued)) this.backoff.set(queued.key, queued);
    else this.pushActive(queued);
  }

  private pushActive(queued: QueuedPod): void {
    queued.timestamp = this.now();
    const waiter = this.waiters.shift();
    if (waiter) waiter(this.started(queued));
    else this.active.push(queued);
  }

  private flush(): void {
    const now = this.now();
    for (const [key, queued] of this.backoff) {
      if (now < queued.lastFailure + this.backoffMs(queued)) continue;
      this.backoff.delete(key);
      this.pushActive(queued);
    }
    const maxWait = this.options.maxUnschedulableMs ?? 5 * 60_000;
    for (const [key, queued] of this.unschedulable) {
      if (now - queued.lastFailure < maxWait) continue;
      this.unschedulable.delete(key);
      this.requeue(queued);
    }
  }
}

/** What a pod update must change to be worth another attempt: its spec, labels or annotations. */
function schedulingInputs(pod: V1Pod): string {
  return JSON.stringify([pod.spec, pod.metadata?.labels, pod.metadata?.annotations]);
}
