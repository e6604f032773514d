// The one generic store behind every resource (upstream's generic registry Store): it turns
// API operations into storage operations. Keys are /registry/<group>/<resource>/[<ns>/]<name>;
// values are the JSON objects without resourceVersion, which is the storage revision.
// Per-resource behaviour comes from the strategy.
import { randomUUID } from 'node:crypto';
import { isStorageError, type KeyValue, type Storage } from '../storage/index.js';
import { apiVersionOf, type ResourceInfo } from './catalog.js';
import { decodeContinue, encodeContinue } from './continueToken.js';
import { clone, deepEqual, rfc3339, specOf, type KubeObject } from './object.js';
import { FieldSelector } from './selectors/fieldSelector.js';
import { LabelSelector } from './selectors/labelSelector.js';
import { updateManagedFields, type JsonMap } from '../patch/index.js';
import { StatusError } from './statusError.js';
import { decodeStored, encodeStored, rememberServed, servedParts } from './storedObject.js';
import type { Strategy } from './strategy.js';

export interface ListQuery {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListResult {
  /** The objects as stored (serve them with withResourceVersion, no parsing needed). */
  kvs: KeyValue[];
  /** The objects, decoded on first use. */
  readonly items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/** Converts between a served version and the stored one (e.g. autoscaling/v1 and v2). */
export interface StorageConverter {
  toStorage(object: KubeObject): KubeObject;
  fromStorage(object: KubeObject): KubeObject;
  /** Whether an object's stored bytes are already as this version serves it (then they are
   * sent as they are). */
  storedAsServed?(stored: Buffer): boolean;
  /** The stored version's field label a field selector label of this version means, or
   * undefined when this version does not support it. */
  fieldLabel?(label: string): string | undefined;
}

/** The storage prefix of a resource: /registry/<group>/<resource>/. */
export function storagePrefix(resource: { group: string; resource: string }): string {
  return `/registry/${resource.group || 'core'}/${resource.resource}/`;
}

export interface WriteOptions {
  dryRun?: boolean;
  /** Records this manager's field ownership in metadata.managedFields (an Update
   * operation). Left out when the caller has set managedFields itself (server-side apply). */
  fieldManager?: string;
}

export interface DeleteOptions extends WriteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

export type DeleteResult = { deleted: true; object: KubeObject } | { deleted: false; object: KubeObject };

const GENERATE_NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_CONFLICT_RETRIES = 5;

export class Store {
  readonly prefix: string;
  readonly apiVersion: string;
  private readonly selectable: ReadonlySet<string>;

  constructor(
    readonly info: ResourceInfo,
    readonly storage: Storage,
    readonly strategy: Strategy,
    /** Set when this version is not the one stored: objects are converted on the way. */
    private readonly converter?: StorageConverter,
    /** Where the objects live; versions and groups that share a resource share it. */
    prefix = storagePrefix(info),
  ) {
    this.prefix = prefix;
    this.apiVersion = apiVersionOf(info);
    this.selectable = new Set(['metadata.name', 'metadata.namespace', ...strategy.selectableFields]);
  }

  get target() {
    return { group: this.info.group, resource: this.info.resource };
  }

  key(namespace: string | undefined, name: string): string {
    return this.info.namespaced ? `${this.prefix}${namespace}/${name}` : `${this.prefix}${name}`;
  }

  /** The prefix of all objects in a namespace (or all of them). */
  listPrefix(namespace: string | undefined): string {
    return this.info.namespaced && namespace ? `${this.prefix}${namespace}/` : this.prefix;
  }

  decode(kv: KeyValue): KubeObject {
    const stored = decodeStored(kv.value, kv.modRevision);
    return this.converter ? this.converter.fromStorage(stored) : stored;
  }

  private encode(object: KubeObject): Buffer {
    return encodeStored(this.converter ? this.converter.toStorage(object) : object);
  }

