// `kubets up`: one process running the whole cluster. Today that is the storage layer; the API
// server, controllers, scheduler and node agents join it as they are built (see README).
import { openStorage, type StorageConfig } from '../storage/index.js';

export interface UpOptions {
  dataDir: string;
  port: number;
  storage: 'sqlite' | 'etcd';
  etcdEndpoints?: string[];
}

export async function up(options: UpOptions): Promise<void> {
  const config: StorageConfig = options.storage === 'etcd'
    ? { backend: 'etcd', endpoints: options.etcdEndpoints ?? ['http://127.0.0.1:2379'] }
    : { backend: 'sqlite', dataDir: options.dataDir };
  const storage = openStorage(config);
  const revision = await storage.currentRevision();
  console.log(`kubets: ${options.storage} storage open at revision ${revision}`);
  console.log('kubets: the API server is not built yet; this process only holds the storage (Ctrl-C stops it)');
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const stop = async () => {
    clearInterval(keepAlive);
    await storage.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
