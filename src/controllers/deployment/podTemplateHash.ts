// The pod-template-hash label a Deployment puts on each of its ReplicaSets (and, through their
// templates, on their pods and in their selectors) so that ReplicaSets of different templates
// never select each other's pods; the ReplicaSet is named `<deployment>-<hash>` (the hash is
// common/templateHash's ComputeHash of the Deployment's template and collision count). A
// ReplicaSet is the Deployment's current one when their templates are equal but for that
// label, empty values counting as absent (as Go's semantic equality has it).
import type { V1LabelSelector, V1PodTemplateSpec } from '@kubernetes/client-node';

export const POD_TEMPLATE_HASH = 'pod-template-hash';

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