  /** An object as the JSON bytes a client gets: the stored bytes when no conversion applies. */
  served(kv: KeyValue): Buffer[] {
    return this.converter && !this.converter.storedAsServed?.(kv.value) ? [Buffer.from(JSON.stringify(this.decode(kv)))] : servedParts(kv.value, kv.modRevision);
  }

  /** Lets the answer to a write be the bytes it stored (see storedObject.ts). */
  private rememberServed(object: KubeObject, kv: KeyValue): void {
    if (!this.converter || this.converter.storedAsServed?.(kv.value)) rememberServed(object, servedParts(kv.value, kv.modRevision));
  }

  async get(namespace: string | undefined, name: string): Promise<KubeObject> {
    const kv = await this.storage.get(this.key(namespace, name));
    if (!kv) throw StatusError.notFound(this.target, name);
    return this.decode(kv);
  }

  /** One object as the JSON bytes a client gets. */
  async getBytes(namespace: string | undefined, name: string): Promise<Buffer> {
    const kv = await this.storage.get(this.key(namespace, name));
    if (!kv) throw StatusError.notFound(this.target, name);
    return Buffer.concat(this.served(kv));
  }

  async list(namespace: string | undefined, query: ListQuery = {}): Promise<ListResult> {
    const labels = LabelSelector.parse(query.labelSelector);
    const fields = FieldSelector.parse(query.fieldSelector, this.selectable, this.converter?.fieldLabel);
    const prefix = this.listPrefix(namespace);
    const limit = query.limit && query.limit > 0 ? query.limit : 0;
    let after: string | undefined;
    let revision: number | undefined;
    let notOlderThan: number | undefined;
    if (query.continue) {
      const position = decodeContinue(query.continue);
      revision = position.revision;
      after = prefix + position.after;
    } else if (query.resourceVersion !== undefined && query.resourceVersion !== '') {
      const rv = parseResourceVersion(query.resourceVersion);
      if (query.resourceVersionMatch === 'Exact') {
        if (rv === 0) throw StatusError.badRequest('resourceVersionMatch "Exact" is forbidden for resourceVersion "0"');
        revision = rv;
      } else {
        notOlderThan = rv;
      }
    } else if (query.resourceVersionMatch) {
      throw StatusError.badRequest(`resourceVersionMatch is forbidden unless resourceVersion is provided`);
    }

    const filtered = !labels.empty || !fields.empty;
    const kvs: KeyValue[] = [];
    const objects: KubeObject[] = [];
    let listRevision = 0;
    let remaining = 0;
    let lastKey: string | undefined;
    for (;;) {
      const page = await this.readPage(prefix, { revision, notOlderThan, after, limit: limit ? Math.max(limit - kvs.length, filtered ? 100 : 0) : 0 });
      // a backend (no watch cache in front) reads the latest, which may be older than asked
      if (notOlderThan !== undefined && page.revision < notOlderThan) {
        throw StatusError.timeout(`Too large resource version: ${notOlderThan}, current: ${page.revision}`);
      }
      listRevision = page.revision;
      revision ??= page.revision;
      notOlderThan = undefined;
      let index = 0;
      for (; index < page.kvs.length && !(limit && kvs.length === limit); index++) {
        const kv = page.kvs[index];
        lastKey = kv.key;
        if (!filtered) {
          kvs.push(kv);
          continue;
        }
        const object = this.decode(kv);
        if (this.matches(object, labels, fields)) {
          kvs.push(kv);
          objects.push(object);
        }
      }
      remaining = page.remaining + page.kvs.length - index;
      if (!limit || kvs.length === limit || remaining === 0) break;
      after = lastKey;
    }
    let items: KubeObject[] | undefined = filtered ? objects : undefined;
    const decode = (kv: KeyValue) => this.decode(kv);
    const result: ListResult = {
      kvs,
      get items() { return (items ??= kvs.map(decode)); },
      resourceVersion: String(listRevision),
    };
    if (limit && remaining > 0 && lastKey !== undefined) {
      result.continue = encodeContinue({ revision: listRevision, after: lastKey.slice(prefix.length) });
      if (!filtered) result.remainingItemCount = remaining;
    }
    return result;
  }

