// The storage contract every backend and the watch cache keep. It follows etcd v3: a flat,
// ordered key space; every write gets the next cluster-wide revision; reads and watches are
// addressed by revision; old history is compacted away. The API server hands revisions out as
// resourceVersions.

/** One key at one revision. */
export interface KeyValue {
  key: string;
  value: Buffer;
  /** The revision that created this key (the object's life starts here). */
  createRevision: number;
  /** The revision of the last change to this key. */
  modRevision: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change. For DELETED, `kv.value` is the last value the key held and `kv.modRevision` the
 * revision of the delete. `prevValue` is the value before the change (MODIFIED and DELETED). */
export interface WatchEvent {
  type: WatchEventType;
  kv: KeyValue;
  prevValue?: Buffer;
}

export interface ListOptions {
  /** Read the state at exactly this revision (0 or absent: the latest, a consistent read). */
  revision?: number;
  /** Any state at least this new will do (0: any). Lets a cache answer from memory. Ignored by
   * backends, which always read the latest. Not combined with `revision`. */
  notOlderThan?: number;
  /** At most this many items (0 or absent: all). */
  limit?: number;
  /** Start after this key (exclusive), to continue a paginated list. */
  after?: string;
}

export interface ListResult {
  kvs: KeyValue[];
  /** The revision the list was read at. A paginated list reuses it for the following pages. */
  revision: number;
  /** How many more keys under the prefix follow the last one returned (0 when complete). */
  remaining: number;
}

export interface WatchHandler {
  /** Changes in revision order, without gaps or duplicates. */
  onEvents(events: readonly WatchEvent[]): void;
  /** The store has reached this revision with no further changes under the watched prefix
   * (a progress notification: lets a cache know how fresh it is). */
  onProgress?(revision: number): void;
  /** The watch ended: compacted history, a closed store, a lost backend. No calls follow. */
  onError(error: Error): void;
}

export interface Watch {
  /** Stop delivering. Idempotent. */
  stop(): void;
}

export interface Storage {
  /** Stores a new key. Fails with KeyExists if it is present. */
  create(key: string, value: Buffer): Promise<KeyValue>;
  /** The key at the latest revision (or at `revision`), or undefined. */
  get(key: string, revision?: number): Promise<KeyValue | undefined>;
  /** Keys under `prefix`, in key order. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Replaces the value if the key's modRevision is still `expectedModRevision`. Fails with
   * NotFound if the key is absent and Conflict if it moved on (the error carries the current). */
  update(key: string, value: Buffer, expectedModRevision: number): Promise<KeyValue>;
  /** Removes the key (if `expectedModRevision` is given, only at that revision). Returns the
   * deleted value with `modRevision` set to the revision of the delete. */
  delete(key: string, expectedModRevision?: number): Promise<KeyValue>;
  /** Delivers every change under `prefix` with a revision greater than `fromRevision`.
   * Fails with Compacted (through `onError`) when that history is gone. */
  watch(prefix: string, fromRevision: number, handler: WatchHandler): Watch;
  /** Forgets history older than `revision`: reads and watches before it fail with Compacted. */
  compact(revision: number): Promise<void>;
  /** The revision of the latest write. */
  currentRevision(): Promise<number>;
  close(): Promise<void>;
}

/** etcd's default request limit, which the API server relies on: larger values are refused. */
export const MAX_VALUE_BYTES = 1.5 * 1024 * 1024;

/** The first key after every key that starts with `prefix`: the end of a prefix range. */
export function prefixEnd(prefix: string): string {
  return prefix + '\u{10FFFF}';
}
