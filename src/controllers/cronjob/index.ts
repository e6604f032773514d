// cronjob: upstream's cronjob-controller. Each CronJob starts a Job at its schedule times
// (cron text or macros, in its time zone), within startingDeadlineSeconds, as its
// concurrencyPolicy allows, keeps status.active/lastScheduleTime/lastSuccessfulTime and deletes
// finished Jobs beyond its history limits. It imports src/runtime, ../common, ../job (the Job
// conditions), croner and client-node.
import { BatchV1Api } from '@kubernetes/client-node';
import type { Controller } from '../../runtime/controller/index.js';
import { EventRecorder } from '../../runtime/events/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import { indexByController } from '../common/controllerIndex.js';
import { CronJobReconciler } from './cronJobController.js';

export { CronSchedule, missedSchedules, earliestScheduleTime } from './schedule.js';
export { jobForSchedule, jobNameFor, SCHEDULED_TIMESTAMP_ANNOTATION } from './jobForSchedule.js';

export function addCronJobController(manager: Manager): Controller {
  const cronJobs = manager.informers.forResource('/apis/batch/v1/cronjobs');
  const jobs = indexByController(manager.informers.forResource('/apis/batch/v1/jobs'));
  const recorder = new EventRecorder(manager.kubeConfig, { component: 'cronjob-controller' });
  return manager.controller()
    .named('cronjob')
    .for('/apis/batch/v1/cronjobs')
    .owns('/apis/batch/v1/jobs', { kind: 'CronJob', group: 'batch' })
    .complete(new CronJobReconciler(manager.kubeConfig.makeApiClient(BatchV1Api), cronJobs.store, jobs.store, recorder));
}
