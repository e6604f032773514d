// The short hash controllers name template versions by (pod-template-hash, controller-revision-
// hash, ControllerRevision names), as upstream's ComputeHash: FNV-1a (32 bits) of the object
// (here its JSON with sorted keys) and of the collision count when there is one, the decimal
// number then spelled in the consonants and digits of upstream's SafeEncodeString.

const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

function fnv1a32(bytes: Uint8Array, hash = 0x811c9dc5): number {
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

export function safeEncodeString(text: string): string {
  return [...text].map((c) => SAFE_ALPHANUMS[c.charCodeAt(0) % SAFE_ALPHANUMS.length]).join('');
}

export function computeHash(object: unknown, collisionCount?: number): string {
  let hash = fnv1a32(Buffer.from(sortedJson(object), 'utf8'));
  if (collisionCount !== undefined && collisionCount !== null) {
    // Upstream writes the count as 8 bytes: a little-endian uint32 and four zeros.
    const bytes = Buffer.alloc(8);
    bytes.writeUInt32LE(collisionCount >>> 0);
    hash = fnv1a32(bytes, hash);
  }
  return safeEncodeString(String(hash));
}
