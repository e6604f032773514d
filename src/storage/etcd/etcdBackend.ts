// The etcd v3 storage backend. etcd is the contract's model, so this is a thin mapping: etcd's
// revisions are the contract's revisions, every write is one Txn (a compare on the key's
// revisions, then the put or delete), reads are Range calls, watches are etcd watch streams.
import type { Etcd3, IKeyValue, IOptions, IRangeRequest, ITxnRequest, MaintenanceClient } from 'etcd3';
import { StorageError } from '../errors.js';
import { MAX_VALUE_BYTES } from '../storage.js';
import type { KeyValue, ListOptions, ListResult, Storage, WatchHandler } from '../storage.js';
import { probeCompactRevision } from './etcdCompactRevision.js';
import { classifyEtcdError } from './etcdErrors.js';
import { etcd3 } from './etcd3Module.js';
import { EtcdKeyCodec } from './etcdKeys.js';
import { EtcdWatch } from './etcdWatch.js';

export interface EtcdStorageOptions {
  /** Client URLs, e.g. `http://127.0.0.1:2379` (https:// turns TLS on). */
  endpoints: string[];
  /** Put in front of every key inside etcd (default ''): the contract's keys are full keys
   * such as `/registry/pods/default/x`; this separates several stores in one etcd. */
  prefix?: string;
  /** Deadline of every unary call in ms (default 10000). Reads retry within it while etcd is
   * unreachable; writes are never retried (etcd may have applied a write whose answer was
   * lost). Past it the call fails with Unavailable. */
  requestTimeoutMs?: number;
  /** How long a broken watch keeps reconnecting before it fails with Unavailable (default
   * 60000). */
  watchReconnectTimeoutMs?: number;
  /** On-demand watch progress requests (EtcdWatch.requestProgress). etcd before v3.4.31 and
   * v3.5.13 may answer them ahead of events still on their way, so 'auto' (the default) allows
   * them only on fixed versions; 'always' trusts the server, 'never' refuses. etcd's periodic
   * progress notifications are requested on every watch regardless. */
  progressRequests?: 'auto' | 'always' | 'never';
  /** TLS material for https endpoints. */
  credentials?: IOptions['credentials'];
  /** etcd user and password, if etcd has auth enabled. */
  auth?: { username: string; password: string };
}

type FaultPolicy = NonNullable<NonNullable<IOptions['faultHandling']>['global']>;

/** Runs each call once. The etcd3 defaults retry failed calls (a retried create or update could
 * report KeyExists or Conflict for its own first attempt) and open a circuit breaker for
 * seconds after a restart; this backend decides about retries itself. */
const neverAborted = new AbortController().signal;
const callOnce = {
  execute: async <T>(fn: (context: { signal: AbortSignal }) => PromiseLike<T> | T) =>
    fn({ signal: neverAborted }),
  onSuccess: () => ({ dispose() {} }),
  onFailure: () => ({ dispose() {} }),
} as unknown as FaultPolicy;

const maxReadBackoffMs = 1000;

export class EtcdStorage implements Storage {
  private readonly client: Etcd3;
  private readonly codec: EtcdKeyCodec;
  private readonly requestTimeoutMs: number;
  private readonly watchReconnectTimeoutMs: number;
  private readonly watches = new Set<EtcdWatch>();
  private progressRequestsAllowed: boolean;
  /** Settles when the 'auto' version check for progress requests is done. */
  private readonly progressCheck: Promise<void>;
  private closed = false;

  constructor(options: EtcdStorageOptions) {
    if (options.endpoints.length === 0) throw new Error('etcd storage needs at least one endpoint');
    this.codec = new EtcdKeyCodec(options.prefix ?? '');
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.watchReconnectTimeoutMs = options.watchReconnectTimeoutMs ?? 60_000;
    this.progressRequestsAllowed = options.progressRequests === 'always';
    this.client = new (etcd3().Etcd3)({
      hosts: options.endpoints,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      ...(options.auth ? { auth: options.auth } : {}),
      faultHandling: { global: callOnce, host: () => callOnce },
      grpcOptions: {
        // A watch response may batch many large events while catching up.
        'grpc.max_receive_message_length': -1,
        'grpc.max_send_message_length': -1,
        // Notice a dead connection (etcd's server refuses pings more often than every 5s).
        'grpc.keepalive_time_ms': 30_000,
        'grpc.keepalive_timeout_ms': 10_000,
        'grpc.keepalive_permit_without_calls': 1,
      },
    });
    this.progressCheck = (options.progressRequests ?? 'auto') === 'auto'
      ? this.serverOrdersProgressRequests().then(
        (ordered) => { this.progressRequestsAllowed = ordered; },
        () => {}, // unknown version: keep them off
      )
      : Promise.resolve();
  }

