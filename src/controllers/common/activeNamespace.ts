// The namespace a per-namespace controller (service accounts, root CA bundle) acts in, read
// fresh from the API: undefined when it is gone or being deleted, as nothing new belongs there.
import type { CoreV1Api, V1Namespace } from '@kubernetes/client-node';
import { isNotFound } from './apiErrors.js';

export async function activeNamespace(core: CoreV1Api, name: string): Promise<V1Namespace | undefined> {
  let namespace: V1Namespace;
  try {
    namespace = await core.readNamespace({ name });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  if (namespace.status?.phase === 'Terminating' || namespace.metadata?.deletionTimestamp) return undefined;
  return namespace;
}
