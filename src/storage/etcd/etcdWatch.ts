// One contract watch on one etcd watch stream. It remembers the next revision it owes the
// handler, so when the stream breaks (etcd restarted, connection lost) it opens a new stream
// from exactly that revision: no gap, no duplicate. Each etcd watch response becomes one
// onEvents batch; an empty response is a progress notification.
import type { IEvent, IWatchRequest, IWatchResponse, IDuplexStream, WatchClient } from 'etcd3';
import { StorageError } from '../errors.js';
import type { Watch, WatchEvent, WatchHandler } from '../storage.js';
import { classifyEtcdError } from './etcdErrors.js';
import type { EtcdKeyCodec } from './etcdKeys.js';

type WatchStream = IDuplexStream<IWatchRequest, IWatchResponse>;

export interface EtcdWatchOptions {
  client: WatchClient;
  codec: EtcdKeyCodec;
  prefix: string;
  fromRevision: number;
  handler: WatchHandler;
  /** How long the watch keeps reconnecting before it gives up with Unavailable. */
  reconnectTimeoutMs: number;
  /** Whether this etcd answers on-demand progress requests in order with events. */
  progressRequestsAllowed(): boolean;
  /** Called once when the watch ends, however it ends. */
  onEnd(watch: EtcdWatch): void;
}

const initialBackoffMs = 50;
const maxBackoffMs = 2000;

/** Maps one etcd event to the contract's event. */
export function toWatchEvent(codec: EtcdKeyCodec, event: IEvent): WatchEvent {
  const kv = codec.toKeyValue(event.kv);
  const prev = event.prev_kv ?? undefined;
  // The client decodes the enum by name ('Delete'); compare without caring for case.
  if (String(event.type).toUpperCase() === 'DELETE') {
    // etcd's delete event carries only the key and the delete's revision; the last value is
    // in prev_kv (absent only if that history was compacted already).
    return {
      type: 'DELETED',
      kv: {
        key: kv.key,
        value: prev ? prev.value : Buffer.alloc(0),
        createRevision: prev ? Number(prev.create_revision) : 0,
        modRevision: kv.modRevision,
      },
      ...(prev ? { prevValue: prev.value } : {}),
    };
  }
  if (kv.createRevision === kv.modRevision) return { type: 'ADDED', kv };
  return { type: 'MODIFIED', kv, ...(prev ? { prevValue: prev.value } : {}) };
}

export class EtcdWatch implements Watch {
  /** The first revision not yet delivered (or covered by a progress notification). */
  private nextRevision: number;
  private stream: WatchStream | undefined;
  /** etcd confirmed the watch on the current stream. */
  private created = false;
  private ended = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoffMs = initialBackoffMs;
  /** When the current run of failed (re)connections began. */
  private failingSince: number | undefined;

  constructor(private readonly options: EtcdWatchOptions) {
    this.nextRevision = options.fromRevision + 1;
  }

  start(): void {
    this.connect();
  }

  stop(): void {
    if (this.ended) return;
    this.ended = true;
    this.teardown();
    this.options.onEnd(this);
  }

  /** Ends the watch with an error for the handler (compaction, lost etcd, closed store). */
  fail(error: Error): void {
    if (this.ended) return;
    this.stop();
    this.options.handler.onError(error);
  }

  /** Asks etcd for a progress notification now. Returns false when it was not sent: the
   * watch is not connected, or this etcd version may send it ahead of pending events. */
  requestProgress(): boolean {
    if (this.ended || !this.stream || !this.created) return false;
    if (!this.options.progressRequestsAllowed()) return false;
    this.stream.write({ progress_request: {} });
    return true;
  }

  /** The revision after which the watch has delivered (or been told of) everything. */
  get deliveredRevision(): number {
    return this.nextRevision - 1;
  }

  private connect(): void {
    this.retryTimer = undefined;
    if (this.ended) return;
    this.options.client.watch().then(
      (stream) => this.attach(stream),
      (error: unknown) => this.lost(undefined, error),
    );
  }

  private attach(stream: WatchStream): void {
    if (this.ended) {
      closeStream(stream);
      return;
    }
    this.stream = stream;
    this.created = false;
    stream.on('data', (res) => this.receive(stream, res));
    stream.on('error', (error) => this.lost(stream, error));
    stream.on('end', () => this.lost(stream, new Error('etcd ended the watch stream')));
    const { start, end } = this.options.codec.prefixRange(this.options.prefix);
    stream.write({
      create_request: {
        key: start,
        range_end: end,
        start_revision: this.nextRevision,
        prev_kv: true,
        progress_notify: true,
      },
    });
  }

  private receive(stream: WatchStream, res: IWatchResponse): void {
    if (this.ended || stream !== this.stream) return;
    if (res.canceled) {
      const compactRevision = Number(res.compact_revision);
      this.fail(
        compactRevision > 0
          ? StorageError.compacted(this.options.prefix, this.nextRevision, compactRevision)
          : StorageError.unavailable(
              this.options.prefix,
              `etcd canceled the watch: ${res.cancel_reason || 'no reason given'}`,
            ),
      );
      return;
    }
    if (res.created) {
      this.created = true;
      this.failingSince = undefined;
      this.backoffMs = initialBackoffMs;
      return;
    }
    const events = res.events ?? [];
    if (events.length === 0) {
      // A progress notification: every later event on this stream has a higher revision.
      const revision = Number(res.header.revision);
      if (revision < this.nextRevision - 1) return;
      this.nextRevision = revision + 1;
      this.call(() => this.options.handler.onProgress?.(revision));
      return;
    }
    const batch: WatchEvent[] = [];
    for (const event of events) {
      // A revision below nextRevision was delivered already (defensive: a new stream starts
      // at nextRevision, so etcd should never repeat one).
      if (Number(event.kv.mod_revision) < this.nextRevision) continue;
      batch.push(toWatchEvent(this.options.codec, event));
    }
    if (batch.length === 0) return;
    this.nextRevision = batch[batch.length - 1].kv.modRevision + 1;
    this.call(() => this.options.handler.onEvents(batch));
  }

  /** Runs a handler callback; a throwing handler ends the watch with its error. */
  private call(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private lost(stream: WatchStream | undefined, error: unknown): void {
    if (this.ended) return;
    if (stream !== undefined && stream !== this.stream) return; // an old stream's late news
    if (stream === undefined && this.stream !== undefined) return;
    if (this.stream) closeStream(this.stream);
    this.stream = undefined;
    this.created = false;
    const failure = classifyEtcdError(error);
    if (failure.kind === 'compacted') {
      this.fail(StorageError.compacted(this.options.prefix, this.nextRevision, this.nextRevision));
      return;
    }
    const now = Date.now();
    this.failingSince ??= now;
    if (now - this.failingSince >= this.options.reconnectTimeoutMs) {
      const reason =
        failure.kind === 'other' ? failure.error.message
        : failure.kind === 'unavailable' ? failure.message
        : failure.kind;
      this.fail(StorageError.unavailable(this.options.prefix, `lost the etcd watch: ${reason}`));
      return;
    }
    this.retryTimer = setTimeout(() => this.connect(), this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, maxBackoffMs);
  }

  private teardown(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.stream) closeStream(this.stream);
    this.stream = undefined;
    this.created = false;
  }
}

/** Closes a watch stream. Half-closing first matters: the etcd3 client treats an error on a
 * still-writable stream as a failed host and resets every connection to it. */
function closeStream(stream: WatchStream): void {
  try {
    stream.end();
  } catch {
    // already closed
  }
  stream.cancel();
}
