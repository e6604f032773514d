// The Job, CronJob and TTL-after-finished controllers under `kubets up --nodes 3`, driven with
// stock kubectl: Jobs run to completions with their parallelism, count failures to
// backoffLimit with back-off between retries (restarts too, with restartPolicy OnFailure; per
// index with backoffLimitPerIndex), follow podFailurePolicy rules and a lowered parallelism,
// run Indexed pods with their index (and end at their successPolicy), fail at
// activeDeadlineSeconds, wait while suspended, leave Jobs managed by other controllers alone;
// finished Jobs with a TTL are deleted; a CronJob starts Jobs on schedule and
// `kubectl create job --from=cronjob/...` copies its template.
// Pods name their node (spec.nodeName) so that they run whether or not a scheduler is up.
import { eventually } from '../helpers/kubectl.js';
import { useKubetsUp } from '../helpers/kubetsProcess.js';

const cluster = useKubetsUp('batch', ['--nodes', '3']);

interface Job {
  metadata: { name: string; uid: string; labels?: Record<string, string> };
  spec: { selector: { matchLabels: Record<string, string> } };
  status: {
    active?: number; ready?: number; succeeded?: number; failed?: number; terminating?: number; completedIndexes?: string;
    startTime?: string; completionTime?: string; uncountedTerminatedPods?: object;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}
interface Pod {
  metadata: { name: string; creationTimestamp: string; labels: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[]; ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[] };
  spec: { hostname?: string; containers: { env?: { name: string }[] }[] };
  status: { phase: string; containerStatuses?: { state: { terminated?: { finishedAt: string } } }[] };
}

const getJob = async (name: string) => JSON.parse(await cluster.kubectl.ok(['get', 'job', name, '-o', 'json'])) as Job;
const jobPods = async (name: string) => (JSON.parse(await cluster.kubectl.ok(['get', 'pods', '-l', `batch.kubernetes.io/job-name=${name}`, '-o', 'json'])) as { items: Pod[] }).items;
const conditionsOf = (job: Job) => Object.fromEntries((job.status.conditions ?? []).map((c) => [c.type, `${c.status}/${c.reason}/${c.message}`]));

function jobManifest(name: string, spec: Record<string, unknown>, command: string, node = 'kubets-node-1'): string {
  return JSON.stringify({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      ...spec,
      template: { spec: { nodeName: node, restartPolicy: 'Never', terminationGracePeriodSeconds: 1, containers: [{ name: 'work', image: 'busybox', command: ['sh', '-c', command] }] } },
    },
  });
}

