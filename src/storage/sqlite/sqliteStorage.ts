// The embedded backend: a revision log in SQLite (WAL). Writes queue up and commit together in
// one transaction per turn of the event loop (group commit). The commit does not wait for the
// disk (synchronous=NORMAL): the WAL file is fsynced on libuv's thread pool instead, one fsync
// for every batch committed since the last one started, and a batch's writes are acknowledged,
// and become visible to reads and watches, only once an fsync that began after their commit
// has finished. So the event loop never blocks on the disk, and an acknowledged write survives
// a crash of the machine as with synchronous=FULL.
import Database from 'better-sqlite3';
import { closeSync, fsync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { StorageError } from '../errors.js';
import {
  MAX_VALUE_BYTES, prefixEnd,
  type KeyValue, type ListOptions, type ListResult, type Storage, type Watch, type WatchEvent,
  type WatchHandler,
} from '../storage.js';
import { Subscriber } from '../subscriber.js';
import { SCHEMA, type LogRow } from './schema.js';

/** A write run inside the batch transaction: returns its change, or throws a StorageError. */
type WriteOp = (revision: number) => WatchEvent;

interface QueuedWrite {
  op: WriteOp;
  resolve(event: WatchEvent): void;
  reject(error: unknown): void;
}

export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly statements;
  /** The newest revision on disk: what reads, watches and acknowledgements see. */
  private revision: number;
  /** The newest revision committed to the database, maybe not yet on disk. */
  private committedRevision: number;
  /** The WAL file's path when its fsync is ours (a file database in WAL mode). */
  private readonly walPath: string | undefined;
  private walFd: number | undefined;
  private syncing = false;
  /** Publications of committed batches waiting for the next fsync. */
  private awaitingSync: Array<() => void> = [];
  private compactRevision: number;
  private queue: QueuedWrite[] = [];
  private flushScheduled = false;
  private readonly subscribers = new Set<Subscriber>();
  private closed = false;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    const wal = this.db.pragma('journal_mode = WAL', { simple: true }) === 'wal' && path !== ':memory:';
    this.db.pragma(wal ? 'synchronous = NORMAL' : 'synchronous = FULL');
    this.walPath = wal ? `${path}-wal` : undefined;
    this.db.exec(SCHEMA);
    const db = this.db;
    this.statements = {
      latest: db.prepare<[string], LogRow>(
        'SELECT * FROM log WHERE key = ? ORDER BY revision DESC LIMIT 1'),
      atRevision: db.prepare<[string, number], LogRow>(
        'SELECT * FROM log WHERE key = ? AND revision <= ? ORDER BY revision DESC LIMIT 1'),
      insert: db.prepare<[number, string, number, number, number, Buffer]>(
        'INSERT INTO log (revision, key, create_revision, prev_revision, deleted, value) VALUES (?, ?, ?, ?, ?, ?)'),
      // SQLite returns the other columns of the row that holds MAX(revision) in each group.
      list: db.prepare<[string, string, number, number], LogRow>(
        `SELECT key, MAX(revision) AS revision, create_revision, deleted, value FROM log
         WHERE key >= ? AND key < ? AND revision <= ? GROUP BY key HAVING deleted = 0
         ORDER BY key LIMIT ?`),
      count: db.prepare<[string, string, number], { n: number }>(
        `SELECT COUNT(*) AS n FROM (SELECT MAX(revision), deleted FROM log
         WHERE key >= ? AND key < ? AND revision <= ? GROUP BY key HAVING deleted = 0)`),
      history: db.prepare<[number, number, string, string], LogRow>(
        `SELECT l.*, p.value AS prev_value FROM log l LEFT JOIN log p ON p.revision = l.prev_revision
         WHERE l.revision > ? AND l.revision <= ? AND l.key >= ? AND l.key < ? ORDER BY l.revision`),
      maxRevision: db.prepare<[], { r: number | null }>('SELECT MAX(revision) AS r FROM log'),
      getMeta: db.prepare<[string], { value: number }>('SELECT value FROM meta WHERE name = ?'),
      setMeta: db.prepare<[string, number]>(
        'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),
      compact: db.prepare<[number, number]>(
        `DELETE FROM log WHERE revision <= ? AND (deleted = 1 OR EXISTS (
           SELECT 1 FROM log newer WHERE newer.key = log.key
             AND newer.revision > log.revision AND newer.revision <= ?))`),
    };
    this.compactRevision = this.statements.getMeta.get('compact_revision')?.value ?? 0;
    this.revision = Math.max(this.statements.maxRevision.get()?.r ?? 0, this.compactRevision);
    this.committedRevision = this.revision;
  }

  create(key: string, value: Buffer): Promise<KeyValue> {
    return this.write(key, value, (revision) => {
      const current = this.live(key);
      if (current) throw StorageError.keyExists(key);
      this.statements.insert.run(revision, key, revision, 0, 0, value);
      return { type: 'ADDED', kv: { key, value, createRevision: revision, modRevision: revision } };
    });
  }

  update(key: string, value: Buffer, expectedModRevision: number): Promise<KeyValue> {
    return this.write(key, value, (revision) => {
      const current = this.live(key);
      if (!current) throw StorageError.notFound(key);
      if (current.revision !== expectedModRevision) throw StorageError.conflict(key, toKeyValue(current));
      this.statements.insert.run(revision, key, current.create_revision, current.revision, 0, value);
      return {
        type: 'MODIFIED',
        kv: { key, value, createRevision: current.create_revision, modRevision: revision },
        prevValue: current.value,
      };
    });
  }

  delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    return this.write(key, undefined, (revision) => {
      const current = this.live(key);
      if (!current) throw StorageError.notFound(key);
      if (expectedModRevision !== undefined && current.revision !== expectedModRevision) {
        throw StorageError.conflict(key, toKeyValue(current));
      }
      this.statements.insert.run(revision, key, current.create_revision, current.revision, 1, current.value);
      return {
        type: 'DELETED',
        kv: { key, value: current.value, createRevision: current.create_revision, modRevision: revision },
        prevValue: current.value,
      };
    });
  }

  async get(key: string, revision?: number): Promise<KeyValue | undefined> {
    this.checkOpen(key);
    const row = this.readAt(key, revision || this.revision);
    return row && !row.deleted ? toKeyValue(row) : undefined;
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.checkOpen(prefix);
    const revision = options.revision ? this.checkReadable(prefix, options.revision) : this.revision;
    const start = options.after !== undefined && options.after >= prefix ? keyAfter(options.after) : prefix;
    const end = prefixEnd(prefix);
    const limit = options.limit && options.limit > 0 ? options.limit : -1;
    const rows = this.statements.list.all(start, end, revision, limit);
    let remaining = 0;
    if (limit > 0 && rows.length === limit) {
      remaining = this.statements.count.get(keyAfter(rows[rows.length - 1].key), end, revision)?.n ?? 0;
    }
    return { kvs: rows.map(toKeyValue), revision, remaining };
  }

  watch(prefix: string, fromRevision: number, handler: WatchHandler): Watch {
    const subscriber = new Subscriber(prefix, fromRevision, handler, (s) => this.subscribers.delete(s));
    if (this.closed) {
      subscriber.fail(StorageError.unavailable(prefix, 'storage is closed'));
    } else if (fromRevision < this.compactRevision) {
      subscriber.fail(StorageError.compacted(prefix, fromRevision, this.compactRevision));
    } else if (fromRevision > this.revision) {
      subscriber.fail(StorageError.futureRevision(prefix, fromRevision, this.revision));
    } else {
      // Commits run on this thread too, so nothing lands between reading history and joining.
      if (fromRevision < this.revision) {
        const rows = this.statements.history.all(fromRevision, this.revision, prefix, prefixEnd(prefix));
        subscriber.push(rows.map(toEvent));
      }
      this.subscribers.add(subscriber);
    }
    return subscriber;
  }

  compact(revision: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.enqueue({
        op: () => {
          if (revision > this.revision) throw StorageError.futureRevision('', revision, this.revision);
          if (revision > this.compactRevision) {
            this.statements.compact.run(revision, revision);
            this.statements.setMeta.run('compact_revision', revision);
            this.compactRevision = revision;
          }
          return NO_CHANGE;
        },
        resolve: () => resolve(),
        reject,
      });
    });
  }

  async currentRevision(): Promise<number> {
    return this.revision;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.walPath !== undefined) await new Promise<void>((resolve) => this.afterSync(resolve));
    for (const subscriber of [...this.subscribers]) {
      subscriber.fail(StorageError.unavailable(subscriber.prefix, 'storage is closed'));
    }
    this.db.close();
    if (this.walFd !== undefined) closeSync(this.walFd);
  }

  /** The oldest revision that reads and watches may still ask for. */
  get oldestRevision(): number {
    return this.compactRevision;
  }

  private write(key: string, value: Buffer | undefined, op: WriteOp): Promise<KeyValue> {
    if (value !== undefined && value.length > MAX_VALUE_BYTES) {
      return Promise.reject(StorageError.tooLarge(key, value.length, MAX_VALUE_BYTES));
    }
    return new Promise((resolve, reject) => {
      this.enqueue({ op, resolve: (event) => resolve(event.kv), reject });
    });
  }

  private enqueue(write: QueuedWrite): void {
    if (this.closed) {
      write.reject(StorageError.unavailable('', 'storage is closed'));
      return;
    }
    this.queue.push(write);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Commits every queued write in one transaction; acknowledges and publishes them once the
   * commit is on disk. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const outcomes: Array<{ event?: WatchEvent; error?: unknown }> = [];
    const startRevision = this.committedRevision;
    try {
      this.db.transaction(() => {
        for (const write of batch) {
          try {
            const event = write.op(this.committedRevision + 1);
            if (event !== NO_CHANGE) this.committedRevision++;
            outcomes.push({ event });
          } catch (error) {
            if (!(error instanceof StorageError)) throw error;
            outcomes.push({ error });
          }
        }
      })();
    } catch (error) {
      this.committedRevision = startRevision;
      for (const write of batch) write.reject(error);
      return;
    }
    const committed = this.committedRevision;
    const publish = () => {
      this.revision = committed;
      this.publish(batch, outcomes);
    };
    if (this.walPath === undefined) publish();
    else this.afterSync(publish);
  }

  /** Runs `then` after an fsync of the WAL that starts from now (batches share one). */
  private afterSync(then: () => void): void {
    this.awaitingSync.push(then);
    if (!this.syncing) this.startSync();
  }

  private startSync(): void {
    this.syncing = true;
    const waiting = this.awaitingSync;
    this.awaitingSync = [];
    this.walFd ??= openSync(this.walPath!, 'r');
    fsync(this.walFd, (error) => {
      // Writes committed but maybe not on disk cannot be acknowledged, nor failed: stop.
      if (error) throw new Error(`fsync of ${this.walPath} failed: ${error.message}`);
      this.syncing = false;
      for (const then of waiting) then();
      if (this.awaitingSync.length > 0) this.startSync();
    });
  }

  private publish(batch: QueuedWrite[], outcomes: Array<{ event?: WatchEvent; error?: unknown }>): void {
    const events: WatchEvent[] = [];
    batch.forEach((write, i) => {
      const { event, error } = outcomes[i];
      if (event) {
        if (event !== NO_CHANGE) events.push(event);
        write.resolve(event);
      } else {
        write.reject(error);
      }
    });
    for (const subscriber of this.subscribers) {
      subscriber.push(events);
      subscriber.progress(this.revision);
    }
  }

  /** The key's current row if it exists (not deleted). */
  private live(key: string): LogRow | undefined {
    const row = this.statements.latest.get(key);
    return row && !row.deleted ? row : undefined;
  }

  private readAt(key: string, revision: number): LogRow | undefined {
    this.checkReadable(key, revision);
    return this.statements.atRevision.get(key, revision);
  }

  private checkReadable(key: string, revision: number): number {
    if (revision < this.compactRevision) throw StorageError.compacted(key, revision, this.compactRevision);
    if (revision > this.revision) throw StorageError.futureRevision(key, revision, this.revision);
    return revision;
  }

  private checkOpen(key: string): void {
    if (this.closed) throw StorageError.unavailable(key, 'storage is closed');
  }
}

/** The result of a write that changes no key (compaction). */
const NO_CHANGE: WatchEvent = { type: 'MODIFIED', kv: { key: '', value: Buffer.alloc(0), createRevision: 0, modRevision: 0 } };

/** The smallest key greater than `key` (keys never contain NUL). */
function keyAfter(key: string): string {
  return key + '\0';
}

function toKeyValue(row: LogRow): KeyValue {
  return { key: row.key, value: row.value, createRevision: row.create_revision, modRevision: row.revision };
}

function toEvent(row: LogRow): WatchEvent {
  const kv = toKeyValue(row);
  if (row.deleted) return { type: 'DELETED', kv, prevValue: row.value };
  if (row.prev_revision === 0) return { type: 'ADDED', kv };
  return { type: 'MODIFIED', kv, prevValue: row.prev_value ?? undefined };
}