  /** Opens the store and checks that etcd answers (Unavailable if not). */
  static async open(options: EtcdStorageOptions): Promise<EtcdStorage> {
    const storage = new EtcdStorage(options);
    try {
      await storage.currentRevision();
      await storage.progressCheck;
    } catch (error) {
      await storage.close();
      throw error;
    }
    return storage;
  }

  async create(key: string, value: Buffer): Promise<KeyValue> {
    this.checkSize(key, value);
    const etcdKey = this.codec.encode(key);
    const res = await this.write(key, () =>
      this.client.kv.txn(
        {
          compare: [{ key: etcdKey, target: 'Create', result: 'Equal', create_revision: 0 }],
          success: [{ request_put: { key: etcdKey, value } }],
        },
        this.callOptions(),
      ),
      value.length,
    );
    if (!res.succeeded) throw StorageError.keyExists(key);
    const revision = Number(res.header.revision);
    return { key, value, createRevision: revision, modRevision: revision };
  }

  async update(key: string, value: Buffer, expectedModRevision: number): Promise<KeyValue> {
    this.checkSize(key, value);
    const etcdKey = this.codec.encode(key);
    const res = await this.write(key, () =>
      this.client.kv.txn(
        {
          compare: [
            // etcd compares an absent key's mod revision as 0: require the key to exist.
            { key: etcdKey, target: 'Version', result: 'Greater', version: 0 },
            { key: etcdKey, target: 'Mod', result: 'Equal', mod_revision: expectedModRevision },
          ],
          success: [{ request_put: { key: etcdKey, value, prev_kv: true } }],
          failure: [{ request_range: { key: etcdKey } }],
        },
        this.callOptions(),
      ),
      value.length,
    );
    if (!res.succeeded) {
      const current = res.responses[0]?.response_range?.kvs?.[0];
      if (!current) throw StorageError.notFound(key);
      throw StorageError.conflict(key, this.codec.toKeyValue(current));
    }
    const prev = res.responses[0].response_put.prev_kv;
    return {
      key,
      value,
      createRevision: Number(prev.create_revision),
      modRevision: Number(res.header.revision),
    };
  }

