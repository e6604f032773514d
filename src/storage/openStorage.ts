// Opens the backend a configuration names: the embedded SQLite store in a data directory, or
// an etcd cluster.
import { join } from 'node:path';
import { EtcdStorage } from './etcd/etcdBackend.js';
import { SqliteStorage } from './sqlite/sqliteStorage.js';
import type { Storage } from './storage.js';

export type StorageConfig =
  | { backend: 'sqlite'; dataDir: string }
  | { backend: 'etcd'; endpoints: string[]; prefix?: string };

export function openStorage(config: StorageConfig): Storage {
  if (config.backend === 'sqlite') return new SqliteStorage(join(config.dataDir, 'storage', 'kubets.db'));
  return new EtcdStorage({ endpoints: config.endpoints, prefix: config.prefix });
}