  private async readPage(prefix: string, options: { revision?: number; notOlderThan?: number; after?: string; limit: number }) {
    try {
      return await this.storage.list(prefix, options);
    } catch (error) {
      if (isStorageError(error, 'Compacted')) {
        throw StatusError.expired('The provided continue parameter is too old to display a consistent list result. ' +
          'You can start a new list without the continue parameter.');
      }
      if (isStorageError(error, 'FutureRevision')) {
        throw StatusError.timeout(`Too large resource version: ${options.revision ?? options.notOlderThan}, current: ${error.revision}`);
      }
      throw error;
    }
  }

  matches(object: KubeObject, labels: LabelSelector, fields: FieldSelector): boolean {
    return labels.matches(object.metadata.labels) && (fields.empty || fields.matches(this.fieldSet(object)));
  }

  fieldSet(object: KubeObject): Record<string, string> {
    return {
      'metadata.name': object.metadata.name ?? '',
      ...(this.info.namespaced ? { 'metadata.namespace': object.metadata.namespace ?? '' } : {}),
      ...this.strategy.fieldValues(object),
    };
  }

  selectors(query: ListQuery): { labels: LabelSelector; fields: FieldSelector } {
    return { labels: LabelSelector.parse(query.labelSelector), fields: FieldSelector.parse(query.fieldSelector, this.selectable, this.converter?.fieldLabel) };
  }

  async create(namespace: string | undefined, input: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    let object = clone(input);
    this.checkTypeAndNamespace(object, namespace);
    this.strategy.applyDefaults(object);
    if (options.fieldManager !== undefined) object = this.trackFields(undefined, object, options.fieldManager);
    const meta = object.metadata;
    if (!meta.name && meta.generateName) meta.name = meta.generateName + randomSuffix();
    if (!meta.name) {
      throw StatusError.invalid(this.info.kind, this.info.group, '', [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }],
        `${this.info.kind}${this.info.group ? '.' + this.info.group : ''} "" is invalid: metadata.name: Required value: name or generateName is required`);
    }
    meta.uid = randomUUID();
    meta.creationTimestamp = rfc3339();
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.selfLink;
    if (this.strategy.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    await this.strategy.prepareForCreate(object);
    const invalid = this.strategy.validateCreate(object);
    if (invalid) throw invalid;
    await this.strategy.beginCreate(object, Boolean(options.dryRun));
    let stored = false;
    try {
      if (options.dryRun) return object;
      const kv = await this.storage.create(this.key(namespace, meta.name), this.encode(object));
      stored = true;
      object.metadata.resourceVersion = String(kv.modRevision);
      this.rememberServed(object, kv);
      return object;
    } catch (error) {
      if (isStorageError(error, 'KeyExists')) throw StatusError.alreadyExists(this.target, meta.name);
      throw this.storageFailure(error);
    } finally {
      if (!stored && !options.dryRun) await this.strategy.rollbackCreate(object);
    }
  }

  /** Replaces an object (PUT). `subresource` 'status' changes only the status. */
  async update(namespace: string | undefined, name: string, input: KubeObject, options: WriteOptions & { subresource?: string } = {}): Promise<KubeObject> {
    const object = clone(input);
    this.checkTypeAndNamespace(object, namespace);
    if (object.metadata.name !== undefined && object.metadata.name !== name) {
      throw StatusError.badRequest('the name of the object (' + object.metadata.name + ') does not match the name on the URL (' + name + ')');
    }
    const expected = object.metadata.resourceVersion;
    return this.guaranteedUpdate(namespace, name, async (current) => {
      if (expected !== undefined && expected !== '' && expected !== current.metadata.resourceVersion) {
        throw StatusError.modified(this.target, name);
      }
      // each attempt changes what it is given: a retry starts again from the request's object
      return clone(object);
    }, options);
  }