  async delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    const etcdKey = this.codec.encode(key);
    const txn: ITxnRequest = {
      compare: [{ key: etcdKey, target: 'Version', result: 'Greater', version: 0 }],
      success: [{ request_delete_range: { key: etcdKey, prev_kv: true } }],
      failure: [{ request_range: { key: etcdKey } }],
    };
    if (expectedModRevision !== undefined) {
      txn.compare!.push({
        key: etcdKey, target: 'Mod', result: 'Equal', mod_revision: expectedModRevision,
      });
    }
    const res = await this.write(key, () => this.client.kv.txn(txn, this.callOptions()));
    if (!res.succeeded) {
      const current = res.responses[0]?.response_range?.kvs?.[0];
      if (!current) throw StorageError.notFound(key);
      throw StorageError.conflict(key, this.codec.toKeyValue(current));
    }
    const deleted = res.responses[0].response_delete_range.prev_kvs[0];
    return {
      key,
      value: deleted.value,
      createRevision: Number(deleted.create_revision),
      modRevision: Number(res.header.revision),
    };
  }

  async get(key: string, revision?: number): Promise<KeyValue | undefined> {
    const res = await this.range(key, { key: this.codec.encode(key) }, revision);
    const kv: IKeyValue | undefined = res.kvs[0];
    return kv ? this.codec.toKeyValue(kv) : undefined;
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const { start, end } = this.codec.rangeAfter(prefix, options.after);
    const req: IRangeRequest = { key: start, range_end: end };
    if (options.limit) req.limit = options.limit;
    const res = await this.range(prefix, req, options.revision);
    return {
      kvs: res.kvs.map((kv) => this.codec.toKeyValue(kv)),
      // etcd's header carries the current revision even when reading an older one.
      revision: options.revision ? options.revision : Number(res.header.revision),
      remaining: Math.max(0, Number(res.count) - res.kvs.length),
    };
  }

  watch(prefix: string, fromRevision: number, handler: WatchHandler): EtcdWatch {
    const watch = new EtcdWatch({
      client: this.client.watchClient,
      codec: this.codec,
      prefix,
      fromRevision,
      handler,
      reconnectTimeoutMs: this.watchReconnectTimeoutMs,
      progressRequestsAllowed: () => this.progressRequestsAllowed,
      onEnd: (w) => this.watches.delete(w),
    });
    if (this.closed) {
      queueMicrotask(() => watch.fail(StorageError.unavailable(prefix, 'the etcd storage is closed')));
      return watch;
    }
    this.watches.add(watch);
    watch.start();
    return watch;
  }

  async compact(revision: number): Promise<void> {
    try {
      await this.call('', () =>
        this.client.kv.compact({ revision, physical: true }, this.callOptions()),
      );
    } catch (error) {
      // Compacting at or below the current compact revision has nothing left to do.
      if (error instanceof StorageError && error.code === 'Compacted') return;
      throw error;
    }
  }

  async currentRevision(): Promise<number> {
    const res = await this.readWithRetry('', () =>
      this.client.kv.range(
        { key: this.codec.encode(''), count_only: true },
        this.callOptions(),
      ),
    );
    return Number(res.header.revision);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const watch of [...this.watches]) {
      watch.fail(StorageError.unavailable('', 'the etcd storage is closed'));
    }
    this.client.close();
  }

  /** Whether this etcd orders on-demand progress responses with watch events (fixed in
   * v3.4.31 and v3.5.13, etcd issue 15220). */
  private async serverOrdersProgressRequests(): Promise<boolean> {
    const maintenance: MaintenanceClient = this.client.maintenance;
    const status = await this.readWithRetry('', () => maintenance.status(this.callOptions()));
    const [major, minor, patch] = status.version.split('.').map((part) => parseInt(part, 10));
    if (major !== 3) return major > 3;
    if (minor === 4) return patch >= 31;
    if (minor === 5) return patch >= 13;
    return minor > 5;
  }

  private checkSize(key: string, value: Buffer): void {
    if (value.length > MAX_VALUE_BYTES) {
      throw StorageError.tooLarge(key, value.length, MAX_VALUE_BYTES);
    }
  }

  private callOptions(): { deadline: number } {
    return { deadline: Date.now() + this.requestTimeoutMs };
  }

  /** A Range at `revision` (latest if absent), mapping compacted and future revisions. */
  private async range(key: string, req: IRangeRequest, revision?: number) {
    if (revision) req.revision = revision;
    try {
      return await this.readWithRetry(key, () => this.client.kv.range(req, this.callOptions()));
    } catch (error) {
      if (!(error instanceof StorageError) || revision === undefined) throw error;
      if (error.code === 'Compacted') {
        const oldest = await probeCompactRevision(
          this.client.watchClient, this.codec.encode(''), Math.min(2000, this.requestTimeoutMs),
        );
        throw StorageError.compacted(key, revision, oldest ?? revision + 1);
      }
      if (error.code === 'FutureRevision') {
        throw StorageError.futureRevision(key, revision, await this.currentRevision());
      }
      throw error;
    }
  }

  /** Runs an idempotent read, retrying while etcd is unavailable, until the deadline. */
  private async readWithRetry<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.requestTimeoutMs;
    let backoffMs = 25;
    for (;;) {
      try {
        return await this.call(key, fn);
      } catch (error) {
        const retry = error instanceof StorageError && error.code === 'Unavailable' &&
          !this.closed && Date.now() + backoffMs < deadline;
        if (!retry) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, backoffMs));
      backoffMs = Math.min(backoffMs * 2, maxReadBackoffMs);
    }
  }

  /** Runs a write once (see EtcdStorageOptions.requestTimeoutMs). */
  private write<T>(key: string, fn: () => Promise<T>, valueBytes = 0): Promise<T> {
    return this.call(key, fn, valueBytes);
  }

  /** Runs one etcd call, turning its failures into StorageErrors where the contract has one.
   * Compacted and FutureRevision come out without revisions: `range` fills them in. */
  private async call<T>(key: string, fn: () => Promise<T>, valueBytes = 0): Promise<T> {
    if (this.closed) throw StorageError.unavailable(key, 'the etcd storage is closed');
    try {
      return await fn();
    } catch (error) {
      const failure = classifyEtcdError(error);
      switch (failure.kind) {
        case 'compacted':
          throw StorageError.compacted(key, 0, 0);
        case 'futureRevision':
          throw StorageError.futureRevision(key, 0, 0);
        case 'tooLarge':
          throw StorageError.tooLarge(key, valueBytes, MAX_VALUE_BYTES);
        case 'unavailable':
          throw StorageError.unavailable(key, failure.message);
        case 'other':
          throw failure.error;
      }
    }
  }
}
