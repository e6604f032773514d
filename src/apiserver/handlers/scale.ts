// The `scale` subresource: an autoscaling/v1 Scale view of a workload's replicas.
import type { KubeObject } from '../../registry/object.js';
import type { Store } from '../../registry/store.js';
import { StatusError } from '../../registry/statusError.js';
import { LabelSelector, type StructuredSelector } from '../../registry/selectors/labelSelector.js';

function selectorString(selector: StructuredSelector | undefined): string {
  if (!selector) return '';
  const parsed = LabelSelector.fromStructured(selector);
  return (parsed?.requirements ?? []).map((r) => {
    switch (r.operator) {
      case 'in': return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
      case 'notin': return `${r.key} notin (${r.values.join(',')})`;
      case 'exists': return r.key;
      case '!': return `!${r.key}`;
      default: return '';
    }
  }).join(',');
}

export function toScale(object: KubeObject): KubeObject {
  const spec = (object.spec ?? {}) as { replicas?: number; selector?: StructuredSelector | Record<string, string> };
  const status = (object.status ?? {}) as { replicas?: number };
  // ReplicationControllers have a plain map selector; the rest a LabelSelector.
  const selector = spec.selector && !('matchLabels' in spec.selector || 'matchExpressions' in spec.selector)
    ? selectorString({ matchLabels: spec.selector as Record<string, string> })
    : selectorString(spec.selector as StructuredSelector | undefined);
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, ...(selector ? { selector } : {}) },
  };
}

/** Applies a Scale's spec.replicas to the workload, honouring its resourceVersion. */
export async function updateScale(store: Store, namespace: string | undefined, name: string, scale: KubeObject, dryRun: boolean): Promise<KubeObject> {
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw StatusError.invalid('Scale', 'autoscaling', name, [{ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0`, field: 'spec.replicas' }],
      `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0`);
  }
  const expected = scale.metadata?.resourceVersion;
  const updated = await store.guaranteedUpdate(namespace, name, async (current) => {
    if (expected && expected !== current.metadata.resourceVersion) throw StatusError.modified({ group: 'autoscaling', resource: 'scale' }, name);
    return { ...current, spec: { ...(current.spec as object), replicas } };
  }, { dryRun });
  return toScale(updated);
}
