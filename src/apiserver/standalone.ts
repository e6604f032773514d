// An API server with everything it needs, started in this process: storage (SQLite in the
// data directory, or etcd), the stores, certificates, bootstrap objects and an admin
// kubeconfig. `kubets up`, `kubets apiserver` and the tests start it the same way.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Catalog } from '../registry/catalog.js';
import { CrdController } from '../registry/customresources/index.js';
import { Registries } from '../registry/registries.js';
import { openStorage, type RetentionOptions, type Storage, type StorageConfig } from '../storage/index.js';
import { bootstrap } from './bootstrap.js';
import { startCompactor } from './compactor.js';
import { ApiServerMetrics } from './metrics.js';
import { CustomResourceOpenApi, OpenApiDocuments } from './openapi/index.js';
import { ensureCertificates } from './pki/certificates.js';
import { writeKubeconfig } from './pki/kubeconfig.js';
import { ensureServiceAccountKeys } from './pki/serviceAccountKeys.js';
import { startApiServer } from './server.js';

export interface StandaloneOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  storage?: 'sqlite' | 'etcd';
  etcdEndpoints?: string[];
  etcdPrefix?: string;
  /** How much recent history each resource's watch cache keeps. */
  watchCacheRetention?: Partial<RetentionOptions>;
  /** How often storage history is compacted (default 5 minutes). */
  compactionIntervalMs?: number;
}

export interface StandaloneApiServer {
  url: string;
  port: number;
  kubeconfig: string;
  /** The storage backend (tests use it to compact or inspect). */
  storage: Storage;
  stop(): Promise<void>;
}

export async function startStandaloneApiServer(options: StandaloneOptions): Promise<StandaloneApiServer> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const config: StorageConfig = options.storage === 'etcd'
    ? { backend: 'etcd', endpoints: options.etcdEndpoints ?? ['http://127.0.0.1:2379'], prefix: options.etcdPrefix }
    : { backend: 'sqlite', dataDir };
  const storage = openStorage(config);
  const catalog = Catalog.builtIn();
  const metrics = new ApiServerMetrics();
  const registries = new Registries(catalog, storage, {
    wrap: (backend, resource) => metrics.instrument(backend, resource),
    watchCache: { retention: options.watchCacheRetention },
  });
  const certificates = await ensureCertificates(join(dataDir, 'pki'));
  const serviceAccountKeys = await ensureServiceAccountKeys(join(dataDir, 'pki'));
  const openapi = new OpenApiDocuments({ groups: catalog.groups });
  const server = await startApiServer({ catalog, registries, certificates, metrics, serviceAccountKeys, openapi, port: options.port });
  await bootstrap(registries, server.port);
  const crdOpenApi = new CustomResourceOpenApi(openapi);
  const crds = new CrdController(registries, (served) => crdOpenApi.update(served as unknown as Parameters<CustomResourceOpenApi['update']>[0]));
  await crds.start();
  const stopCompactor = startCompactor(storage, options.compactionIntervalMs);
  const kubeconfig = join(dataDir, 'kubeconfig');
  writeKubeconfig(kubeconfig, server.url, certificates);
  return {
    url: server.url,
    port: server.port,
    kubeconfig,
    storage,
    async stop() {
      stopCompactor();
      crds.stop();
      await server.close();
      await registries.close();
      await storage.close();
    },
  };
}
