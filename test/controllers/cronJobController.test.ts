// The CronJob reconciler against a real in-process API server, on a clock the test moves:
// schedule times start Jobs `<cronjob>-<minute>` with the scheduled-timestamp annotation;
// Forbid skips a run while one is active (JobAlreadyActive), Replace deletes the active one,
// Allow runs them side by side; startingDeadlineSeconds skips starts later than it, a long
// outage warns TooManyMissedTimes; finished Jobs leave status.active (SawCompletedJob),
// set lastSuccessfulTime, and beyond the history limits are deleted; a running Job it did not
// start is reported (UnexpectedJob).
import * as k8s from '@kubernetes/client-node';
import { CronJobReconciler } from '../../src/controllers/cronjob/cronJobController.js';
import { indexByController } from '../../src/controllers/common/index.js';
import type { IndexReader } from '../../src/runtime/cache/index.js';
import { EventRecorder } from '../../src/runtime/events/index.js';
import type { Logger } from '../../src/log/index.js';
import { Manager } from '../../src/runtime/manager/index.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';
import { eventually } from '../helpers/kubectl.js';

const quietLog: Logger = { info() {}, warn() {}, error() {}, v: () => ({ enabled: false, info() {} }) };
const ns = 'cron';
const context = { signal: new AbortController().signal, log: quietLog };

let server: TestApiServer;
let batch: k8s.BatchV1Api;
let core: k8s.CoreV1Api;
let manager: Manager;
let reconciler: CronJobReconciler;
let now = new Date();
let cronJobStore: IndexReader;
let jobStore: IndexReader;

beforeAll(async () => {
  server = await startTestApiServer();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(server.kubeconfig);
  batch = kc.makeApiClient(k8s.BatchV1Api);
  core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: ns } } });
  manager = new Manager(kc, { logger: quietLog });
  const cronJobs = manager.informers.forResource('/apis/batch/v1/cronjobs');
  const jobs = indexByController(manager.informers.forResource('/apis/batch/v1/jobs'));
  await manager.start();
  cronJobStore = cronJobs.store;
  jobStore = jobs.store;
  reconciler = new CronJobReconciler(batch, cronJobStore, jobStore, new EventRecorder(kc, { component: 'cronjob-controller' }), () => now);
});

afterAll(async () => {
  await manager?.stop();
  await server?.stop();
  if (server) removeDataDir(server);
});

const cached = (name: string) => cronJobStore.get(`${ns}/${name}`) as k8s.V1CronJob | undefined;
const cachedJobs = (prefix: string) => (jobStore.list() as unknown as k8s.V1Job[]).filter((j) => j.metadata!.name!.startsWith(`${prefix}-`)).map((j) => j.metadata!.name!).sort();
const minute = (date: Date) => Math.floor(date.getTime() / 60_000);
const at = (minutes: number, seconds = 5) => new Date(minutes * 60_000 + seconds * 1000);

async function createCronJob(name: string, spec: Partial<k8s.V1CronJobSpec>): Promise<number> {
  const created = await batch.createNamespacedCronJob({
    namespace: ns,
    body: {
      metadata: { name },
      spec: {
        schedule: '*/1 * * * *',
        timeZone: 'UTC',
        jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } },
        ...spec,
      },
    },
  });
  await eventually(() => !!cached(name), 5_000);
  return minute(new Date(created.metadata!.creationTimestamp!));
}

/** Reconciles at `time` and waits until the cache shows what the reconcile wrote. */
async function reconcileAt(name: string, time: Date, expectJobs?: string[]): Promise<k8s.V1CronJob> {
  now = time;
  const result = await reconciler.reconcile({ namespace: ns, name }, context);
  // The next wake-up is the next schedule time (plus a little).
  expect((result as { requeueAfter: number }).requeueAfter).toBe(Math.ceil(time.getTime() / 60_000) * 60_000 - time.getTime() + 100);
  if (expectJobs) await eventually(() => cachedJobs(name).join() === expectJobs.join(), 5_000);
  return cached(name)!;
}

async function eventsOf(name: string): Promise<string[]> {
  const list = await core.listNamespacedEvent({ namespace: ns, fieldSelector: `involvedObject.name=${name}` });
  return list.items.map((e) => `${e.type} ${e.reason} ${e.message}`);
}

