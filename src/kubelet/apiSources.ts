// What the kubelet reads from the API server to run pods: ConfigMaps, Secrets, claims and
// volumes by name (a missing object is undefined), the Services for the service environment
// variables (from a shared informer's cache), and bound service-account tokens through the
// TokenRequest API.
import { CoreV1Api, type KubeConfig, type V1Pod, type V1Service } from '@kubernetes/client-node';
import type { KubeletSources } from './pods/podSync.js';
import { VolumeSetupError } from './volumes/projection.js';

/** The message of the metav1.Status a client-node error carries, or the error's own. */
function statusMessage(error: unknown): string {
  try {
    return (JSON.parse((error as { body?: string }).body ?? '') as { message?: string }).message ?? String(error);
  } catch {
    return (error as Error).message;
  }
}

const orUndefined = async <T>(read: Promise<T>): Promise<T | undefined> => {
  try {
    return await read;
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
};

export function apiSources(kubeConfig: KubeConfig, services: () => readonly V1Service[]): KubeletSources {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  return {
    configMap: (namespace, name) => orUndefined(core.readNamespacedConfigMap({ namespace, name })),
    secret: (namespace, name) => orUndefined(core.readNamespacedSecret({ namespace, name })),
    persistentVolumeClaim: (namespace, name) => orUndefined(core.readNamespacedPersistentVolumeClaim({ namespace, name })),
    persistentVolume: (name) => orUndefined(core.readPersistentVolume({ name })),
    services,
    async serviceAccountToken(pod: V1Pod, audience: string | undefined, expirationSeconds: number) {
      const { status } = await core.createNamespacedServiceAccountToken({
        name: pod.spec?.serviceAccountName || 'default',
        namespace: pod.metadata!.namespace!,
        body: {
          spec: {
            audiences: audience ? [audience] : [],
            expirationSeconds,
            boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata!.name, uid: pod.metadata!.uid },
          },
        },
      }).catch((error: unknown) => {
        throw new VolumeSetupError(`failed to fetch token: ${statusMessage(error)}`);
      });
      return status?.token ?? '';
    },
  };
}
