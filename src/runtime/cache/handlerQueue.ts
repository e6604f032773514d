// One registered handler of a shared informer and its own unbounded queue of notifications.
// The informer only appends; the queue calls the handler later, one notification at a time
// (awaiting a handler that returns a promise), so a slow handler delays itself, never the
// reflector or the other handlers. A handler that throws is reported, and the queue goes on.
import type { KubeObject } from './object.js';

export interface EventHandler<T extends KubeObject = KubeObject> {
  /** `isInInitialList`: the object was already there when the handler started watching
   * (the informer's first list, or existing objects replayed to a late handler). */
  onAdd?(object: T, isInInitialList: boolean): void | Promise<void>;
  onUpdate?(oldObject: T, newObject: T): void | Promise<void>;
  /** `finalStateUnknown`: the deletion was seen in a relist, `object` is its last known state. */
  onDelete?(object: T, finalStateUnknown: boolean): void | Promise<void>;
}

export type Notification<T extends KubeObject = KubeObject> =
  | { type: 'add'; object: T; isInInitialList: boolean }
  | { type: 'update'; old: T; object: T }
  | { type: 'delete'; object: T; finalStateUnknown: boolean };

export class HandlerQueue<T extends KubeObject = KubeObject> {
  private buffer: Notification<T>[] = [];
  private head = 0;
  private draining = false;
  private stopped = false;
  private enqueued = 0;
  private processed = 0;
  private syncMark: number | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly handler: EventHandler<T>, private readonly onError: (error: unknown) => void) {}

  push(notification: Notification<T>): void {
    if (this.stopped) return;
    this.buffer.push(notification);
    this.enqueued++;
    if (!this.draining) {
      this.draining = true;
      // Started from a microtask: the caller (the reflector) never runs handler code.
      queueMicrotask(() => void this.drain());
    }
  }

  /** Marks the notifications enqueued so far as this handler's initial state. */
  markSynced(): void {
    this.syncMark ??= this.enqueued;
  }

  /** Whether the handler has been called for its whole initial state. */
  hasSynced(): boolean {
    return this.syncMark !== undefined && this.processed >= this.syncMark;
  }

  get pending(): number {
    return this.buffer.length - this.head;
  }

  /** Resolves once every notification enqueued so far has been handled. */
  idle(): Promise<void> {
    if (this.pending === 0 && !this.draining) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    this.buffer = [];
    this.head = 0;
    this.wakeIdle();
  }

  private async drain(): Promise<void> {
    while (!this.stopped && this.head < this.buffer.length) {
      const notification = this.buffer[this.head++];
      if (this.head > 1024 && this.head * 2 > this.buffer.length) {
        this.buffer = this.buffer.slice(this.head);
        this.head = 0;
      }
      try {
        await this.call(notification);
      } catch (error) {
        this.onError(error);
      }
      this.processed++;
    }
    this.draining = false;
    this.wakeIdle();
  }

  private call(n: Notification<T>): void | Promise<void> {
    switch (n.type) {
      case 'add': return this.handler.onAdd?.(n.object, n.isInInitialList);
      case 'update': return this.handler.onUpdate?.(n.old, n.object);
      case 'delete': return this.handler.onDelete?.(n.object, n.finalStateUnknown);
    }
  }

  private wakeIdle(): void {
    if (this.pending > 0 && !this.stopped) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
