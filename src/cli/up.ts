// `kubets up`: one process running the whole cluster on one machine. Today that is the
// storage and the API server; controllers, scheduler and node agents join as they are built.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bootstrap, ensureCertificates, startApiServer, writeKubeconfig } from '../apiserver/index.js';
import { Catalog } from '../registry/catalog.js';
import { Registries } from '../registry/registries.js';
import { openStorage, type StorageConfig } from '../storage/index.js';

export interface UpOptions {
  dataDir: string;
  port: number;
  storage: 'sqlite' | 'etcd';
  etcdEndpoints?: string[];
}

export async function up(options: UpOptions): Promise<void> {
  const started = performance.now();
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const config: StorageConfig = options.storage === 'etcd'
    ? { backend: 'etcd', endpoints: options.etcdEndpoints ?? ['http://127.0.0.1:2379'] }
    : { backend: 'sqlite', dataDir };
  const storage = openStorage(config);
  const catalog = Catalog.builtIn();
  const registries = new Registries(catalog, storage);
  const certificates = await ensureCertificates(join(dataDir, 'pki'));
  const server = await startApiServer({ catalog, registries, certificates, port: options.port });
  await bootstrap(registries, server.port);
  const kubeconfig = join(dataDir, 'kubeconfig');
  writeKubeconfig(kubeconfig, server.url, certificates);
  console.log(`kubets: API server ready at ${server.url} in ${Math.round(performance.now() - started)} ms (${options.storage} storage)`);
  console.log(`export KUBECONFIG=${kubeconfig}`);

  const stop = async () => {
    await server.close();
    await registries.close();
    await storage.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
