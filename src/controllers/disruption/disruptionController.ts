// The disruption controller (upstream's `disruption-controller`, events from
// `controllermanager`): each PodDisruptionBudget's status — the matching pods expected and how
// many must stay healthy (expectedPods.ts), how many are healthy now (Ready, not being deleted,
// not just evicted), the disruptions allowed and the DisruptionAllowed condition. The eviction
// subresource reads it and records the pods it evicts under disruptedPods, which this
// controller drops once the pod is going or two minutes have passed.
import { isDeepStrictEqual } from 'node:util';
import { PolicyV1Api, PatchStrategy, setHeaderOptions, type V1Condition, type V1Pod, type V1PodDisruptionBudget } from '@kubernetes/client-node';
import { NAMESPACE_INDEX, type KubeObject } from '../../runtime/cache/index.js';
import type { Controller, Request } from '../../runtime/controller/index.js';
import { setStatusCondition } from '../../runtime/controllerutil/index.js';
import { EventRecorder } from '../../runtime/events/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import { selectorMatches } from '../common/labelSelector.js';
import { isPodReady } from '../common/podReadiness.js';
import { expectedPods } from './expectedPods.js';

const DELETION_TIMEOUT_MS = 2 * 60_000;
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export function addDisruptionController(manager: Manager): Controller {
  const policy = manager.kubeConfig.makeApiClient(PolicyV1Api);
  const events = new EventRecorder(manager.kubeConfig, { component: 'controllermanager' });
  const budgets = manager.informers.forResource('/apis/policy/v1/poddisruptionbudgets').store;
  const pods = manager.informers.forResource('/api/v1/pods').store;
  const sources = {
    replicasets: manager.informers.forResource('/apis/apps/v1/replicasets').store,
    deployments: manager.informers.forResource('/apis/apps/v1/deployments').store,
    statefulsets: manager.informers.forResource('/apis/apps/v1/statefulsets').store,
    replicationcontrollers: manager.informers.forResource('/api/v1/replicationcontrollers').store,
  };
  const budgetsOf = (object: KubeObject): Request[] => {
    const namespace = object.metadata?.namespace ?? '';
    return (budgets.byIndex(NAMESPACE_INDEX, namespace) as V1PodDisruptionBudget[])
      .filter((budget) => selectorMatches(budget.spec?.selector, object.metadata?.labels))
      .map((budget) => ({ namespace, name: budget.metadata!.name! }));
  };
  const allBudgetsOf = (object: KubeObject): Request[] => {
    const namespace = object.metadata?.namespace ?? '';
    return budgets.byIndex(NAMESPACE_INDEX, namespace).map((budget) => ({ namespace, name: budget.metadata!.name! }));
  };
  return manager.controller()
    .named('disruption')
    .for('/apis/policy/v1/poddisruptionbudgets')
    .watches('/api/v1/pods', budgetsOf)
    .watches('/apis/apps/v1/replicasets', allBudgetsOf)
    .watches('/apis/apps/v1/deployments', allBudgetsOf)
    .watches('/apis/apps/v1/statefulsets', allBudgetsOf)
    .watches('/api/v1/replicationcontrollers', allBudgetsOf)
    .complete(async ({ namespace, name }) => {
      const budget = budgets.get(`${namespace}/${name}`) as V1PodDisruptionBudget | undefined;
      if (!budget) return;
      const ref = { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', namespace, name, uid: budget.metadata!.uid };
      const matching = (pods.byIndex(NAMESPACE_INDEX, namespace!) as V1Pod[]).filter((pod) => selectorMatches(budget.spec?.selector, pod.metadata?.labels));
      if (matching.length === 0) events.event(ref, 'Normal', 'NoPods', 'No matching pods found');
      const now = Date.now();
      // Evicted pods stay counted as disrupted until they are going, for at most two minutes.
      const disruptedPods: Record<string, string> = {};
      let nextExpiry = Infinity;
      for (const [podName, at] of Object.entries((budget.status?.disruptedPods ?? {}) as Record<string, unknown>)) {
        const pod = matching.find((p) => p.metadata?.name === podName);
        const expires = new Date(at as string).getTime() + DELETION_TIMEOUT_MS;
        if (!pod || pod.metadata?.deletionTimestamp || expires <= now) continue;
        disruptedPods[podName] = new Date(at as string).toISOString().replace(/\.\d+Z$/, 'Z');
        nextExpiry = Math.min(nextExpiry, expires);
      }
      const conditions = (budget.status?.conditions ?? []).map((c) => ({ ...c })) as V1Condition[];
      let counts: { expectedCount: number; desiredHealthy: number };
      try {
        counts = expectedPods(budget, matching, sources);
      } catch (error) {
        const message = `Failed to calculate the number of expected pods: ${(error as Error).message}`;
        events.event(ref, 'Warning', 'CalculateExpectedPodCountFailed', message);
        setStatusCondition(conditions, { type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: (error as Error).message, observedGeneration: budget.metadata!.generation });
        await writeStatus(policy, budget, { disruptionsAllowed: 0, conditions });
        return;
      }
      const currentHealthy = matching.filter((pod) => isPodReady(pod) && !pod.metadata?.deletionTimestamp && !(pod.metadata!.name! in disruptedPods)).length;
      const disruptionsAllowed = Math.max(0, currentHealthy - counts.desiredHealthy);
      setStatusCondition(conditions, disruptionsAllowed > 0
        ? { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: budget.metadata!.generation }
        : { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: budget.metadata!.generation });
      await writeStatus(policy, budget, {
        currentHealthy, desiredHealthy: counts.desiredHealthy, disruptionsAllowed, expectedPods: counts.expectedCount,
        disruptedPods: Object.keys(disruptedPods).length ? disruptedPods : undefined, observedGeneration: budget.metadata!.generation, conditions,
      });
      return nextExpiry === Infinity ? undefined : { requeueAfter: nextExpiry - now + 100 };
    });
}

async function writeStatus(policy: PolicyV1Api, budget: V1PodDisruptionBudget, status: Record<string, unknown>): Promise<void> {
  const current = (budget.status ?? {}) as Record<string, unknown>;
  const next = { ...current, ...status };
  if (status.disruptedPods === undefined) delete next.disruptedPods;
  if (isDeepStrictEqual(JSON.parse(JSON.stringify(current)), JSON.parse(JSON.stringify(next)))) return;
  await policy.patchNamespacedPodDisruptionBudgetStatus({
    namespace: budget.metadata!.namespace!, name: budget.metadata!.name!,
    body: { metadata: { resourceVersion: budget.metadata!.resourceVersion }, status: { ...next, disruptedPods: (next.disruptedPods as object | undefined) ?? null } },
  }, mergePatch);
}
