// The WebApp reconciler: one WebApp → one Deployment and one Service of the same name, both
// server-side applied with the WebApp as their controller owner; status.conditions Ready and
// Progressing from the Deployment's status; the finalizer example.kubets.io/cleanup removed
// once the owned objects are deleted.
import {
  CustomObjectsApi, KubernetesObjectApi, type KubeConfig, type KubernetesObject, type V1Condition, type V1Deployment, type V1Service,
} from '@kubernetes/client-node';
import type { ReconcileContext, Request, Result } from '../../src/runtime/controller/index.js';
import {
  addFinalizer, apply, containsFinalizer, removeFinalizer, setControllerReference, setStatusCondition,
} from '../../src/runtime/controllerutil/index.js';
import { API_VERSION, FINALIZER, GROUP, KIND, PLURAL, VERSION, type WebApp, type WebAppStatus } from './types.js';

/** The field manager the controller's applied fields are recorded under. */
export const FIELD_MANAGER = 'webapp-controller';
/** Set on the Deployment, the Service and the pods; the controller's caches watch only these. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

export class WebAppReconciler {
  private readonly objects: KubernetesObjectApi;
  private readonly custom: CustomObjectsApi;

  constructor(kubeConfig: KubeConfig) {
    this.objects = KubernetesObjectApi.makeApiClient(kubeConfig);
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  async reconcile({ namespace, name }: Request, { log }: ReconcileContext): Promise<Result | void> {
    const webapp = await this.read<WebApp>({ apiVersion: API_VERSION, kind: KIND, metadata: { namespace, name } });
    if (!webapp) return; // gone: its finalizer already ran

    if (webapp.metadata.deletionTimestamp) {
      if (!containsFinalizer(webapp, FINALIZER)) return;
      await this.cleanUp(webapp);
      removeFinalizer(webapp, FINALIZER);
      await this.objects.replace(webapp); // resourceVersion included: a conflict is retried
      log.info('cleaned up', { webapp: `${namespace}/${name}` });
      return;
    }
    if (addFinalizer(webapp, FINALIZER)) {
      // The write enqueues the WebApp again; the next reconcile carries on from there.
      await this.objects.replace(webapp);
      return;
    }

    const deployment = await apply(this.objects, this.desiredDeployment(webapp), { fieldManager: FIELD_MANAGER });
    await apply(this.objects, this.desiredService(webapp), { fieldManager: FIELD_MANAGER });
    await this.updateStatus(webapp, deployment);
  }

  desiredDeployment(webapp: WebApp): V1Deployment & KubernetesObject {
    const { name, namespace } = webapp.metadata;
    const labels = podLabels(webapp);
    const deployment: V1Deployment & KubernetesObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels: { ...labels, [MANAGED_BY_LABEL]: FIELD_MANAGER } },
      spec: {
        replicas: webapp.spec.replicas ?? 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [{ name: 'web', image: webapp.spec.image, ports: [{ name: 'http', containerPort: webapp.spec.port ?? 80 }] }],
          },
        },
      },
    };
    setControllerReference(webapp, deployment);
    return deployment;
  }

  desiredService(webapp: WebApp): V1Service & KubernetesObject {
    const { name, namespace } = webapp.metadata;
    const port = webapp.spec.port ?? 80;
    const service: V1Service & KubernetesObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, labels: { ...podLabels(webapp), [MANAGED_BY_LABEL]: FIELD_MANAGER } },
      spec: {
        selector: podLabels(webapp),
        ports: [{ name: 'http', port, targetPort: port, protocol: 'TCP' }],
      },
    };
    setControllerReference(webapp, service);
    return service;
  }

  /** Writes status (through the status subresource) only when it changes, so status writes do not loop. */
  private async updateStatus(webapp: WebApp, deployment: V1Deployment): Promise<void> {
    const generation = webapp.metadata.generation;
    const desired = webapp.spec.replicas ?? 1;
    const ready = deployment.status?.readyReplicas ?? 0;
    const conditions: V1Condition[] = structuredClone(webapp.status?.conditions ?? []).map((c) => ({
      ...c, lastTransitionTime: new Date(c.lastTransitionTime),
    }));
    const message = `${ready}/${desired} replicas ready`;
    if (ready >= desired) {
      setStatusCondition(conditions, { type: 'Ready', status: 'True', reason: 'ReplicasReady', message, observedGeneration: generation });
      setStatusCondition(conditions, { type: 'Progressing', status: 'False', reason: 'Complete', message, observedGeneration: generation });
    } else {
      setStatusCondition(conditions, { type: 'Ready', status: 'False', reason: 'ReplicasNotReady', message, observedGeneration: generation });
      setStatusCondition(conditions, { type: 'Progressing', status: 'True', reason: 'RollingOut', message, observedGeneration: generation });
    }
    const status: WebAppStatus = { observedGeneration: generation, readyReplicas: ready, conditions };
    if (canonical(status) === canonical(normalized(webapp.status))) return;
    await this.custom.replaceNamespacedCustomObjectStatus({
      group: GROUP, version: VERSION, plural: PLURAL,
      namespace: webapp.metadata.namespace!, name: webapp.metadata.name!,
      // metav1.Time is whole seconds in RFC 3339 ("…:05Z"), not Date's JSON ("…:05.000Z").
      body: { ...webapp, status: { ...status, conditions: conditions.map((c) => ({ ...c, lastTransitionTime: rfc3339(c.lastTransitionTime) })) } },
    });
  }

  /** Deletes the Deployment and the Service (a garbage collector would too; this does not wait for one). */
  private async cleanUp(webapp: WebApp): Promise<void> {
    const { name, namespace } = webapp.metadata;
    for (const [apiVersion, kind] of [['apps/v1', 'Deployment'], ['v1', 'Service']]) {
      try {
        await this.objects.delete({ apiVersion, kind, metadata: { name, namespace } });
      } catch (error) {
        if (statusCode(error) !== 404) throw error;
      }
    }
  }

  private async read<T extends KubernetesObject>(ref: KubernetesObject): Promise<T | undefined> {
    try {
      return (await this.objects.read(ref as { metadata: { name: string; namespace: string } })) as unknown as T;
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw error;
    }
  }
}

function podLabels(webapp: WebApp): Record<string, string> {
  return { 'app.kubernetes.io/name': 'webapp', 'app.kubernetes.io/instance': webapp.metadata.name! };
}

/** The status as read, with condition times as JSON has them, to compare with the new one. */
function normalized(status: WebAppStatus | undefined): WebAppStatus | undefined {
  if (!status) return undefined;
  return {
    observedGeneration: status.observedGeneration,
    readyReplicas: status.readyReplicas,
    conditions: status.conditions?.map((c) => ({ ...c, lastTransitionTime: new Date(c.lastTransitionTime) })),
  };
}

function rfc3339(time: Date): string {
  return time.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** JSON with object keys sorted, so key order does not count as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
    : v));
}

function statusCode(error: unknown): number | undefined {
  return (error as { code?: number }).code;
}