  /** Reads the current object, lets `mutate` make the new one, and writes it with a
   * compare on the revision, retrying when another write got there first. `mutate` gets a copy
   * of the current object it may change and return; what it returns is changed in turn, so it
   * must not be shared with anything kept across attempts. */
  async guaranteedUpdate(namespace: string | undefined, name: string, mutate: (current: KubeObject) => Promise<KubeObject>, options: WriteOptions & { subresource?: string } = {}): Promise<KubeObject> {
    const key = this.key(namespace, name);
    for (let attempt = 0; ; attempt++) {
      const kv = await this.storage.get(key);
      if (!kv) throw StatusError.notFound(this.target, name);
      const current = this.decode(kv);
      let next = await mutate(clone(current));
      this.strategy.applyDefaults(next);
      if (options.fieldManager !== undefined) next = this.trackFields(current, next, options.fieldManager, options.subresource);
      await this.prepareUpdate(next, current, options.subresource);
      const invalid = !options.subresource ? this.strategy.validateUpdate(next, current)
        : options.subresource === 'status' ? this.strategy.validateStatusUpdate?.(next, current) : undefined;
      if (invalid) throw invalid;
      if (this.finalized(next)) {
        if (options.dryRun) return next;
        try {
          await this.storage.delete(key, kv.modRevision);
          await this.strategy.afterDelete(next);
          return next;
        } catch (error) {
          if (isStorageError(error, 'Conflict') && attempt < MAX_CONFLICT_RETRIES) continue;
          throw this.storageFailure(error);
        }
      }
      if (deepEqual({ ...next, metadata: { ...next.metadata, resourceVersion: undefined } },
        { ...current, metadata: { ...current.metadata, resourceVersion: undefined } })) {
        this.rememberServed(current, kv);
        return current;
      }
      const main = !options.subresource;
      if (main) await this.strategy.beginUpdate(next, current, Boolean(options.dryRun));
      if (options.dryRun) return next;
      let stored = false;
      let written: KeyValue;
      try {
        written = await this.storage.update(key, this.encode(next), kv.modRevision);
        stored = true;
        next.metadata.resourceVersion = String(written.modRevision);
      } catch (error) {
        if (isStorageError(error, 'Conflict') && attempt < MAX_CONFLICT_RETRIES) continue;
        if (isStorageError(error, 'Conflict')) throw StatusError.modified(this.target, name);
        throw this.storageFailure(error);
      } finally {
        if (!stored && main) await this.strategy.rollbackUpdate(next, current);
      }
      if (main) await this.strategy.afterUpdate(next, current);
      this.rememberServed(next, written);
      return next;
    }
  }

  /** Records which fields `manager` set (upstream's field manager, Update operation). */
  private trackFields(current: KubeObject | undefined, next: KubeObject, manager: string, subresource?: string): KubeObject {
    return updateManagedFields(current as unknown as JsonMap | undefined, next as unknown as JsonMap, manager, {
      apiVersion: this.apiVersion,
      kind: this.info.kind,
      subresource: subresource ?? '',
      resetFields: this.resetFields(subresource),
    }) as unknown as KubeObject;
  }

  /** Fields a write through this endpoint cannot own: status on the main resource of a kind
   * with a status subresource, everything but status through the status subresource. */
  resetFields(subresource?: string): string[][] {
    const hasStatus = this.info.subresources.some((s) => s.name === 'status');
    if (!hasStatus) return [];
    if (subresource !== 'status') return [['status']];
    const kept = this.strategy.statusMetadata;
    return kept === 'all' ? [['spec']] : kept === 'allButLabels' ? [['spec'], ['metadata', 'labels']] : [['spec'], ['metadata']];
  }

