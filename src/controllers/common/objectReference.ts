// The references controllers put in Events (involvedObject) and in status lists (a CronJob's
// status.active): an object's apiVersion, kind, namespace, name, uid and resourceVersion.
// Cached objects may lack apiVersion and kind (list items do), so the caller names them.
import type { V1ObjectReference } from '@kubernetes/client-node';

export interface KindRef {
  apiVersion: string;
  kind: string;
}

/** Anything with object metadata: a cached object or a client-node typed one. */
export interface HasMetadata {
  metadata?: { namespace?: string; name?: string; uid?: string; resourceVersion?: string };
}

export function objectReference(type: KindRef, object: HasMetadata): V1ObjectReference {
  const metadata = object.metadata ?? {};
  return {
    apiVersion: type.apiVersion,
    kind: type.kind,
    namespace: metadata.namespace,
    name: metadata.name,
    uid: metadata.uid,
    resourceVersion: metadata.resourceVersion,
  };
}

export const POD: KindRef = { apiVersion: 'v1', kind: 'Pod' };
export const JOB: KindRef = { apiVersion: 'batch/v1', kind: 'Job' };
export const CRON_JOB: KindRef = { apiVersion: 'batch/v1', kind: 'CronJob' };
export const DAEMON_SET: KindRef = { apiVersion: 'apps/v1', kind: 'DaemonSet' };
export const STATEFUL_SET: KindRef = { apiVersion: 'apps/v1', kind: 'StatefulSet' };
