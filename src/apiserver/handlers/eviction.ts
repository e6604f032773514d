// pods/eviction: deletes a pod unless a PodDisruptionBudget that selects it allows no more
// disruptions, in which case the answer is 429 and the pod stays.
import { LabelSelector, type StructuredSelector } from '../../registry/selectors/labelSelector.js';
import type { Registries } from '../../registry/registries.js';
import type { DeleteOptions } from '../../registry/store.js';
import { StatusError } from '../../registry/statusError.js';

type Eviction = { metadata?: { name?: string }; deleteOptions?: DeleteOptions };
type Budget = { metadata: { name?: string }; spec?: { selector?: StructuredSelector }; status?: { disruptionsAllowed?: number } };

export async function evictPod(registries: Registries, namespace: string, podName: string, eviction: Eviction, dryRun: boolean): Promise<void> {
  const pods = registries.store('', 'v1', 'pods')!;
  const pod = await pods.get(namespace, podName);
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp) {
    const budgets = registries.store('policy', 'v1', 'poddisruptionbudgets')!;
    const { items } = await budgets.list(namespace);
    const matching = (items as Budget[]).filter((b) => LabelSelector.fromStructured(b.spec?.selector)?.matches(pod.metadata.labels) ?? false);
    if (matching.length > 1) {
      throw StatusError.of(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    }
    const budget = matching[0];
    if (budget && (budget.status?.disruptionsAllowed ?? 0) <= 0) {
      const error = StatusError.tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", 10);
      error.status.details = { ...error.status.details, causes: [{ reason: 'DisruptionBudget', message: `The disruption budget ${budget.metadata.name} needs ${0} healthy pods and has ${0} currently` }] };
      throw error;
    }
  }
  await pods.delete(namespace, podName, { ...eviction.deleteOptions, dryRun: dryRun || eviction.deleteOptions?.dryRun });
}
