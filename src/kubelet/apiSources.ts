// What the kubelet reads from the API server to run pods: ConfigMaps, Secrets, claims and
// volumes by name (a missing object is undefined; ConfigMaps and Secrets read again after 5 s),
// the Services for the service environment variables (from a shared informer's cache), and
// bound service-account tokens through the TokenRequest API (kept until 80% of their lifetime).
import { CoreV1Api, type KubeConfig, type V1ConfigMap, type V1Pod, type V1Secret, type V1Service } from '@kubernetes/client-node';
import type { KubeletSources } from './pods/podSync.js';
import { TtlCache } from './readCache.js';
import { VolumeSetupError } from './volumes/projection.js';

const OBJECT_TTL_MS = 5_000;

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
  const configMaps = new TtlCache<V1ConfigMap | undefined>(OBJECT_TTL_MS);
  const secrets = new TtlCache<V1Secret | undefined>(OBJECT_TTL_MS);
  const tokens = new TtlCache<string>(0);
  return {
    configMap: (namespace, name) => configMaps.get(`${namespace}/${name}`, () => orUndefined(core.readNamespacedConfigMap({ namespace, name }))),
    secret: (namespace, name) => secrets.get(`${namespace}/${name}`, () => orUndefined(core.readNamespacedSecret({ namespace, name }))),
    persistentVolumeClaim: (namespace, name) => orUndefined(core.readNamespacedPersistentVolumeClaim({ namespace, name })),
    persistentVolume: (name) => orUndefined(core.readPersistentVolume({ name })),
    services,
    serviceAccountToken: (pod: V1Pod, audience: string | undefined, expirationSeconds: number) => tokens.get(
      `${pod.metadata!.uid}/${pod.spec?.serviceAccountName}/${audience ?? ''}/${expirationSeconds}`,
      () => requestToken(pod, audience, expirationSeconds),
      expirationSeconds * 800,
    ),
  };

  async function requestToken(pod: V1Pod, audience: string | undefined, expirationSeconds: number): Promise<string> {
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
  }
}
