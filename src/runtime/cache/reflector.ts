// Reflector: keeps a sink (the informer's store) equal to the server's state of one resource.
// It lists, then watches from the list's resourceVersion; every event and bookmark moves the
// resume point on. A watch that ends (timeout, dropped connection, server restart) is resumed
// from the last resourceVersion seen, without listing again; only a 410 (the server no longer
// holds history that old) makes it relist, at that resourceVersion or newer. Failures wait
// with jittered exponential backoff; a watchdog closes a watch that has been silent too long
// (bookmarks count as activity) so a half-open connection cannot freeze the cache.
import { ApiError, isExpired, type Status } from './apiError.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import type { ListWatch, WatchEvent, WatchStream } from './listWatch.js';
import { resourceVersionOf, type KubeObject } from './object.js';

export interface ReflectorSink<T extends KubeObject = KubeObject> {
  /** A full list: the sink's contents become exactly `items`. */
  replace(items: T[], resourceVersion: string): void;
  add(object: T): void;
  update(object: T): void;
  delete(object: T): void;
}

/** What the reflector did, in order: for diagnostics and for tests that check continuity. */
export type ReflectorTrace =
  | { kind: 'list'; resourceVersion: string; items: number }
  | { kind: 'event'; type: 'ADDED' | 'MODIFIED' | 'DELETED'; resourceVersion: string }
  | { kind: 'bookmark'; resourceVersion: string }
  | { kind: 'watch-start'; resourceVersion: string }
  | { kind: 'watch-end'; reason: 'closed' | 'expired' | 'error' | 'watchdog'; message?: string };

export interface ReflectorOptions {
  backoff?: BackoffOptions;
  /** A watch with no event or bookmark for this long is closed and resumed (default 5 min,
   * above the API server's one-minute bookmark interval). */
  watchdogMs?: number;
  /** A watch that ends sooner than this after opening, having delivered nothing, counts as a
   * failure and is retried with backoff (default 1 s). */
  minWatchMs?: number;
  trace?: (entry: ReflectorTrace) => void;
  /** Called on every failure the reflector recovers from. */
  onError?: (error: Error) => void;
}

export interface ReflectorHealth {
  /** When the last event or bookmark arrived. */
  lastEventTime?: Date;
  /** When the last full list was stored. */
  lastSyncTime?: Date;
  /** The resourceVersion the next watch resumes from. */
  lastResourceVersion: string;
  /** Lists after the first one. */
  relists: number;
  /** Watches opened after the first one. */
  watchRestarts: number;
  /** Watches the watchdog closed. */
  watchdogRestarts: number;
  lastError?: string;
  /** Whether a watch is open right now. */
  watching: boolean;
}

export class Reflector<T extends KubeObject = KubeObject> {
  private readonly backoff: Backoff;
  private readonly watchdogMs: number;
  private readonly minWatchMs: number;
  private running: Promise<void> | undefined;
  private stopped = false;
  private stream: WatchStream | undefined;
  private wake: (() => void) | undefined;
  private listing: AbortController | undefined;
  private lastActivity = 0;
  private lists = 0;
  private watches = 0;
  private readonly state: Omit<ReflectorHealth, 'relists' | 'watchRestarts'> = {
    lastResourceVersion: '', watchdogRestarts: 0, watching: false,
  };

  constructor(private readonly listWatch: ListWatch<T>, private readonly sink: ReflectorSink<T>, private readonly options: ReflectorOptions = {}) {
    this.backoff = new Backoff(options.backoff);
    this.watchdogMs = options.watchdogMs ?? 5 * 60_000;
    this.minWatchMs = options.minWatchMs ?? 1000;
  }

  get health(): ReflectorHealth {
    return {
      ...this.state,
      relists: Math.max(0, this.lists - 1),
      watchRestarts: Math.max(0, this.watches - 1),
    };
  }

