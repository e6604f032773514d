// Wires the Job reconciler into a Manager: Jobs and their pods from the shared caches (pods
// indexed by controller UID); pod events enqueue the controlling Job (or, for a tracked pod
// whose Job is gone, its name, so its finalizer is taken off) and feed the expectations.
import type { V1Pod } from '@kubernetes/client-node';
import type { Controller, ObjectEvent, Request } from '../../runtime/controller/index.js';
import { EventRecorder } from '../../runtime/events/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import { ControllerExpectations, indexByController } from '../common/index.js';
import { JobReconciler } from './jobReconciler.js';
import { PodBackoff } from './podBackoff.js';

export function addJobController(manager: Manager): Controller {
  const jobs = manager.informers.forResource('/apis/batch/v1/jobs');
  const pods = indexByController(manager.informers.forResource('/api/v1/pods'));
  const expectations = new ControllerExpectations();
  const recorder = new EventRecorder(manager.kubeConfig, { component: 'job-controller' });
  const reconciler = new JobReconciler(manager.kubeConfig, jobs.store, pods.store, recorder, expectations, new PodBackoff());

  const podHandler = (event: ObjectEvent): Request[] => {
    const requests: Request[] = [];
    const objects = event.type === 'update' ? [event.old, event.object] : [event.object];
    for (const object of objects) {
      const pod = object as unknown as V1Pod;
      const owner = pod.metadata?.ownerReferences?.find((o) => o.controller && o.kind === 'Job' && o.apiVersion.startsWith('batch/'));
      if (!owner) continue;
      const namespace = pod.metadata!.namespace!;
      const jobKey = `${namespace}/${owner.name}`;
      const podKey = `${namespace}/${pod.metadata!.name}`;
      if (object === event.object) {
        if (event.type === 'create' && !pod.metadata?.deletionTimestamp) expectations.creationObserved(jobKey);
        if (event.type === 'delete' || pod.metadata?.deletionTimestamp) expectations.deletionObserved(jobKey, podKey);
      }
      requests.push({ namespace, name: owner.name });
    }
    return requests;
  };

  return manager.controller()
    .named('job')
    .for('/apis/batch/v1/jobs')
    .watches('/api/v1/pods', { handler: podHandler })
    .complete(reconciler);
}
