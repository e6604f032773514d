// A Job's podFailurePolicy, as upstream evaluates it on each failed pod: the first rule that
// matches decides — onExitCodes (a container, or the named one, that terminated with a non-zero
// code In/NotIn the values) or onPodConditions (a condition of that type and status) — and its
// action is FailJob (the Job fails at once, with upstream's message), Ignore (the failure is not
// counted toward backoffLimit) or Count (counted as usual).
import type { V1Job, V1Pod } from '@kubernetes/client-node';

export type FailurePolicyAction = 'FailJob' | 'Ignore' | 'Count' | 'FailIndex';

export interface FailurePolicyMatch {
  action: FailurePolicyAction;
  message: string;
}

export function matchPodFailurePolicy(job: V1Job, pod: V1Pod): FailurePolicyMatch | undefined {
  if (pod.status?.phase !== 'Failed') return undefined;
  const { namespace, name } = pod.metadata ?? {};
  const rules = job.spec?.podFailurePolicy?.rules ?? [];
  for (const [index, rule] of rules.entries()) {
    const action = rule.action as FailurePolicyAction;
    const codes = rule.onExitCodes;
    if (codes) {
      const statuses = [...(pod.status.containerStatuses ?? []), ...(pod.status.initContainerStatuses ?? [])];
      const container = statuses.find((status) => {
        const code = status.state?.terminated?.exitCode;
        if (code === undefined || code === 0) return false;
        if (codes.containerName && codes.containerName !== status.name) return false;
        return codes.operator === 'In' ? codes.values.includes(code) : !codes.values.includes(code);
      });
      if (container) {
        return { action, message: `Container ${container.name} for pod ${namespace}/${name} failed with exit code ${container.state!.terminated!.exitCode} matching ${action} rule at index ${index}` };
      }
    }
    for (const pattern of rule.onPodConditions ?? []) {
      const condition = pod.status.conditions?.find((c) => c.type === pattern.type && c.status === (pattern.status ?? 'True'));
      if (condition) return { action, message: `Pod ${namespace}/${name} has condition ${condition.type} matching ${action} rule at index ${index}` };
    }
  }
  return undefined;
}
