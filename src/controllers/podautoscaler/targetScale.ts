// The scale subresource of an HPA's target (Deployment, ReplicaSet, StatefulSet,
// ReplicationController): read it, and write a new spec.replicas through it.
import { AppsV1Api, CoreV1Api, type KubeConfig, type V1Scale } from '@kubernetes/client-node';

export class TargetScales {
  private readonly apps: AppsV1Api;
  private readonly core: CoreV1Api;

  constructor(kubeConfig: KubeConfig) {
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
    this.core = kubeConfig.makeApiClient(CoreV1Api);
  }

  async read(kind: string, namespace: string, name: string): Promise<V1Scale> {
    switch (kind) {
      case 'Deployment': return this.apps.readNamespacedDeploymentScale({ namespace, name });
      case 'ReplicaSet': return this.apps.readNamespacedReplicaSetScale({ namespace, name });
      case 'StatefulSet': return this.apps.readNamespacedStatefulSetScale({ namespace, name });
      case 'ReplicationController': return this.core.readNamespacedReplicationControllerScale({ namespace, name });
      default: throw new Error(`no scale subresource known for kind ${kind}`);
    }
  }

  async write(kind: string, scale: V1Scale, replicas: number): Promise<void> {
    const namespace = scale.metadata!.namespace!;
    const name = scale.metadata!.name!;
    const body: V1Scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name, namespace, resourceVersion: scale.metadata!.resourceVersion }, spec: { replicas } };
    switch (kind) {
      case 'Deployment': await this.apps.replaceNamespacedDeploymentScale({ namespace, name, body }); return;
      case 'ReplicaSet': await this.apps.replaceNamespacedReplicaSetScale({ namespace, name, body }); return;
      case 'StatefulSet': await this.apps.replaceNamespacedStatefulSetScale({ namespace, name, body }); return;
      case 'ReplicationController': await this.core.replaceNamespacedReplicationControllerScale({ namespace, name, body }); return;
      default: throw new Error(`no scale subresource known for kind ${kind}`);
    }
  }
}
