// How objects are kept in storage: JSON whose metadata holds an empty resourceVersion slot
// (where Go's encoding puts the field: after uid). The revision is the resourceVersion, known
// only once the write is stored; a read splices it into the slot, so serving an object needs
// no parsing and no re-encoding. An object a write just stored remembers its bytes, so the
// answer to the write is those bytes too.
import type { KubeObject } from './object.js';

const SLOT = Buffer.from('"resourceVersion":""');
const BEFORE_SLOT = ['name', 'generateName', 'namespace', 'selfLink', 'uid'];
const PLACED = new Set([...BEFORE_SLOT, 'resourceVersion']);

/** The bytes to store: apiVersion, kind and metadata first, the slot in metadata. */
export function encodeStored(object: KubeObject): Buffer {
  const metadata = object.metadata as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const field of BEFORE_SLOT) {
    const value = metadata[field];
    if (value !== undefined) ordered[field] = value;
  }
  ordered.resourceVersion = '';
  for (const field in metadata) {
    if (!PLACED.has(field)) ordered[field] = metadata[field];
  }
  const stored: Record<string, unknown> = { apiVersion: object.apiVersion, kind: object.kind, metadata: ordered };
  for (const field in object) {
    if (field !== 'apiVersion' && field !== 'kind' && field !== 'metadata') stored[field] = object[field];
  }
  return Buffer.from(JSON.stringify(stored));
}

/** The stored bytes with the revision in place: the object as served. */
export function withResourceVersion(stored: Buffer, revision: number): Buffer {
  return Buffer.concat(servedParts(stored, revision));
}

/** The same as pieces to write one after another (no copy of the stored bytes). */
export function servedParts(stored: Buffer, revision: number): Buffer[] {
  const at = stored.indexOf(SLOT);
  if (at < 0) return [Buffer.from(JSON.stringify(decodeStored(stored, revision)))];
  return [stored.subarray(0, at), Buffer.from(`"resourceVersion":"${revision}"`), stored.subarray(at + SLOT.length)];
}

export function decodeStored(stored: Buffer, revision: number): KubeObject {
  const object = JSON.parse(stored.toString()) as KubeObject;
  object.metadata.resourceVersion = String(revision);
  return object;
}

/** The JSON of objects a write stored (or found unchanged), as served. */
const servedBytes = new WeakMap<KubeObject, Buffer[]>();

/** Remembers that `object`, as it is now and must stay, is served as these bytes. */
export function rememberServed(object: KubeObject, served: Buffer[]): void {
  servedBytes.set(object, served);
}

/** The JSON bytes of an object a store wrote or read, when it remembers them. */
export function servedBytesOf(object: object): Buffer[] | undefined {
  return servedBytes.get(object as KubeObject);
}