test('a Job runs its completions two at a time, counts them through the tracking finalizer and completes', async () => {
  await cluster.kubectl.ok(['apply', '-f', '-'], jobManifest('pi', { completions: 4, parallelism: 2 }, 'sleep 1; exit 0'));
  // Never more than two pods at once.
  const watch = cluster.kubectl.start(['get', 'job', 'pi', '-w', '-o', 'jsonpath={.status.active}{"\\n"}']);
  await cluster.kubectl.ok(['wait', '--for=condition=complete', 'job/pi', '--timeout=60s']);
  watch.stop();
  expect(watch.output().split('\n').filter(Boolean).every((n) => Number(n) <= 2)).toBe(true);

  const job = await getJob('pi');
  expect(job.status).toMatchObject({ succeeded: 4, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
  expect(job.status.failed ?? 0).toBe(0);
  expect(job.status.active ?? 0).toBe(0);
  expect(new Date(job.status.completionTime!).getTime()).toBeGreaterThanOrEqual(new Date(job.status.startTime!).getTime());
  expect(conditionsOf(job)).toEqual({
    SuccessCriteriaMet: 'True/CompletionsReached/Reached expected number of succeeded pods',
    Complete: 'True/CompletionsReached/Reached expected number of succeeded pods',
  });
  const pods = await jobPods('pi');
  expect(pods).toHaveLength(4);
  for (const pod of pods) {
    expect(pod.status.phase).toBe('Succeeded');
    expect(pod.metadata.finalizers ?? []).toEqual([]); // the job-tracking finalizer is off once counted
    expect(pod.metadata.name).toMatch(/^pi-[a-z0-9]{5}$/);
    expect(pod.metadata.labels).toMatchObject({ 'job-name': 'pi', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': job.metadata.uid, 'batch.kubernetes.io/controller-uid': job.metadata.uid });
    expect(pod.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Job', name: 'pi', uid: job.metadata.uid, controller: true })]);
  }
  const events = await cluster.kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.name=pi', '-o', 'custom-columns=REASON:.reason,MSG:.message', '--no-headers']);
  expect(events).toMatch(/SuccessfulCreate\s+Created pod: pi-/);
  expect(events).toMatch(/Completed\s+Job completed/);
  expect(await cluster.kubectl.ok(['get', 'job', 'pi', '--no-headers'])).toMatch(/^pi\s+Complete\s+4\/4\s/);
}, 90_000);

test('failures are retried with back-off until backoffLimit, then the Job fails', async () => {
  await cluster.kubectl.ok(['apply', '-f', '-'], jobManifest('fails', { backoffLimit: 1 }, 'echo trying; exit 1', 'kubets-node-2'));
  await cluster.kubectl.ok(['wait', '--for=condition=failed', 'job/fails', '--timeout=60s']);
  // Two failures: the second pod was made the 10 s back-off after the first finished (times
  // are whole seconds, hence 9 s at least).
  const [first, second] = (await jobPods('fails')).sort((a, b) => Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp));
  const finished = Date.parse(first.status.containerStatuses![0].state.terminated!.finishedAt);
  expect(Date.parse(second.metadata.creationTimestamp) - finished).toBeGreaterThanOrEqual(9_000);
  const job = await getJob('fails');
  expect(job.status.failed).toBe(2);
  expect(job.status.succeeded ?? 0).toBe(0);
  expect(conditionsOf(job)).toEqual({
    FailureTarget: 'True/BackoffLimitExceeded/Job has reached the specified backoff limit',
    Failed: 'True/BackoffLimitExceeded/Job has reached the specified backoff limit',
  });
  const pods = await jobPods('fails');
  expect(pods.map((p) => p.status.phase)).toEqual(['Failed', 'Failed']);
  const events = await cluster.kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.name=fails,involvedObject.kind=Job', '-o', 'custom-columns=TYPE:.type,REASON:.reason,MSG:.message', '--no-headers']);
  expect(events).toMatch(/Warning\s+BackoffLimitExceeded\s+Job has reached the specified backoff limit/);
}, 90_000);

test('restartPolicy OnFailure: container restarts count toward backoffLimit', async () => {
  const manifest = JSON.parse(jobManifest('restarts', { backoffLimit: 1 }, 'exit 1', 'kubets-node-3')) as { spec: { template: { spec: { restartPolicy: string } } } };
  manifest.spec.template.spec.restartPolicy = 'OnFailure';
  await cluster.kubectl.ok(['apply', '-f', '-'], JSON.stringify(manifest));
  await cluster.kubectl.ok(['wait', '--for=condition=failed', 'job/restarts', '--timeout=60s']);
  const job = await getJob('restarts');
  expect(conditionsOf(job).Failed).toBe('True/BackoffLimitExceeded/Job has reached the specified backoff limit');
  // The restarting pod is deleted (and so counted failed) once the Job fails.
  expect(job.status.failed).toBe(1);
  await eventually(async () => (await jobPods('restarts')).length === 0, 30_000);
}, 90_000);

test('podFailurePolicy: a FailJob exit code fails the Job at once; Ignore ones are not counted', async () => {
  const policy = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }, { action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } }] };
  await cluster.kubectl.ok(['apply', '-f', '-'], jobManifest('fatal', { backoffLimit: 6, podFailurePolicy: policy }, 'exit 42', 'kubets-node-1'));
  await cluster.kubectl.ok(['wait', '--for=condition=failed', 'job/fatal', '--timeout=30s']);
  const fatal = await getJob('fatal');
  const pod = (await jobPods('fatal'))[0];
  expect(conditionsOf(fatal).Failed).toBe(`True/PodFailurePolicy/Container work for pod default/${pod.metadata.name} failed with exit code 42 matching FailJob rule at index 0`);
  expect(fatal.status.failed).toBe(1);

  // Exit code 3 is ignored: with backoffLimit 0 the Job still goes on making pods.
  await cluster.kubectl.ok(['apply', '-f', '-'], jobManifest('flaky', { backoffLimit: 0, podFailurePolicy: policy }, 'exit 3', 'kubets-node-1'));
  await eventually(async () => (await jobPods('flaky')).filter((p) => p.status.phase === 'Failed').length >= 2, 30_000);
  const flaky = await getJob('flaky');
  expect(flaky.status.failed ?? 0).toBe(0);
  expect(conditionsOf(flaky).Failed).toBeUndefined();
  await cluster.kubectl.ok(['delete', 'job', 'flaky']);
}, 90_000);