async function finish(jobName: string, type: 'Complete' | 'Failed', time: Date): Promise<void> {
  const job = await batch.readNamespacedJob({ namespace: ns, name: jobName });
  const stamp = time.toISOString().replace(/\.\d+Z$/, 'Z');
  const conditions = type === 'Complete'
    ? [{ type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached' }, { type: 'Complete', status: 'True', reason: 'CompletionsReached' }]
    : [{ type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded' }, { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }];
  job.status = {
    startTime: stamp as unknown as Date,
    ...(type === 'Complete' ? { completionTime: stamp as unknown as Date, succeeded: 1 } : { failed: 1 }),
    conditions: conditions.map((c) => ({ ...c, lastTransitionTime: stamp as unknown as Date })),
  };
  await batch.replaceNamespacedJobStatus({ namespace: ns, name: jobName, body: job });
  await eventually(() => (jobStore.list() as unknown as k8s.V1Job[]).some((j) => j.metadata!.name === jobName && (j.status?.conditions ?? []).some((c) => c.type === type)), 5_000);
}

test('Forbid: a run at each schedule minute, none while one is active', async () => {
  const t0 = await createCronJob('forbid', { concurrencyPolicy: 'Forbid' });
  // Within the minute it was made in, no schedule time has passed.
  expect((await reconcileAt('forbid', at(t0, 59))).status?.active).toBeUndefined();
  expect(cachedJobs('forbid')).toEqual([]);
  const first = `forbid-${t0 + 1}`;
  const cronJob = await reconcileAt('forbid', at(t0 + 1), [first]);
  await eventually(() => cached('forbid')?.status?.active?.length === 1, 5_000);
  expect(new Date(cached('forbid')!.status!.lastScheduleTime!).getTime()).toBe((t0 + 1) * 60_000);
  expect(cronJob.metadata!.name).toBe('forbid');
  const job = await batch.readNamespacedJob({ namespace: ns, name: first });
  expect(job.metadata!.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(new Date((t0 + 1) * 60_000).toISOString().replace('.000Z', 'Z'));
  expect(job.metadata!.ownerReferences).toEqual([expect.objectContaining({ kind: 'CronJob', name: 'forbid', controller: true, blockOwnerDeletion: true })]);

  await reconcileAt('forbid', at(t0 + 2), [first]);
  await eventually(async () => (await eventsOf('forbid')).includes('Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid'), 5_000);

  // Once it completes, the next minute starts the next run.
  await finish(first, 'Complete', at(t0 + 2, 30));
  await reconcileAt('forbid', at(t0 + 3), [first, `forbid-${t0 + 3}`]);
  await eventually(() => cached('forbid')?.status?.active?.map((a) => a.name).join() === `forbid-${t0 + 3}`, 5_000);
  expect(new Date(cached('forbid')!.status!.lastSuccessfulTime!).getTime()).toBe(at(t0 + 2, 30).getTime());
  await eventually(async () => (await eventsOf('forbid')).includes(`Normal SawCompletedJob Saw completed job: ${first}, condition: Complete`), 5_000);
  expect(await eventsOf('forbid')).toContain(`Normal SuccessfulCreate Created job ${first}`);
}, 60_000);

test('a running Job of the CronJob it did not start is reported, not taken as active', async () => {
  const t0 = await createCronJob('adopter', {});
  const cronJob = cached('adopter')!;
  await batch.createNamespacedJob({
    namespace: ns,
    body: {
      metadata: { name: 'adopter-manual', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'adopter', uid: cronJob.metadata!.uid!, controller: true }] },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    },
  });
  await eventually(() => cachedJobs('adopter').includes('adopter-manual'), 5_000);
  await reconcileAt('adopter', at(t0, 59));
  await eventually(async () => (await eventsOf('adopter')).includes('Warning UnexpectedJob Saw a job that the controller did not create or forgot: adopter-manual'), 5_000);
  expect(cached('adopter')!.status?.active).toBeUndefined();
}, 60_000);

test('Replace deletes the active run before starting the next; Allow runs them side by side', async () => {
  const t0 = await createCronJob('replace', { concurrencyPolicy: 'Replace' });
  await reconcileAt('replace', at(t0 + 1), [`replace-${t0 + 1}`]);
  await eventually(() => cached('replace')?.status?.active?.length === 1, 5_000);
  await reconcileAt('replace', at(t0 + 2), [`replace-${t0 + 2}`]);
  await eventually(async () => (await eventsOf('replace')).includes(`Normal SuccessfulDelete Deleted job replace-${t0 + 1}`), 5_000);

  const t1 = await createCronJob('allow', {});
  await reconcileAt('allow', at(t1 + 1), [`allow-${t1 + 1}`]);
  await eventually(() => cached('allow')?.status?.active?.length === 1, 5_000);
  await reconcileAt('allow', at(t1 + 2), [`allow-${t1 + 1}`, `allow-${t1 + 2}`]);
  await eventually(() => cached('allow')?.status?.active?.length === 2, 5_000);
}, 60_000);

test('startingDeadlineSeconds: a start later than the deadline is missed; a long outage warns', async () => {
  const t0 = await createCronJob('late', { startingDeadlineSeconds: 10 });
  // 30 s after :03 the three missed minutes are all past the 10 s deadline: none starts (as
  // upstream, the schedule window itself starts at now - startingDeadlineSeconds).
  await reconcileAt('late', at(t0 + 3, 30));
  await new Promise((r) => setTimeout(r, 300));
  expect(cachedJobs('late')).toEqual([]);
  expect(cached('late')!.status?.lastScheduleTime).toBeUndefined();
  await reconcileAt('late', at(t0 + 4, 5), [`late-${t0 + 4}`]);

  const t1 = await createCronJob('outage', {});
  await reconcileAt('outage', at(t1 + 180, 5), [`outage-${t1 + 180}`]);
  await eventually(async () => (await eventsOf('outage')).includes('Warning TooManyMissedTimes too many missed start times: 101. Set or decrease .spec.startingDeadlineSeconds or check clock skew'), 5_000);
}, 60_000);

test('history limits: the oldest finished Jobs beyond them are deleted', async () => {
  const t0 = await createCronJob('history', { successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 0 });
  for (let i = 1; i <= 3; i++) {
    const expected = Array.from({ length: i }, (_, k) => `history-${t0 + k + 1}`);
    await reconcileAt('history', at(t0 + i), i === 1 ? expected : undefined);
    await eventually(() => cachedJobs('history').includes(`history-${t0 + i}`), 5_000);
    await finish(`history-${t0 + i}`, i === 2 ? 'Failed' : 'Complete', at(t0 + i, 20));
  }
  await reconcileAt('history', at(t0 + 3, 40), [`history-${t0 + 3}`]);
  const events = await eventsOf('history');
  expect(events).toContain(`Normal SuccessfulDelete Deleted job history-${t0 + 1}`);
  expect(events).toContain(`Normal SuccessfulDelete Deleted job history-${t0 + 2}`);
}, 60_000);
