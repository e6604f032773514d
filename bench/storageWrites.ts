// Write throughput and latency of the storage backends: concurrent writers creating 1 KiB
// values with fsync on, and raw etcd through the bare etcd3 client as the anchor.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { EtcdStorage } from '../src/storage/etcd/etcdBackend.js';
import { SqliteStorage } from '../src/storage/sqlite/sqliteStorage.js';
import type { Storage } from '../src/storage/storage.js';
import { closedLoop, type LoadResult } from './measure.js';

export interface WriteLoad {
  writers: number;
  durationMs: number;
  warmupMs: number;
}

const value = randomBytes(512).toString('hex'); // 1 KiB

async function storageWrites(name: string, storage: Storage, load: WriteLoad): Promise<LoadResult> {
  const result = await closedLoop(name, (i) => storage.create(`/bench/${name}/${i}`, Buffer.from(value)), {
    clients: load.writers, durationMs: load.durationMs, warmupMs: load.warmupMs,
  });
  await storage.close();
  return result;
}

export async function sqliteWrites(load: WriteLoad): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kubets-bench-sqlite-'));
  try {
    return await storageWrites('sqlite backend', new SqliteStorage(join(dir, 'kubets.db')), load);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function etcdBackendWrites(endpoint: string, load: WriteLoad): Promise<LoadResult> {
  return storageWrites('etcd backend', new EtcdStorage({ endpoints: [endpoint], prefix: '/kubets' }), load);
}

/** The bare etcd3 client doing a plain put: etcd's fastest write. */
export async function rawEtcdPuts(endpoint: string, load: WriteLoad): Promise<LoadResult> {
  const client = new Etcd3({ hosts: endpoint });
  try {
    return await closedLoop('raw etcd: etcd3 put', (i) => client.put(`/raw-put/${i}`).value(value).exec(), {
      clients: load.writers, durationMs: load.durationMs, warmupMs: load.warmupMs,
    });
  } finally {
    client.close();
  }
}

/** The bare etcd3 client doing what a create needs: put only if the key is absent (a Txn). */
export async function rawEtcdCreates(endpoint: string, load: WriteLoad): Promise<LoadResult> {
  const client = new Etcd3({ hosts: endpoint });
  try {
    return await closedLoop('raw etcd: etcd3 create-if-absent txn', (i) => {
      const key = `/raw-txn/${i}`;
      return client.if(key, 'Create', '==', 0).then(client.put(key).value(value)).commit();
    }, { clients: load.writers, durationMs: load.durationMs, warmupMs: load.warmupMs });
  } finally {
    client.close();
  }
}
