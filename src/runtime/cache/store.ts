// The informer's cache: objects keyed `namespace/name` with secondary indexes kept in step on
// every write. Every method is synchronous, so each runs whole between two turns of the event
// loop: a reader never sees a half-applied write, whatever async code interleaves. `replace`
// swaps in a relisted state and returns the deltas that take the old contents to the new one.
import type { IndexFunc } from './indexers.js';
import { objectKey, resourceVersionOf, type KubeObject } from './object.js';

export type Delta<T extends KubeObject = KubeObject> =
  | { type: 'add'; object: T }
  | { type: 'update'; object: T; old: T }
  /** `finalStateUnknown`: the object vanished while no watch was looking (seen in a relist):
   * `object` is its last known state, not its state at deletion. */
  | { type: 'delete'; object: T; finalStateUnknown: boolean };

/** The read side, what handlers and controllers get. */
export interface Store<T extends KubeObject = KubeObject> {
  get(key: string): T | undefined;
  list(): T[];
  keys(): string[];
  readonly size: number;
}

export interface IndexReader<T extends KubeObject = KubeObject> extends Store<T> {
  byIndex(indexName: string, value: string): T[];
  indexKeys(indexName: string, value: string): string[];
  indexNames(): string[];
}

export class Indexer<T extends KubeObject = KubeObject> implements IndexReader<T> {
  private readonly items = new Map<string, T>();
  private readonly indexFuncs = new Map<string, IndexFunc<T>>();
  /** index name → index value → keys */
  private readonly indexes = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Record<string, IndexFunc<T>> = {}, private readonly keyOf: (object: T) => string = objectKey) {
    for (const [name, fn] of Object.entries(indexers)) this.addIndex(name, fn);
  }

  /** Adds an index; existing objects are indexed at once. */
  addIndex(name: string, fn: IndexFunc<T>): void {
    if (this.indexFuncs.has(name)) throw new Error(`index ${name} already exists`);
    this.indexFuncs.set(name, fn);
    const index = new Map<string, Set<string>>();
    this.indexes.set(name, index);
    for (const [key, object] of this.items) this.indexInto(index, fn, key, object);
  }

  get size(): number {
    return this.items.size;
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  getByObject(object: T): T | undefined {
    return this.items.get(this.keyOf(object));
  }

  list(): T[] {
    return [...this.items.values()];
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  indexNames(): string[] {
    return [...this.indexFuncs.keys()];
  }

  indexKeys(indexName: string, value: string): string[] {
    const index = this.indexes.get(indexName);
    if (!index) throw new Error(`index ${indexName} does not exist`);
    return [...(index.get(value) ?? [])];
  }

  byIndex(indexName: string, value: string): T[] {
    return this.indexKeys(indexName, value).map((key) => this.items.get(key)!);
  }

  /** Adds or replaces an object; returns the previous one. */
  upsert(object: T): T | undefined {
    const key = this.keyOf(object);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.set(key, object);
    this.index(key, object);
    return old;
  }

  /** Removes an object by its key; returns what was stored. */
  delete(object: T): T | undefined {
    const key = this.keyOf(object);
    const old = this.items.get(key);
    if (!old) return undefined;
    this.unindex(key, old);
    this.items.delete(key);
    return old;
  }

  /** Replaces the whole contents. Deltas: `add` for new keys, `update` for keys whose
   * resourceVersion changed, `delete` (final state unknown) for keys no longer present. */
  replace(objects: readonly T[]): Delta<T>[] {
    const deltas: Delta<T>[] = [];
    const incoming = new Map<string, T>();
    for (const object of objects) incoming.set(this.keyOf(object), object);
    for (const [key, old] of this.items) {
      if (!incoming.has(key)) deltas.push({ type: 'delete', object: old, finalStateUnknown: true });
    }
    for (const [key, object] of incoming) {
      const old = this.items.get(key);
      if (!old) deltas.push({ type: 'add', object });
      else if (resourceVersionOf(old) !== resourceVersionOf(object)) deltas.push({ type: 'update', object, old });
    }
    this.items.clear();
    for (const index of this.indexes.values()) index.clear();
    for (const [key, object] of incoming) {
      this.items.set(key, object);
      this.index(key, object);
    }
    return deltas;
  }

  private index(key: string, object: T): void {
    for (const [name, fn] of this.indexFuncs) this.indexInto(this.indexes.get(name)!, fn, key, object);
  }

  private indexInto(index: Map<string, Set<string>>, fn: IndexFunc<T>, key: string, object: T): void {
    for (const value of new Set(fn(object))) {
      let keys = index.get(value);
      if (!keys) index.set(value, (keys = new Set()));
      keys.add(key);
    }
  }

  private unindex(key: string, object: T): void {
    for (const [name, fn] of this.indexFuncs) {
      const index = this.indexes.get(name)!;
      for (const value of new Set(fn(object))) {
        const keys = index.get(value);
        if (!keys) continue;
        keys.delete(key);
        if (keys.size === 0) index.delete(value);
      }
    }
  }
}
