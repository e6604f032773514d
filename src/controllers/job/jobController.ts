// Wires the Job reconciler into a Manager: Jobs and their pods from the shared caches (pods
// indexed by controller UID); pod events feed the expectations and enqueue the controlling Job
// (or the Jobs an orphan's labels match; or, for a tracked pod whose Job is gone, that name,
// so that its finalizer is taken off).
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import type { Controller, ObjectEvent, Request } from '../../runtime/controller/index.js';
import { EventRecorder } from '../../runtime/events/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import { ControllerExpectations, controllerOwner, indexByController, indexOrphans, JOB, selectorMatches } from '../common/index.js';
import { ownedPodEvents } from '../common/ownedPodEvents.js';
import { JobReconciler } from './jobReconciler.js';
import { hasTrackingFinalizer } from './jobPods.js';
import { PodBackoff } from './podBackoff.js';

export function addJobController(manager: Manager): Controller {
  const jobs = manager.informers.forResource('/apis/batch/v1/jobs');
  const pods = indexOrphans(indexByController(manager.informers.forResource('/api/v1/pods')));
  const expectations = new ControllerExpectations();
  const recorder = new EventRecorder(manager.kubeConfig, { component: 'job-controller' });
  const reconciler = new JobReconciler(manager.kubeConfig, jobs.store, pods.store, recorder, expectations, new PodBackoff());

  const owned = ownedPodEvents({
    ownerKind: JOB,
    owners: jobs.store,
    expectations,
    orphanOwners: (pod) => (jobs.store.byIndex('namespace', pod.metadata?.namespace ?? '') as unknown as V1Job[])
      .filter((job) => selectorMatches(job.spec?.selector, pod.metadata?.labels))
      .map((job) => ({ namespace: job.metadata!.namespace, name: job.metadata!.name! })),
  });
  const onPodEvent = (event: ObjectEvent): Request[] => {
    const requests = owned(event);
    const pod = event.object as unknown as V1Pod;
    const reference = controllerOwner(pod);
    if (!requests.length && reference?.kind === JOB.kind && hasTrackingFinalizer(pod)) requests.push({ namespace: pod.metadata!.namespace, name: reference.name });
    return requests;
  };

  return manager.controller()
    .named('job')
    .for('/apis/batch/v1/jobs')
    .watches('/api/v1/pods', { handler: onPodEvent })
    .complete(reconciler);
}
