// A Job's pods: the batch.kubernetes.io/job-tracking finalizer every pod is made with (it stays
// until the controller has counted the pod), the Indexed-mode additions (the completion index
// as annotation and label, JOB_COMPLETION_INDEX in every container, hostname `<job>-<index>`,
// generateName `<job>-<index>-`), and taking the finalizer off with a JSON patch that first
// tests it is still where it was read.
import { CoreV1Api, PatchStrategy, setHeaderOptions, type V1Container, type V1Pod } from '@kubernetes/client-node';
import { COMPLETION_INDEX } from './completionIndexes.js';

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const JOB_COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';

const jsonPatch = setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);

export function hasTrackingFinalizer(pod: V1Pod): boolean {
  return pod.metadata?.finalizers?.includes(JOB_TRACKING_FINALIZER) ?? false;
}

/** Adds what a Job's pod carries beyond its template; `index` for Indexed Jobs. */
export function customizeJobPod(pod: V1Pod, jobName: string, index?: number): void {
  const metadata = pod.metadata!;
  metadata.finalizers = [...(metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER), JOB_TRACKING_FINALIZER];
  if (index === undefined) return;
  const text = String(index);
  metadata.annotations = { ...metadata.annotations, [COMPLETION_INDEX]: text };
  metadata.labels = { ...metadata.labels, [COMPLETION_INDEX]: text };
  metadata.generateName = `${jobName}-${text}-`;
  const spec = pod.spec!;
  if (!spec.hostname) spec.hostname = `${jobName}-${text}`;
  for (const container of [...(spec.initContainers ?? []), ...spec.containers]) addIndexEnv(container);
}

function addIndexEnv(container: V1Container): void {
  if (container.env?.some((e) => e.name === JOB_COMPLETION_INDEX_ENV)) return;
  container.env = [
    ...(container.env ?? []),
    { name: JOB_COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.annotations['${COMPLETION_INDEX}']` } } },
  ];
}

/** Removes the tracking finalizer; a pod gone, or changed meanwhile, is left (its next event syncs again). */
export async function removeTrackingFinalizer(core: CoreV1Api, pod: V1Pod): Promise<boolean> {
  const at = pod.metadata?.finalizers?.indexOf(JOB_TRACKING_FINALIZER) ?? -1;
  if (at < 0) return true;
  const path = `/metadata/finalizers/${at}`;
  try {
    await core.patchNamespacedPod({
      namespace: pod.metadata!.namespace!, name: pod.metadata!.name!,
      body: [{ op: 'test', path, value: JOB_TRACKING_FINALIZER }, { op: 'remove', path }],
    }, jsonPatch);
    return true;
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code === 404) return true;
    if (code === 422 || code === 409) return false;
    throw error;
  }
}
