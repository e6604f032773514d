// storage: the MVCC key/value layer under the API server. One contract (storage.ts, modelled on
// etcd v3: revisions, compare-and-swap, watch from a revision, compaction), two backends
// (sqlite/ embedded, etcd/ for several API servers), and a watch cache (watchcache/) that serves
// lists and watches from memory. Imports nothing of kubets outside this folder.
export * from './storage.js';
export * from './errors.js';
export { SqliteStorage } from './sqlite/sqliteStorage.js';
export { WatchCache, type WatchCacheOptions } from './watchcache/watchCache.js';
export type { RetentionOptions } from './watchcache/eventBuffer.js';
export { encodeOnce } from './watchcache/encodeOnce.js';
export { EventMemo } from './watchcache/eventMemo.js';
export { EtcdStorage, type EtcdStorageOptions } from './etcd/etcdBackend.js';
export { openStorage, type StorageConfig } from './openStorage.js';