test('lowering parallelism deletes the surplus pods', async () => {
  await cluster.kubectl.ok(['apply', '-f', '-'], jobManifest('wide', { parallelism: 3, completions: 6 }, 'sleep 3600'));
  await eventually(async () => (await getJob('wide')).status.active === 3, 30_000);
  await cluster.kubectl.ok(['patch', 'job', 'wide', '--type=merge', '-p', '{"spec":{"parallelism":1}}']);
  await eventually(async () => (await jobPods('wide')).filter((p) => p.status.phase === 'Running').length === 1, 30_000);
  await eventually(async () => (await getJob('wide')).status.active === 1, 10_000);
  // Deleted in the background while its pod runs: the pod, holding the tracking finalizer, is
  // let go once the Job is gone.
  expect((await jobPods('wide')).find((p) => p.status.phase === 'Running')!.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
  await cluster.kubectl.ok(['delete', 'job', 'wide']);
  await eventually(async () => (await jobPods('wide')).length === 0, 30_000);
}, 90_000);

test('an Indexed Job gives each pod its index: annotation, label, JOB_COMPLETION_INDEX and hostname', async () => {
  await cluster.kubectl.ok(['apply', '-f', '-'], jobManifest('indexed', { completions: 3, parallelism: 3, completionMode: 'Indexed' }, 'echo index $JOB_COMPLETION_INDEX; hostname', 'kubets-node-3'));
  await cluster.kubectl.ok(['wait', '--for=condition=complete', 'job/indexed', '--timeout=60s']);
  const job = await getJob('indexed');
  expect(job.status).toMatchObject({ succeeded: 3, completedIndexes: '0-2' });
  const pods = (await jobPods('indexed')).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  expect(pods.map((p) => p.metadata.annotations!['batch.kubernetes.io/job-completion-index'])).toEqual(['0', '1', '2']);
  for (const [i, pod] of pods.entries()) {
    expect(pod.metadata.name).toMatch(new RegExp(`^indexed-${i}-[a-z0-9]{5}$`));
    expect(pod.metadata.labels['batch.kubernetes.io/job-completion-index']).toBe(String(i));
    expect(pod.spec.hostname).toBe(`indexed-${i}`);
    expect(await cluster.kubectl.ok(['logs', pod.metadata.name])).toBe(`index ${i}\nindexed-${i}\n`);
  }
}, 90_000);

test('an Indexed Job with a successPolicy succeeds once its rule is met; the other indexes are stopped', async () => {
  await cluster.kubectl.ok(['apply', '-f', '-'], jobManifest('leader', {
    completions: 3, parallelism: 3, completionMode: 'Indexed', successPolicy: { rules: [{ succeededIndexes: '0' }] },
  }, 'sleep ${JOB_COMPLETION_INDEX}000', 'kubets-node-3')); // index 0 is done at once, 1 and 2 sleep
  await cluster.kubectl.ok(['wait', '--for=condition=complete', 'job/leader', '--timeout=60s']);
  const job = await getJob('leader');
  expect(conditionsOf(job)).toMatchObject({ SuccessCriteriaMet: 'True/SuccessPolicy/Matched rules at index 0', Complete: 'True/SuccessPolicy/Matched rules at index 0' });
  expect(job.status).toMatchObject({ completedIndexes: '0', succeeded: 1 });
  await eventually(async () => (await jobPods('leader')).every((p) => p.status.phase !== 'Running'), 30_000);
}, 90_000);

test('backoffLimitPerIndex: each index retries on its own; failed indexes fail the Job once all are done', async () => {
  // Index 0 succeeds, index 1 fails twice (its retry carries failure count 1), then is failed.
  await cluster.kubectl.ok(['apply', '-f', '-'], jobManifest('perindex', {
    completions: 2, parallelism: 2, completionMode: 'Indexed', backoffLimitPerIndex: 1,
  }, 'exit $JOB_COMPLETION_INDEX', 'kubets-node-1'));
  await cluster.kubectl.ok(['wait', '--for=condition=failed', 'job/perindex', '--timeout=60s']);
  const job = await getJob('perindex');
  expect(conditionsOf(job).Failed).toBe('True/FailedIndexes/Job has failed indexes');
  expect(job.status).toMatchObject({ completedIndexes: '0', failedIndexes: '1', failed: 2, succeeded: 1 });
  const retries = (await jobPods('perindex')).filter((p) => p.metadata.labels['batch.kubernetes.io/job-completion-index'] === '1')
    .map((p) => p.metadata.annotations!['batch.kubernetes.io/job-index-failure-count']).sort();
  expect(retries).toEqual(['0', '1']);

  // With maxFailedIndexes 0, the first failed index fails the Job.
  await cluster.kubectl.ok(['apply', '-f', '-'], jobManifest('strict', {
    completions: 3, parallelism: 1, completionMode: 'Indexed', backoffLimitPerIndex: 0, maxFailedIndexes: 0,
  }, 'exit 1', 'kubets-node-1'));
  await cluster.kubectl.ok(['wait', '--for=condition=failed', 'job/strict', '--timeout=60s']);
  expect(conditionsOf(await getJob('strict')).Failed).toBe('True/MaxFailedIndexesExceeded/Job has exceeded the specified maximal number of failed indexes');
}, 90_000);

test('a Job managed by another controller (spec.managedBy) gets no pods from this one', async () => {
  await cluster.kubectl.ok(['apply', '-f', '-'], jobManifest('elsewhere', { managedBy: 'example.com/batch-controller' }, 'exit 0'));
  await new Promise((r) => setTimeout(r, 2000));
  expect(await jobPods('elsewhere')).toEqual([]);
  expect((await getJob('elsewhere')).status.startTime).toBeUndefined();
  await cluster.kubectl.ok(['delete', 'job', 'elsewhere']);
}, 30_000);

test('activeDeadlineSeconds fails a running Job and deletes its pods', async () => {
  await cluster.kubectl.ok(['apply', '-f', '-'], jobManifest('slow', { activeDeadlineSeconds: 3, parallelism: 2, completions: 2 }, 'sleep 3600'));
  await cluster.kubectl.ok(['wait', '--for=condition=failed', 'job/slow', '--timeout=60s']);
  const job = await getJob('slow');
  expect(conditionsOf(job)).toMatchObject({ Failed: 'True/DeadlineExceeded/Job was active longer than specified deadline' });
  expect(job.status.active ?? 0).toBe(0);
  await eventually(async () => (await jobPods('slow')).length === 0, 30_000);
}, 90_000);

test('a suspended Job makes no pods until resumed; ttlSecondsAfterFinished deletes it once finished', async () => {
  await cluster.kubectl.ok(['apply', '-f', '-'], jobManifest('later', { suspend: true, ttlSecondsAfterFinished: 2 }, 'exit 0'));
  await eventually(async () => conditionsOf(await getJob('later')).Suspended === 'True/JobSuspended/Job suspended', 20_000);
  expect(await jobPods('later')).toHaveLength(0);
  expect((await getJob('later')).status.startTime).toBeUndefined();
  await cluster.kubectl.ok(['patch', 'job', 'later', '--type=merge', '-p', '{"spec":{"suspend":false}}']);
  await cluster.kubectl.ok(['wait', '--for=condition=complete', 'job/later', '--timeout=60s']);
  expect(conditionsOf(await getJob('later')).Suspended).toBe('False/JobResumed/Job resumed');
  // Two seconds after finishing, the Job and its pod are deleted.
  await eventually(async () => (await cluster.kubectl.run(['get', 'job', 'later'])).code !== 0, 30_000);
  await eventually(async () => (await jobPods('later')).length === 0, 30_000);
}, 90_000);

test('a CronJob starts a Job at its next minute; kubectl create job --from=cronjob copies it', async () => {
  await cluster.kubectl.ok(['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/1 * * * *', '--', 'sh', '-c', 'echo tick']);
  await cluster.kubectl.ok(['patch', 'cronjob', 'tick', '--type=merge', '-p', JSON.stringify({
    spec: { jobTemplate: { spec: { template: { spec: { nodeName: 'kubets-node-2', terminationGracePeriodSeconds: 1 } } } } },
  })]);
  await cluster.kubectl.ok(['create', 'job', 'manual', '--from=cronjob/tick']);
  await cluster.kubectl.ok(['wait', '--for=condition=complete', 'job/manual', '--timeout=60s']);
  const manual = JSON.parse(await cluster.kubectl.ok(['get', 'job', 'manual', '-o', 'json'])) as { metadata: { annotations: Record<string, string>; ownerReferences: { kind: string; name: string }[] } };
  expect(manual.metadata.annotations['cronjob.kubernetes.io/instantiate']).toBe('manual');
  expect(manual.metadata.ownerReferences[0]).toMatchObject({ kind: 'CronJob', name: 'tick' });

  // The scheduled run, named by its schedule minute, within the next minute.
  await eventually(async () => /tick-\d{8}\s+Complete/.test((await cluster.kubectl.run(['get', 'jobs', '--no-headers'])).stdout), 80_000);
  const jobs = (JSON.parse(await cluster.kubectl.ok(['get', 'jobs', '-o', 'json'])) as { items: { metadata: { name: string; annotations: Record<string, string> } }[] }).items;
  const scheduled = jobs.find((j) => /^tick-\d{8}$/.test(j.metadata.name))!;
  const minutes = Number(scheduled.metadata.name.slice('tick-'.length));
  expect(new Date(scheduled.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp']).getTime()).toBe(minutes * 60_000);
  await eventually(async () => {
    const cronJob = JSON.parse(await cluster.kubectl.ok(['get', 'cronjob', 'tick', '-o', 'json'])) as { status: { lastScheduleTime?: string; lastSuccessfulTime?: string; active?: unknown[] } };
    return new Date(cronJob.status.lastScheduleTime ?? 0).getTime() === minutes * 60_000 && !!cronJob.status.lastSuccessfulTime && !cronJob.status.active;
  }, 20_000);
  const events = await cluster.kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.kind=CronJob', '-o', 'custom-columns=REASON:.reason,MSG:.message', '--no-headers']);
  expect(events).toMatch(new RegExp(`SuccessfulCreate\\s+Created job ${scheduled.metadata.name}`));
  expect(events).toMatch(new RegExp(`SawCompletedJob\\s+Saw completed job: ${scheduled.metadata.name}, condition: Complete`));
}, 150_000);