  /** Carries over what an update may not change, and bumps the generation. */
  private async prepareUpdate(next: KubeObject, current: KubeObject, subresource: string | undefined): Promise<void> {
    const meta = next.metadata;
    const old = current.metadata;
    meta.name = old.name;
    if (this.info.namespaced) meta.namespace = old.namespace;
    meta.uid = old.uid;
    meta.creationTimestamp = old.creationTimestamp;
    meta.resourceVersion = old.resourceVersion;
    if (old.deletionTimestamp) {
      meta.deletionTimestamp = old.deletionTimestamp;
      meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
    } else {
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
    }
    delete meta.selfLink;
    if (subresource === 'finalize') {
      const finalizers = (next.spec as { finalizers?: string[] } | undefined)?.finalizers;
      Object.keys(next).forEach((k) => { delete next[k]; });
      Object.assign(next, clone(current), { spec: { ...(current.spec as object), finalizers } });
      return;
    }
    if (subresource === 'status') {
      const status = next.status;
      Object.keys(next).forEach((k) => { if (k !== 'metadata' && k !== 'status') delete next[k]; });
      Object.assign(next, { ...current, metadata: this.statusWriteMetadata(meta, old), status });
      return;
    }
    // Other subresources (binding, ...) change exactly what their handler's mutation says.
    if (subresource) return;
    if (this.strategy.tracksGeneration) {
      meta.generation = (old.generation ?? 1) + (deepEqual(specOf(next), specOf(current)) ? 0 : 1);
    } else {
      delete meta.generation;
    }
    await this.strategy.prepareForUpdate(next, current);
  }

  /** The metadata a status write leaves: the old, or the new less what the strategy resets
   * (the generation never changes through /status). */
  private statusWriteMetadata(meta: KubeObject['metadata'], old: KubeObject['metadata']): KubeObject['metadata'] {
    const kept = this.strategy.statusMetadata;
    const metadata = kept === 'none' ? { ...old } : { ...meta, generation: old.generation, ...(kept === 'allButLabels' ? { labels: old.labels } : {}) };
    metadata.managedFields = meta.managedFields ?? old.managedFields;
    for (const key of ['generation', 'labels', 'managedFields'] as const) if (metadata[key] === undefined) delete metadata[key];
    return metadata;
  }

  /** An object being deleted whose finalizers are all gone is removed for good. */
  private finalized(object: KubeObject): boolean {
    return Boolean(object.metadata.deletionTimestamp) && (object.metadata.finalizers ?? []).length === 0 &&
      (object.metadata.deletionGracePeriodSeconds ?? 0) === 0 && !this.strategy.holdsOnDelete(object);
  }

