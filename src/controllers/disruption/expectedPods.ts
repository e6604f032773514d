// How many pods a PodDisruptionBudget expects and needs healthy, as upstream's disruption
// controller counts: an integer minAvailable needs that many of the matching pods; a percentage
// minAvailable or any maxUnavailable is taken of the replicas the pods' controllers ask for
// (a ReplicaSet's Deployment, a StatefulSet, a ReplicationController).
import type { V1PodDisruptionBudget, V1Pod } from '@kubernetes/client-node';
import type { IndexReader, KubeObject } from '../../runtime/cache/index.js';

export interface ScaleSources {
  replicasets: IndexReader<KubeObject>;
  deployments: IndexReader<KubeObject>;
  statefulsets: IndexReader<KubeObject>;
  replicationcontrollers: IndexReader<KubeObject>;
}

type Replicated = KubeObject & { spec?: { replicas?: number } };

/** An int-or-percent of `total`: percentages rounded up. */
function scaled(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value);
  if (!match) throw new Error(`invalid value for IntOrString: invalid value "${value}": must be an integer or a percentage`);
  return Math.ceil((Number(match[1]) * total) / 100);
}

/** The replicas the pods' controllers want, each controller counted once. */
function controllersScale(pods: V1Pod[], sources: ScaleSources): number {
  const seen = new Map<string, number>();
  for (const pod of pods) {
    const ref = pod.metadata?.ownerReferences?.find((r) => r.controller);
    if (!ref) throw new Error(`found no controllers for pod "${pod.metadata?.name}"`);
    const key = (name: string) => `${pod.metadata!.namespace}/${name}`;
    let owner: Replicated | undefined;
    if (ref.kind === 'ReplicaSet') {
      const replicaSet = sources.replicasets.get(key(ref.name)) as Replicated | undefined;
      const deploymentRef = replicaSet?.metadata?.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
      owner = deploymentRef ? sources.deployments.get(key(deploymentRef.name)) as Replicated | undefined : replicaSet;
    } else if (ref.kind === 'StatefulSet') owner = sources.statefulsets.get(key(ref.name)) as Replicated | undefined;
    else if (ref.kind === 'ReplicationController') owner = sources.replicationcontrollers.get(key(ref.name)) as Replicated | undefined;
    else throw new Error(`found no controllers for pod "${pod.metadata?.name}"`);
    if (owner?.metadata?.uid) seen.set(owner.metadata.uid, owner.spec?.replicas ?? 1);
  }
  return [...seen.values()].reduce((a, b) => a + b, 0);
}

export function expectedPods(budget: V1PodDisruptionBudget, pods: V1Pod[], sources: ScaleSources): { expectedCount: number; desiredHealthy: number } {
  const { minAvailable, maxUnavailable } = budget.spec ?? {};
  if (maxUnavailable !== undefined) {
    const expectedCount = controllersScale(pods, sources);
    return { expectedCount, desiredHealthy: Math.max(0, expectedCount - scaled(maxUnavailable, expectedCount)) };
  }
  if (typeof minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: minAvailable };
  if (typeof minAvailable === 'string') {
    const expectedCount = controllersScale(pods, sources);
    return { expectedCount, desiredHealthy: scaled(minAvailable, expectedCount) };
  }
  return { expectedCount: pods.length, desiredHealthy: pods.length };
}
