// Reconciles one Job: when it has finished and its TTL has passed, the Job is read again from
// the API server (the cache may be stale, and a user may have changed the TTL), checked again,
// and deleted in the foreground with its UID as a precondition; before that, the request comes
// back when the TTL runs out.
import { BatchV1Api, type V1Job } from '@kubernetes/client-node';
import type { Controller, Request, Result } from '../../runtime/controller/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import { isNotFound } from '../common/index.js';
import { jobFinishedCondition } from '../job/index.js';

/** When a finished Job with a TTL is due for deletion (undefined: never). */
export function jobExpiresAt(job: V1Job): Date | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl === undefined || ttl === null || job.metadata?.deletionTimestamp) return undefined;
  const finished = jobFinishedCondition(job);
  if (!finished) return undefined;
  const at = finished.lastTransitionTime ?? job.status?.completionTime;
  return new Date((at ? new Date(at).getTime() : Date.now()) + ttl * 1000);
}

export function addTtlAfterFinishedController(manager: Manager): Controller {
  const jobs = manager.informers.forResource('/apis/batch/v1/jobs');
  const batch = manager.kubeConfig.makeApiClient(BatchV1Api);
  return manager.controller()
    .named('ttl-after-finished')
    .for('/apis/batch/v1/jobs')
    .complete(async ({ namespace, name }: Request, { log }): Promise<Result | void> => {
      const cached = jobs.store.get(`${namespace}/${name}`) as V1Job | undefined;
      if (!cached || !jobExpiresAt(cached)) return;
      const waitMs = jobExpiresAt(cached)!.getTime() - Date.now();
      if (waitMs > 0) return { requeueAfter: waitMs };
      let fresh: V1Job;
      try {
        fresh = await batch.readNamespacedJob({ namespace: namespace!, name });
      } catch (error) {
        if (isNotFound(error)) return;
        throw error;
      }
      const expiresAt = jobExpiresAt(fresh);
      if (!expiresAt) return;
      if (expiresAt.getTime() > Date.now()) return { requeueAfter: expiresAt.getTime() - Date.now() };
      log.info('deleting the expired Job', { job: `${namespace}/${name}` });
      try {
        await batch.deleteNamespacedJob({
          namespace: namespace!, name, propagationPolicy: 'Foreground', body: { preconditions: { uid: fresh.metadata!.uid, resourceVersion: fresh.metadata!.resourceVersion } },
        });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    });
}
