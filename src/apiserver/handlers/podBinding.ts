// pods/binding (and the `bindings` resource): assigns a pending pod to a node, as the
// scheduler does. A pod that already has a node keeps it.
import { rfc3339, type KubeObject } from '../../registry/object.js';
import type { Store } from '../../registry/store.js';
import { StatusError } from '../../registry/statusError.js';

type Binding = { metadata?: { name?: string; annotations?: Record<string, string> }; target?: { kind?: string; name?: string } };
type Condition = { type: string; status: string; lastProbeTime: null; lastTransitionTime: string };

export async function bindPod(pods: Store, namespace: string, podName: string, binding: Binding, dryRun: boolean): Promise<void> {
  const node = binding.target?.name;
  if (!node || (binding.target?.kind && binding.target.kind !== 'Node')) {
    throw StatusError.invalid('Binding', '', podName, [{ reason: 'FieldValueRequired', message: 'Required value', field: 'target.name' }],
      `Binding "${podName}" is invalid: target.name: Required value`);
  }
  await pods.guaranteedUpdate(namespace, podName, async (pod: KubeObject) => {
    const spec = pod.spec as { nodeName?: string };
    if (pod.metadata.deletionTimestamp) {
      throw StatusError.conflict({ group: '', resource: 'pods/binding' }, podName, `pod ${podName} is being deleted, cannot be assigned to a host`);
    }
    if (spec.nodeName) {
      throw StatusError.conflict({ group: '', resource: 'pods/binding' }, podName, `pod ${podName} is already assigned to node "${spec.nodeName}"`);
    }
    spec.nodeName = node;
    pod.metadata.annotations = { ...pod.metadata.annotations, ...binding.metadata?.annotations };
    if (Object.keys(pod.metadata.annotations).length === 0) delete pod.metadata.annotations;
    const status = (pod.status ??= {}) as { conditions?: Condition[] };
    const scheduled: Condition = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339() };
    status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), scheduled];
    return pod;
  }, { dryRun, subresource: 'binding' });
}
