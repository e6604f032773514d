// A StatefulSet pod's identity, as upstream's stateful set utilities: the name `<set>-<ordinal>`,
// the labels statefulset.kubernetes.io/pod-name, apps.kubernetes.io/pod-index and
// controller-revision-hash (the revision's name), hostname = pod name and subdomain = the
// governing service, and for each volumeClaimTemplate a volume using the claim
// `<template>-<set>-<ordinal>`, whose labels include the set's selector labels.
import type { V1PersistentVolumeClaim, V1Pod, V1StatefulSet } from '@kubernetes/client-node';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';

export const podName = (set: V1StatefulSet, ordinal: number) => `${set.metadata!.name}-${ordinal}`;
export const claimName = (template: string, set: V1StatefulSet, ordinal: number) => `${template}-${set.metadata!.name}-${ordinal}`;

/** The ordinal of a pod named `<set>-<n>`, or undefined for another name. */
export function podOrdinal(set: V1StatefulSet, pod: V1Pod): number | undefined {
  const prefix = `${set.metadata!.name}-`;
  const name = pod.metadata?.name ?? '';
  if (!name.startsWith(prefix) || !/^(0|[1-9]\d*)$/.test(name.slice(prefix.length))) return undefined;
  return Number(name.slice(prefix.length));
}

/** Turns a pod made from the set's template into the pod of `ordinal` at `revision`. */
export function customizeStatefulPod(pod: V1Pod, set: V1StatefulSet, ordinal: number, revision: string): void {
  const name = podName(set, ordinal);
  const metadata = pod.metadata!;
  metadata.name = name;
  delete metadata.generateName;
  metadata.labels = { ...metadata.labels, [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [CONTROLLER_REVISION_HASH]: revision };
  const spec = pod.spec!;
  spec.hostname = name;
  if (set.spec!.serviceName) spec.subdomain = set.spec!.serviceName;
  const claims = set.spec!.volumeClaimTemplates ?? [];
  if (!claims.length) return;
  const names = new Set(claims.map((c) => c.metadata!.name!));
  spec.volumes = [
    ...claims.map((c) => ({ name: c.metadata!.name!, persistentVolumeClaim: { claimName: claimName(c.metadata!.name!, set, ordinal) } })),
    ...(spec.volumes ?? []).filter((v) => !names.has(v.name)),
  ];
}

/** The claims the pod of `ordinal` uses, as they are created. */
export function claimsFor(set: V1StatefulSet, ordinal: number): V1PersistentVolumeClaim[] {
  return (set.spec!.volumeClaimTemplates ?? []).map((template) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      ...structuredClone(template.metadata),
      name: claimName(template.metadata!.name!, set, ordinal),
      namespace: set.metadata!.namespace,
      labels: { ...template.metadata?.labels, ...set.spec!.selector.matchLabels },
    },
    spec: structuredClone(template.spec),
  }));
}
