// The pod-template-hash: the label a Deployment puts on each of its ReplicaSets (and, through
// their templates, on their pods and in their selectors) so that ReplicaSets of different
// templates never select each other's pods; the ReplicaSet is named `<deployment>-<hash>`.
// As upstream: a 32-bit FNV-1a hash of the pod template (here its canonical JSON: keys sorted,
// empty values left out), then of the collision count as 8 little-endian bytes when set,
// printed in decimal and each digit mapped onto upstream's consonant-and-digit alphabet
// (bcdfghjklmnpqrstvwxz2456789), so labels look like kubectl users expect (`5d9c8b7f6`).
import type { V1LabelSelector, V1PodTemplateSpec } from '@kubernetes/client-node';

export const POD_TEMPLATE_HASH = 'pod-template-hash';

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv32a(bytes: Uint8Array, hash = FNV_OFFSET): number {
  let h = hash;
  for (const byte of bytes) {
    h ^= byte;
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

/** JSON with object keys sorted and empty objects, arrays and nulls left out (nil = empty). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value)) ?? 'null';
}

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace(/\.\d+Z$/, 'Z');
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((item) => canonical(item) ?? null);
  if (value === null || typeof value !== 'object') return value ?? undefined;
  const entries = Object.keys(value).sort()
    .map((key) => [key, canonical((value as Record<string, unknown>)[key])] as const)
    .filter(([, item]) => item !== undefined);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** Upstream's rand.SafeEncodeString: each character mapped onto ALPHANUMS. */
export function safeEncode(text: string): string {
  return [...text].map((char) => ALPHANUMS[char.charCodeAt(0) % ALPHANUMS.length]).join('');
}

export function computeHash(template: V1PodTemplateSpec | undefined, collisionCount?: number): string {
  let hash = fnv32a(new TextEncoder().encode(canonicalJson(template ?? {})));
  if (collisionCount !== undefined && collisionCount !== null) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32a(bytes, hash);
  }
  return safeEncode(String(hash));
}

/** The template without the pod-template-hash label. */
function withoutHash(template: V1PodTemplateSpec | undefined): V1PodTemplateSpec {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH];
  return copy;
}

/** Whether two templates are the same but for the pod-template-hash label (upstream's EqualIgnoreHash). */
export function equalIgnoreHash(a: V1PodTemplateSpec | undefined, b: V1PodTemplateSpec | undefined): boolean {
  return canonicalJson(withoutHash(a)) === canonicalJson(withoutHash(b));
}

export function withHashLabel(labels: Record<string, string> | undefined, hash: string): Record<string, string> {
  return { ...labels, [POD_TEMPLATE_HASH]: hash };
}

export function selectorWithHash(selector: V1LabelSelector | undefined, hash: string): V1LabelSelector {
  const copy = structuredClone(selector ?? {});
  copy.matchLabels = withHashLabel(copy.matchLabels, hash);
  return copy;
}
