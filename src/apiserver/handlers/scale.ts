// The `scale` subresource: an autoscaling/v1 Scale view of a resource's replicas. Built-in
// workloads keep them at spec.replicas (the selector at spec.selector); custom resources where
// their definition's scale paths say (`.spec.replicas`, `.status.replicas`, `.status.selector`).
import type { ResourceInfo } from '../../registry/catalog.js';
import { scaleValues, setValueAt } from '../../registry/customresources/index.js';
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

/** The replicas and selector of a built-in workload. */
function workloadValues(object: KubeObject): { spec: number; status: number; selector: string } {
  const spec = (object.spec ?? {}) as { replicas?: number; selector?: StructuredSelector | Record<string, string> };
  const status = (object.status ?? {}) as { replicas?: number };
  // ReplicationControllers have a plain map selector; the rest a LabelSelector.
  const selector = spec.selector && !('matchLabels' in spec.selector || 'matchExpressions' in spec.selector)
    ? selectorString({ matchLabels: spec.selector as Record<string, string> })
    : selectorString(spec.selector as StructuredSelector | undefined);
  return { spec: spec.replicas ?? 0, status: status.replicas ?? 0, selector };
}

/** What a custom object without spec replicas shows a patch (upstream's marker: the patch
 * must set them). */
const UNSET_REPLICAS = -2147483648;

/** The Scale of an object. A custom object without spec replicas has none to read (an internal
 * error, as upstream); for patching, its Scale carries the unset marker instead. */
export function toScale(info: ResourceInfo, object: KubeObject, forPatch = false): KubeObject {
  let values = workloadValues(object);
  if (info.scale) {
    const { specFound, ...found } = scaleValues(object, info.scale);
    if (!specFound && !forPatch) throw StatusError.internal(`the spec replicas field ${JSON.stringify(info.scale.specReplicasPath)} does not exist`);
    values = { ...found, spec: specFound ? found.spec : UNSET_REPLICAS };
  }
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: values.spec },
    status: { replicas: values.status, ...(values.selector ? { selector: values.selector } : {}) },
  };
}

/** The object with a Scale's spec.replicas (0 when absent, as a Scale decodes) written where
 * the resource keeps them. */
export function withReplicas(info: ResourceInfo, object: KubeObject, scale: KubeObject): KubeObject {
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas ?? 0;
  if (!info.scale) return { ...object, spec: { ...(object.spec as object), replicas } };
  if (replicas === UNSET_REPLICAS) {
    throw StatusError.badRequest(`the spec replicas field ${JSON.stringify(info.scale.specReplicasPath)} cannot be empty`);
  }
  const next = structuredClone(object);
  setValueAt(next, info.scale.specReplicasPath, replicas);
  return next;
}

/** Applies a Scale's spec.replicas to the object, honouring its resourceVersion. */
export async function updateScale(store: Store, namespace: string | undefined, name: string, scale: KubeObject, dryRun: boolean): Promise<KubeObject> {
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas ?? 0;
  // A custom object's own validation judges negative replicas (upstream's words for them).
  const negativeAllowed = store.info.scale !== undefined && typeof replicas === 'number' && Number.isInteger(replicas);
  if (!negativeAllowed && (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)) {
    throw StatusError.invalid('Scale', 'autoscaling', name, [{ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0`, field: 'spec.replicas' }],
      `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0`);
  }
  const expected = scale.metadata?.resourceVersion;
  const updated = await store.guaranteedUpdate(namespace, name, async (current) => {
    if (expected && expected !== current.metadata.resourceVersion) throw StatusError.modified(store.target, name);
    return withReplicas(store.info, current, scale);
  }, { dryRun });
  return toScale(store.info, updated);
}