  /** Starts listing and watching; a second call does nothing. */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = this.run();
  }

  /** Stops and resolves when no request is left open. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stream?.stop();
    this.listing?.abort();
    this.wake?.();
    await this.running;
  }

  private async run(): Promise<void> {
    let needList = true;
    let listRv = '0';
    while (!this.stopped) {
      if (needList) {
        try {
          await this.listOnce(listRv);
          if (this.stopped) return;
          needList = false;
        } catch (error) {
          // A list at a resourceVersion the server cannot serve any more (or a continue token
          // that expired mid-way) falls back to a consistent read of the latest state.
          if (this.stopped) return;
          if (isExpired(error)) listRv = '';
          await this.fail(error as Error);
          continue;
        }
      }
      const outcome = await this.watchOnce();
      if (outcome === 'expired') {
        needList = true;
        // Not older than what we hold: a relist must not take the cache back in time.
        listRv = this.state.lastResourceVersion || '0';
      }
    }
  }

  /** One full list into the sink. Its own frame, so the listed items (as received, before the
   * informer's transform) are garbage once stored, not held by the suspended run() loop. */
  private async listOnce(resourceVersion: string): Promise<void> {
    this.listing = new AbortController();
    try {
      const listed = await this.listWatch.list(resourceVersion, this.listing.signal);
      if (this.stopped) return;
      this.sink.replace(listed.items, listed.resourceVersion);
      this.lists++;
      this.backoff.reset();
      this.state.lastResourceVersion = listed.resourceVersion;
      this.state.lastSyncTime = new Date();
      this.options.trace?.({ kind: 'list', resourceVersion: listed.resourceVersion, items: listed.items.length });
    } finally {
      this.listing = undefined;
    }
  }

  /** One watch, from open to end. Returns 'expired' when only a relist can go on. */
  private async watchOnce(): Promise<'expired' | 'resume'> {
    const from = this.state.lastResourceVersion;
    const opened = Date.now();
    let delivered = 0;
    let expired: ApiError | undefined;
    let failed: Error | undefined;
    let watchdogFired = false;
    this.watches++;
    this.lastActivity = opened;
    this.options.trace?.({ kind: 'watch-start', resourceVersion: from });
    const stream = this.listWatch.watch(from, (event) => {
      if (expired || failed) return;
      try {
        const error = this.handle(event);
        if (error) {
          if (isExpired(error)) expired = error;
          else failed = error;
          stream.stop();
        } else {
          delivered++;
        }
      } catch (error) {
        failed = error as Error;
        stream.stop();
      }
    });
    this.stream = stream;
    this.state.watching = true;
    const watchdog = setInterval(() => {
      if (Date.now() - this.lastActivity > this.watchdogMs) {
        watchdogFired = true;
        stream.stop();
      }
    }, Math.max(10, Math.min(this.watchdogMs / 4, 5000)));
    try {
      await stream.done;
    } catch (error) {
      if (isExpired(error)) expired = error as ApiError;
      else failed = error as Error;
    } finally {
      clearInterval(watchdog);
      this.stream = undefined;
      this.state.watching = false;
    }
    if (this.stopped) return 'resume';
    if (expired) {
      this.options.trace?.({ kind: 'watch-end', reason: 'expired', message: expired.message });
      this.note(expired);
      return 'expired';
    }
    if (watchdogFired) {
      this.state.watchdogRestarts++;
      this.options.trace?.({ kind: 'watch-end', reason: 'watchdog' });
      return 'resume';
    }
    if (failed) {
      this.options.trace?.({ kind: 'watch-end', reason: 'error', message: failed.message });
      await this.fail(failed);
      return 'resume';
    }
    this.options.trace?.({ kind: 'watch-end', reason: 'closed' });
    // A clean end (timeoutSeconds) resumes at once; a stream that ends as soon as it opens
    // is a failure in disguise and must not become a busy loop.
    if (delivered === 0 && Date.now() - opened < this.minWatchMs) await this.sleep(this.backoff.next());
    return 'resume';
  }

  /** Applies one event; returns the error an ERROR event carried. */
  private handle(event: WatchEvent<T>): ApiError | undefined {
    const now = Date.now();
    this.lastActivity = now;
    if (event.type === 'ERROR') return ApiError.fromStatus(event.object as Status);
    const object = event.object as T;
    const rv = resourceVersionOf(object);
    this.state.lastEventTime = new Date(now);
    if (event.type === 'BOOKMARK') {
      if (rv) this.state.lastResourceVersion = rv;
      this.options.trace?.({ kind: 'bookmark', resourceVersion: rv });
      return undefined;
    }
    switch (event.type) {
      case 'ADDED': this.sink.add(object); break;
      case 'MODIFIED': this.sink.update(object); break;
      case 'DELETED': this.sink.delete(object); break;
      default: return new ApiError(`unknown watch event type ${String(event.type)}`);
    }
    if (rv) this.state.lastResourceVersion = rv;
    this.backoff.reset();
    this.options.trace?.({ kind: 'event', type: event.type, resourceVersion: rv });
    return undefined;
  }

  private note(error: Error): void {
    this.state.lastError = error.message;
    this.options.onError?.(error);
  }

  private async fail(error: Error): Promise<void> {
    this.note(error);
    await this.sleep(this.backoff.next());
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