  async delete(namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<DeleteResult> {
    const key = this.key(namespace, name);
    for (let attempt = 0; ; attempt++) {
      const kv = await this.storage.get(key);
      if (!kv) throw StatusError.notFound(this.target, name);
      const current = this.decode(kv);
      const pre = options.preconditions;
      if (pre?.uid && pre.uid !== current.metadata.uid) {
        throw StatusError.conflict(this.target, name,
          `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
      }
      if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
        throw StatusError.conflict(this.target, name,
          `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
      }
      const next = clone(current);
      const meta = next.metadata;
      const finalizers = new Set(meta.finalizers ?? []);
      if (options.propagationPolicy === 'Foreground') { finalizers.add('foregroundDeletion'); finalizers.delete('orphan'); }
      if (options.propagationPolicy === 'Orphan') { finalizers.add('orphan'); finalizers.delete('foregroundDeletion'); }
      if (options.propagationPolicy === 'Background') { finalizers.delete('orphan'); finalizers.delete('foregroundDeletion'); }
      const grace = this.strategy.gracePeriodSeconds(current, options.gracePeriodSeconds);
      const graceful = grace !== undefined && grace > 0;
      if (finalizers.size === 0 && !graceful && !this.strategy.holdsOnDelete(current)) {
        if (options.dryRun) return { deleted: true, object: current };
        try {
          const deleted = await this.storage.delete(key, kv.modRevision);
          await this.strategy.afterDelete(current);
          const object = this.decode({ ...deleted, modRevision: deleted.modRevision });
          return { deleted: true, object };
        } catch (error) {
          if (isStorageError(error, 'Conflict') && attempt < MAX_CONFLICT_RETRIES) continue;
          if (isStorageError(error, 'NotFound')) throw StatusError.notFound(this.target, name);
          throw this.storageFailure(error);
        }
      }
      // The object stays, marked for deletion, until its finalizers are done or its grace ends.
      this.strategy.prepareForDeletion(next);
      meta.finalizers = finalizers.size > 0 ? [...finalizers] : undefined;
      if (!meta.finalizers) delete meta.finalizers;
      const now = Date.now();
      if (!meta.deletionTimestamp) {
        meta.deletionTimestamp = rfc3339(new Date(now + (graceful ? grace * 1000 : 0)));
        meta.deletionGracePeriodSeconds = graceful ? grace : 0;
      } else if (graceful && grace < (meta.deletionGracePeriodSeconds ?? 0)) {
        meta.deletionTimestamp = rfc3339(new Date(now + grace * 1000));
        meta.deletionGracePeriodSeconds = grace;
      }
      if (deepEqual(next, current)) return { deleted: false, object: current };
      if (options.dryRun) return { deleted: false, object: next };
      try {
        const written = await this.storage.update(key, this.encode(next), kv.modRevision);
        next.metadata.resourceVersion = String(written.modRevision);
        return { deleted: false, object: next };
      } catch (error) {
        if (isStorageError(error, 'Conflict') && attempt < MAX_CONFLICT_RETRIES) continue;
        throw this.storageFailure(error);
      }
    }
  }

  async deleteCollection(namespace: string | undefined, query: ListQuery, options: DeleteOptions = {}): Promise<KubeObject[]> {
    const { items } = await this.list(namespace, { labelSelector: query.labelSelector, fieldSelector: query.fieldSelector });
    const results: KubeObject[] = [];
    for (const item of items) {
      try {
        results.push((await this.delete(item.metadata.namespace, item.metadata.name!, options)).object);
      } catch (error) {
        if (!(error instanceof StatusError && error.code === 404)) throw error;
      }
    }
    return results;
  }

  private checkTypeAndNamespace(object: KubeObject, namespace: string | undefined): void {
    if (!object || typeof object !== 'object' || Array.isArray(object)) throw StatusError.badRequest('the request body must be an object');
    if (object.metadata === undefined || object.metadata === null) object.metadata = {};
    if (object.kind !== undefined && object.kind !== this.info.kind) {
      throw StatusError.badRequest(`the kind of the object (${object.kind}) does not match the kind on the URL (${this.info.kind})`);
    }
    if (object.apiVersion !== undefined && object.apiVersion !== this.apiVersion) {
      throw StatusError.badRequest(`the API version in the data (${object.apiVersion}) does not match the expected API version (${this.apiVersion})`);
    }
    object.apiVersion = this.apiVersion;
    object.kind = this.info.kind;
    if (this.info.namespaced) {
      if (object.metadata.namespace && object.metadata.namespace !== namespace) {
        throw StatusError.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      object.metadata.namespace = namespace;
    } else {
      delete object.metadata.namespace;
    }
  }

  private storageFailure(error: unknown): Error {
    if (error instanceof StatusError) return error;
    if (isStorageError(error, 'TooLarge')) return StatusError.of(413, 'RequestEntityTooLarge', `etcdserver: request is too large`);
    if (isStorageError(error)) return StatusError.internal(error.message);
    return error as Error;
  }
}

/** The five characters generateName gets, as upstream picks them. */
export function randomSuffix(): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += GENERATE_NAME_CHARS[Math.floor(Math.random() * GENERATE_NAME_CHARS.length)];
  return suffix;
}

export function parseResourceVersion(text: string): number {
  if (!/^\d+$/.test(text)) {
    throw StatusError.badRequest(`Invalid value: "${text}": resourceVersion must be a non-negative integer`);
  }
  return Number(text);
}
