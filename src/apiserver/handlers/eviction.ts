// pods/eviction: deletes a pod unless the PodDisruptionBudget that selects it allows no more
// disruptions. An allowed eviction takes one disruption from the budget's status (recording the
// pod under disruptedPods, by compare-and-swap, so concurrent evictions cannot both take the
// last one) before the pod is deleted. Pods that are finished, Pending or already being
// deleted ignore budgets; an unready pod may go while the budget is otherwise met (or always,
// with unhealthyPodEvictionPolicy AlwaysAllow). Refusals are upstream's 429s.
import { LabelSelector, type StructuredSelector } from '../../registry/selectors/labelSelector.js';
import type { KubeObject } from '../../registry/object.js';
import type { Registries } from '../../registry/registries.js';
import type { DeleteOptions } from '../../registry/store.js';
import { StatusError } from '../../registry/statusError.js';

type Eviction = { metadata?: { name?: string }; deleteOptions?: DeleteOptions };
type BudgetStatus = {
  disruptionsAllowed?: number; currentHealthy?: number; desiredHealthy?: number; observedGeneration?: number;
  disruptedPods?: Record<string, string>; conditions?: Array<Record<string, unknown>>;
};
type Budget = KubeObject & { spec?: { selector?: StructuredSelector; unhealthyPodEvictionPolicy?: string }; status?: BudgetStatus };

const MAX_DISRUPTED_PODS = 2000;
const REFUSAL = "Cannot evict pod as it would violate the pod's disruption budget.";

function budgetRefusal(message: string): StatusError {
  return StatusError.of(429, 'TooManyRequests', REFUSAL, { causes: [{ reason: 'DisruptionBudget', message }] });
}

const isReady = (pod: KubeObject) =>
  ((pod.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** The budget's status with this pod's eviction taken from it, or the refusal. */
function takeDisruption(budget: Budget, podName: string): BudgetStatus {
  const status = budget.status ?? {};
  const name = budget.metadata.name!;
  if ((status.observedGeneration ?? 0) < (budget.metadata.generation ?? 0)) throw budgetRefusal(`The disruption budget ${name} is still being processed by the server.`);
  const allowed = status.disruptionsAllowed ?? 0;
  if (allowed < 0) throw StatusError.of(403, 'Forbidden', 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
    throw StatusError.of(403, 'Forbidden', 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  }
  if (allowed === 0) throw budgetRefusal(`The disruption budget ${name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`);
  const next: BudgetStatus = { ...status, disruptionsAllowed: allowed - 1, disruptedPods: { ...status.disruptedPods, [podName]: new Date().toISOString().replace(/\.\d+Z$/, 'Z') } };
  if (next.disruptionsAllowed === 0) {
    next.conditions = (status.conditions ?? []).map((c) => (c.type === 'DisruptionAllowed' && c.status !== 'False'
      ? { ...c, status: 'False', reason: 'InsufficientPods', message: '', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }
      : c));
  }
  return next;
}

export async function evictPod(registries: Registries, namespace: string, podName: string, eviction: Eviction, dryRun: boolean): Promise<void> {
  const pods = registries.store('', 'v1', 'pods')!;
  const pod = await pods.get(namespace, podName);
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  const ignoresBudgets = phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || Boolean(pod.metadata.deletionTimestamp);
  const deleteOptions = { ...eviction.deleteOptions, dryRun: dryRun || eviction.deleteOptions?.dryRun };
  if (!ignoresBudgets) {
    const budgets = registries.store('policy', 'v1', 'poddisruptionbudgets')!;
    const { items } = await budgets.list(namespace);
    const matching = (items as Budget[]).filter((b) => LabelSelector.fromStructured(b.spec?.selector)?.matches(pod.metadata.labels) ?? false);
    if (matching.length > 1) {
      throw StatusError.of(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    }
    const budget = matching[0];
    const status = budget?.status ?? {};
    const unhealthyMayGo = budget && !isReady(pod) && (budget.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow'
      || ((status.desiredHealthy ?? 0) > 0 && (status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0)));
    if (budget && !unhealthyMayGo) {
      if (deleteOptions.dryRun) takeDisruption(budget, podName);
      else await budgets.guaranteedUpdate(namespace, budget.metadata.name!, async (current) => ({ ...current, status: takeDisruption(current as Budget, podName) }), { subresource: 'status' });
    }
  }
  await pods.delete(namespace, podName, deleteOptions);
}
