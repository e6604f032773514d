// Server-side apply bookkeeping is most of a cached object's heap: a pod's managedFields
// (3 KB of JSON) decodes into hundreds of small objects, about 10 KB, and every pod made from
// one template carries the same field sets. The cache keeps one frozen copy of each distinct
// `fieldsV1` tree and points every object's entry at it, so 10,000 such pods hold one tree, not
// 10,000. Objects in the cache must not be changed anyway; these shared trees cannot be.
// A tree is found by the SHA-256 digest of its JSON (equal digests are equal trees, as in any
// content-addressed store); the table holds trees weakly and forgets them once no cached
// object uses them.
import { createHash } from 'node:crypto';
import type { KubeObject } from './object.js';

const trees = new Map<string, WeakRef<object>>();
const forget = new FinalizationRegistry<string>((digest) => {
  if (trees.get(digest)?.deref() === undefined) trees.delete(digest);
});

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  for (const child of Object.values(value)) deepFreeze(child);
  Object.freeze(value);
}

function shared(tree: object): object {
  const digest = createHash('sha256').update(JSON.stringify(tree)).digest('base64');
  const known = trees.get(digest)?.deref();
  if (known !== undefined) return known;
  deepFreeze(tree);
  trees.set(digest, new WeakRef(tree));
  forget.register(tree, digest);
  return tree;
}

/** Points the object's managedFields entries at the shared copies of their field sets (in place:
 * the informer calls it on objects it has just decoded). */
export function shareManagedFields<T extends KubeObject>(object: T): T {
  const entries = object.metadata?.managedFields;
  if (!Array.isArray(entries)) return object;
  for (const entry of entries as Array<{ fieldsV1?: unknown }>) {
    const tree = entry?.fieldsV1;
    if (tree !== null && typeof tree === 'object' && !Object.isFrozen(entry)) entry.fieldsV1 = shared(tree);
  }
  return object;
}
