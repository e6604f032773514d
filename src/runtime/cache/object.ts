// The little of a Kubernetes object the cache needs: metadata for keys, versions and owners.
// Objects stay plain JSON; typed views are the caller's business (the generic parameter).

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  managedFields?: unknown[];
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

/** The cache key, as client-go's MetaNamespaceKeyFunc: `namespace/name`, or `name` when cluster-scoped. */
export function objectKey(object: KubeObject): string {
  const name = object.metadata?.name;
  if (!name) throw new Error('object has no metadata.name');
  const namespace = object.metadata?.namespace;
  return namespace ? `${namespace}/${name}` : name;
}

export function resourceVersionOf(object: KubeObject): string {
  return object.metadata?.resourceVersion ?? '';
}
