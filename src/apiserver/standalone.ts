// An API server with everything it needs, started in this process: storage (SQLite in the
// data directory, or etcd), the stores, certificates, bootstrap objects and an admin
// kubeconfig. `kubets up`, `kubets apiserver` and the tests start it the same way.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Catalog } from '../registry/catalog.js';
import { ipv4Range, numberToIpv4 } from '../registry/allocators/rangeAllocator.js';
import { CrdController } from '../registry/customresources/index.js';
import { Registries } from '../registry/registries.js';
import { openStorage, type RetentionOptions, type Storage, type StorageConfig } from '../storage/index.js';
import { bootstrap } from './bootstrap.js';
import { startCompactor } from './compactor.js';
import { ApiServerMetrics } from './metrics.js';
import { metricsGroup, metricsResources, publishMetricsOpenApi } from './metrics/index.js';
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
  /** Service cluster IPs come from this IPv4 range (default 10.96.0.0/12). */
  serviceClusterIpRange?: string;
  /** Node ports come from this range, `first-last` (default 30000-32767). */
  serviceNodePortRange?: string;
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

const DEFAULT_SERVICE_RANGE = '10.96.0.0/12';

function parsePortRange(range: string): [number, number] {
  const match = range.match(/^(\d+)-(\d+)$/);
  if (!match || Number(match[1]) > Number(match[2])) throw new Error(`invalid node port range "${range}": want first-last, e.g. 30000-32767`);
  return [Number(match[1]), Number(match[2])];
}

export async function startStandaloneApiServer(options: StandaloneOptions): Promise<StandaloneApiServer> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const config: StorageConfig = options.storage === 'etcd'
    ? { backend: 'etcd', endpoints: options.etcdEndpoints ?? ['http://127.0.0.1:2379'], prefix: options.etcdPrefix }
    : { backend: 'sqlite', dataDir };
  const storage = openStorage(config);
  const catalog = Catalog.builtIn();
  catalog.addComputedGroup(metricsGroup, metricsResources);
  const metrics = new ApiServerMetrics();
  const registries = new Registries(catalog, storage, {
    wrap: (backend, resource) => metrics.instrument(backend, resource),
    watchCache: { retention: options.watchCacheRetention },
    ranges: {
      serviceCidr: options.serviceClusterIpRange ?? DEFAULT_SERVICE_RANGE,
      ...(options.serviceNodePortRange ? { nodePortRange: parsePortRange(options.serviceNodePortRange) } : {}),
    },
  });
  const kubernetesServiceIP = numberToIpv4(ipv4Range(options.serviceClusterIpRange ?? DEFAULT_SERVICE_RANGE).first);
  const certificates = await ensureCertificates(join(dataDir, 'pki'), [kubernetesServiceIP]);
  const serviceAccountKeys = await ensureServiceAccountKeys(join(dataDir, 'pki'));
  const openapi = new OpenApiDocuments({ groups: catalog.groups });
  publishMetricsOpenApi(openapi);
  const server = await startApiServer({ catalog, registries, certificates, metrics, serviceAccountKeys, openapi, port: options.port });
  await bootstrap(registries, server.port, kubernetesServiceIP);
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
