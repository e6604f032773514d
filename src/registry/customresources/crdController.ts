// Keeps what is served in step with the CustomResourceDefinitions: after any change to them,
// the catalog (and so discovery) and the stores are set to exactly the definitions' served
// versions, every version of a resource on one storage prefix, stored as the storage
// version's apiVersion (conversion strategy None: only the apiVersion differs). A definition
// being deleted first has all its objects deleted, then its cleanup finalizer removed, and
// then it goes. Runs inside the API server (upstream's apiextensions-apiserver controllers).
import { logger } from '../../log/index.js';
import type { Watch } from '../../storage/index.js';
import { apiVersionOf, type ResourceInfo } from '../catalog.js';
import type { KubeObject } from '../object.js';
import type { Registries } from '../registries.js';
import type { StorageConverter, Store } from '../store.js';
import { CustomResourceStrategy } from './customResourceStrategy.js';
import { CLEANUP_FINALIZER } from './crdStrategy.js';
import { resourceOf, schemaKey, servedGroups, servedResources, servedSchemas, spec } from './definitions.js';
import type { JSONSchemaProps } from './schema/index.js';

const log = logger('crd-controller');

export class CrdController {
  private watch: Watch | undefined;
  private running: Promise<void> = Promise.resolve();
  private pending = false;
  /** The served versions' schemas, read by their strategies at each write (a changed schema
   * applies at once, even when the store itself is kept). */
  private schemas = new Map<string, JSONSchemaProps>();
  /** The storage version's apiVersion of each served resource (`group/plural`). */
  private storageVersions = new Map<string, string>();

  /** `onServed` hears the definitions served after every change (OpenAPI publishes them). */
  constructor(private readonly registries: Registries, private readonly onServed: (crds: KubeObject[]) => void = () => undefined) {}

  private get crds(): Store {
    return this.registries.store('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
  }

  /** Serves the definitions there are now, then follows their changes. */
  async start(): Promise<void> {
    const { resourceVersion } = await this.crds.list(undefined);
    await this.sync();
    this.watch = this.crds.storage.watch(this.crds.prefix, Number(resourceVersion), {
      onEvents: () => this.schedule(),
      onError: (error) => {
        log.warn('definition watch ended; restarting', { error: error.message });
        void this.start();
      },
    });
  }

  stop(): void {
    this.watch?.stop();
  }

  /** Waits for the syncs scheduled so far (tests use it). */
  settled(): Promise<void> {
    return this.running;
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    this.running = this.running.then(() => {
      this.pending = false;
      return this.sync();
    }).catch((error: Error) => log.error('definition sync failed', { error: error.stack }));
  }

  private async sync(): Promise<void> {
    const { items } = await this.crds.list(undefined);
    const served = items.filter((crd) => !crd.metadata.deletionTimestamp);
    const resources = served.flatMap(servedResources);
    this.schemas = servedSchemas(served);
    this.storageVersions = new Map(served.map((crd) => {
      const { group, names, versions } = spec(crd);
      const storage = (versions ?? []).find((v) => v.storage) ?? versions[0];
      return [`${group}/${names.plural}`, apiVersionOf({ group, version: storage.name })];
    }));
    this.registries.catalog.setCustomResources(servedGroups(resources), resources);
    await this.registries.serveCustomResources(resources, (info) => {
      const key = schemaKey(info);
      return new CustomResourceStrategy(info, () => this.schemas.get(key));
    }, (info) => this.converter(info));
    this.onServed(served);
    for (const crd of items.filter((c) => c.metadata.deletionTimestamp)) await this.cleanUp(crd);
  }

  /** Objects are stored as the storage version (read at each write, so a new storage version
   * applies at once) and read as the version asked for; stored bytes that already have its
   * apiVersion (stored objects begin with it) are served as they are. */
  private converter(info: ResourceInfo): StorageConverter {
    const served = apiVersionOf(info);
    const key = `${info.group}/${info.resource}`;
    const servedPrefix = Buffer.from(`{"apiVersion":${JSON.stringify(served)},`);
    return {
      toStorage: (object) => ({ ...object, apiVersion: this.storageVersions.get(key) ?? served }),
      fromStorage: (object) => (object.apiVersion === served ? object : { ...object, apiVersion: served }),
      storedAsServed: (stored) => stored.subarray(0, servedPrefix.length).equals(servedPrefix),
    };
  }

  /** Deletes every object of a definition being deleted, then lets the definition go. */
  private async cleanUp(crd: KubeObject): Promise<void> {
    if (!(crd.metadata.finalizers ?? []).includes(CLEANUP_FINALIZER)) return;
    const versions = spec(crd).versions ?? [];
    const storage = versions.find((v) => v.storage) ?? versions[0];
    const info = resourceOf(crd, storage);
    const objects = this.registries.directStore(info, new CustomResourceStrategy(info));
    await objects.deleteCollection(undefined, {}, { propagationPolicy: 'Background' });
    const left = await objects.list(undefined, { limit: 1 });
    if (left.kvs.length > 0) return this.schedule();
    await this.crds.guaranteedUpdate(undefined, crd.metadata.name!, async (current) => ({
      ...current,
      metadata: { ...current.metadata, finalizers: (current.metadata.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER) },
    }));
  }
}
