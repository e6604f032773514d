// The two kinds the replica controller serves, as upstream runs one ReplicaSet controller for
// both: apps/v1 ReplicaSets (selector: a LabelSelector) and core/v1 ReplicationControllers
// (selector: a plain label map). Each says where it lives, its controller and event source
// names, how to read its selector, and how to re-read it and write its status.
import {
  AppsV1Api, CoreV1Api, type KubeConfig, type V1LabelSelector, type V1ReplicaSet, type V1ReplicationController,
} from '@kubernetes/client-node';
import type { KindRef } from '../common/index.js';

/** A ReplicaSet, or a ReplicationController seen through the same shape (selector aside). */
export type ReplicaOwner = V1ReplicaSet;

export interface ReplicaKind {
  type: KindRef;
  /** The collection path its informer watches. */
  path: string;
  /** The work queue's name, as upstream's. */
  controllerName: string;
  /** The events' source component, as upstream's. */
  component: string;
  selectorOf(owner: ReplicaOwner): V1LabelSelector | undefined;
  read(namespace: string, name: string): Promise<ReplicaOwner>;
  replaceStatus(owner: ReplicaOwner): Promise<ReplicaOwner>;
}

export function replicaSetKind(kubeConfig: KubeConfig): ReplicaKind {
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  return {
    type: { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
    path: '/apis/apps/v1/replicasets',
    controllerName: 'replicaset',
    component: 'replicaset-controller',
    selectorOf: (owner) => owner.spec?.selector,
    read: (namespace, name) => apps.readNamespacedReplicaSet({ namespace, name }),
    replaceStatus: (owner) => apps.replaceNamespacedReplicaSetStatus({
      namespace: owner.metadata!.namespace!, name: owner.metadata!.name!, body: owner,
    }),
  };
}

export function replicationControllerKind(kubeConfig: KubeConfig): ReplicaKind {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  return {
    type: { apiVersion: 'v1', kind: 'ReplicationController' },
    path: '/api/v1/replicationcontrollers',
    controllerName: 'replicationmanager',
    component: 'replication-controller',
    // A ReplicationController's selector is a label map; an empty one matches everything.
    selectorOf: (owner) => ({ matchLabels: (owner as unknown as V1ReplicationController).spec?.selector ?? {} }),
    read: async (namespace, name) => (await core.readNamespacedReplicationController({ namespace, name })) as unknown as ReplicaOwner,
    replaceStatus: async (owner) => (await core.replaceNamespacedReplicationControllerStatus({
      namespace: owner.metadata!.namespace!, name: owner.metadata!.name!, body: owner as unknown as V1ReplicationController,
    })) as unknown as ReplicaOwner,
  };
}
