// The Job controller's arithmetic: completedIndexes text (parse and format, as upstream writes
// it), the completion index a pod carries, the failure back-off (10 s doubling to 6 min from
// the last failure's finish, reset by a success), podFailurePolicy and successPolicy rules,
// and the order in which success and failure are decided.
import type { V1Pod } from '@kubernetes/client-node';
import type { V1Job } from '@kubernetes/client-node';
import { formatIndexes, matchPodFailurePolicy, matchSuccessPolicy, parseIndexes, PodBackoff } from '../../src/controllers/job/index.js';
import { podCompletionIndex } from '../../src/controllers/job/completionIndexes.js';
import { judgeJob } from '../../src/controllers/job/jobCriteria.js';

test('completedIndexes: runs as first-last, lone indexes alone, out-of-range ones dropped', () => {
  expect(formatIndexes([])).toBe('');
  expect(formatIndexes([5, 1, 3, 4, 7, 0])).toBe('0-1,3-5,7');
  expect(formatIndexes([2, 2, 3])).toBe('2-3');
  expect([...parseIndexes('0-1,3-5,7', 10)].sort((a, b) => a - b)).toEqual([0, 1, 3, 4, 5, 7]);
  expect([...parseIndexes('1,3-9', 5)].sort((a, b) => a - b)).toEqual([1, 3, 4]);
  expect(parseIndexes(undefined, 3).size).toBe(0);
  expect(parseIndexes('x,2', 3)).toEqual(new Set([2]));
});

test('the completion index of a pod: annotation first, then label, only below completions', () => {
  const pod = (annotations?: Record<string, string>, labels?: Record<string, string>): V1Pod => ({ metadata: { annotations, labels } });
  const key = 'batch.kubernetes.io/job-completion-index';
  expect(podCompletionIndex(pod({ [key]: '2' }), 3)).toBe(2);
  expect(podCompletionIndex(pod(undefined, { [key]: '1' }), 3)).toBe(1);
  expect(podCompletionIndex(pod({ [key]: '3' }), 3)).toBeUndefined();
  expect(podCompletionIndex(pod({ [key]: '-1' }), 3)).toBeUndefined();
  expect(podCompletionIndex(pod(), 3)).toBeUndefined();
});

test('back-off: 10 s after one failure, doubling per failure up to 6 minutes, reset by a success', () => {
  const backoff = new PodBackoff();
  const finishedAt = (ms: number, phase: 'Failed' | 'Succeeded'): V1Pod => ({
    status: { phase, containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, finishedAt: new Date(ms) } } }] },
  });
  expect(backoff.remaining('ns/job', 0)).toBe(0);
  backoff.observe('ns/job', [{ pod: finishedAt(1_000, 'Failed'), succeeded: false }], 2_000);
  expect(backoff.remaining('ns/job', 2_000)).toBe(9_000);
  backoff.observe('ns/job', [{ pod: finishedAt(20_000, 'Failed'), succeeded: false }], 20_000);
  expect(backoff.remaining('ns/job', 20_000)).toBe(20_000);
  backoff.observe('ns/job', Array.from({ length: 8 }, () => ({ pod: finishedAt(30_000, 'Failed'), succeeded: false })), 30_000);
  expect(backoff.remaining('ns/job', 30_000)).toBe(360_000);
  backoff.observe('ns/job', [{ pod: finishedAt(40_000, 'Succeeded'), succeeded: true }], 40_000);
  expect(backoff.remaining('ns/job', 40_000)).toBe(0);
  // A failure finishing before a success in the same batch does not count after it.
  backoff.observe('ns/job', [{ pod: finishedAt(50_000, 'Succeeded'), succeeded: true }, { pod: finishedAt(45_000, 'Failed'), succeeded: false }], 50_000);
  expect(backoff.remaining('ns/job', 50_000)).toBe(0);
  backoff.forget('ns/job');
});

test('podFailurePolicy: first matching rule; NotIn, container names, zero exit codes and pod conditions', () => {
  const job = (rules: object[]): V1Job => ({ spec: { template: {}, podFailurePolicy: { rules } } } as V1Job);
  const failed = (codes: Record<string, number>, conditions: { type: string; status: string }[] = []): V1Pod => ({
    metadata: { namespace: 'ns', name: 'p' },
    status: {
      phase: 'Failed',
      conditions,
      containerStatuses: Object.entries(codes).map(([name, exitCode]) => ({ name, image: 'i', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode } } })),
    },
  });
  const notIn = job([{ action: 'Ignore', onExitCodes: { operator: 'NotIn', values: [1, 2] } }, { action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }]);
  expect(matchPodFailurePolicy(notIn, failed({ main: 7 }))).toEqual({ action: 'Ignore', message: 'Container main for pod ns/p failed with exit code 7 matching Ignore rule at index 0' });
  expect(matchPodFailurePolicy(notIn, failed({ main: 1 }))?.message).toBe('Container main for pod ns/p failed with exit code 1 matching FailJob rule at index 1');
  expect(matchPodFailurePolicy(notIn, failed({ main: 0 }))).toBeUndefined(); // exit code 0 never matches
  const named = job([{ action: 'FailJob', onExitCodes: { containerName: 'sidecar', operator: 'In', values: [5] } }]);
  expect(matchPodFailurePolicy(named, failed({ main: 5 }))).toBeUndefined();
  expect(matchPodFailurePolicy(named, failed({ main: 5, sidecar: 5 }))?.message).toContain('Container sidecar');
  const disruption = job([{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }]);
  expect(matchPodFailurePolicy(disruption, failed({ main: 137 }, [{ type: 'DisruptionTarget', status: 'True' }])))
    .toEqual({ action: 'Ignore', message: 'Pod ns/p has condition DisruptionTarget matching Ignore rule at index 0' });
  expect(matchPodFailurePolicy(disruption, failed({ main: 137 }, [{ type: 'DisruptionTarget', status: 'False' }]))).toBeUndefined();
  expect(matchPodFailurePolicy(notIn, { ...failed({ main: 7 }), status: { phase: 'Running' } })).toBeUndefined();
});

test('successPolicy: all listed indexes, a count of them, or a count of any', () => {
  const job = (rules: object[]): V1Job => ({ spec: { completions: 5, template: {}, successPolicy: { rules } } } as V1Job);
  const policy = job([{ succeededIndexes: '0,2' }, { succeededIndexes: '1-4', succeededCount: 3 }, { succeededCount: 4 }]);
  expect(matchSuccessPolicy(policy, new Set([0]))).toBeUndefined();
  expect(matchSuccessPolicy(policy, new Set([0, 2]))).toBe('Matched rules at index 0');
  expect(matchSuccessPolicy(policy, new Set([1, 3, 4]))).toBe('Matched rules at index 1');
  expect(matchSuccessPolicy(policy, new Set([0, 1, 3]))).toBeUndefined();
  expect(matchSuccessPolicy(job([{ succeededCount: 2 }]), new Set([3, 4]))).toBe('Matched rules at index 0');
  expect(matchSuccessPolicy(job([]), new Set([0, 1, 2, 3, 4]))).toBeUndefined();
});

test('judgeJob: failures first, then the deadline, then success; otherwise when to look at the deadline again', () => {
  const now = new Date('2026-11-22T01:00:00Z');
  const job = (spec: object, startTime = '2026-11-22T00:59:00Z'): V1Job => ({ spec: { template: {}, backoffLimit: 2, ...spec }, status: { startTime: startTime as unknown as Date } } as V1Job);
  const progress = { active: [], succeeded: 0, failed: 0, completed: new Set<number>() };
  expect(judgeJob(job({ completions: 2 }), { ...progress, failed: 3, succeeded: 2 }, now)).toMatchObject({ type: 'FailureTarget', reason: 'BackoffLimitExceeded' });
  expect(judgeJob(job({ completions: 2, activeDeadlineSeconds: 60 }), { ...progress, succeeded: 2 }, now)).toMatchObject({ type: 'FailureTarget', reason: 'DeadlineExceeded' });
  expect(judgeJob(job({ completions: 2, activeDeadlineSeconds: 90 }), { ...progress, succeeded: 2 }, now)).toMatchObject({ type: 'SuccessCriteriaMet', reason: 'CompletionsReached' });
  expect(judgeJob(job({ completions: 2, activeDeadlineSeconds: 90 }), { ...progress, succeeded: 1 }, now)).toEqual({ requeueAfter: 30_000 });
  expect(judgeJob(job({ completions: 2, activeDeadlineSeconds: 60, suspend: true }), progress, now)).toBeUndefined();
  // No completions: one success and nothing active.
  const pod: V1Pod = { status: { phase: 'Running' } };
  expect(judgeJob(job({}), { ...progress, succeeded: 1, active: [pod] }, now)).toBeUndefined();
  expect(judgeJob(job({}), { ...progress, succeeded: 1 }, now)).toMatchObject({ type: 'SuccessCriteriaMet' });
  // backoffLimitPerIndex: failed indexes decide, not the global backoffLimit.
  const perIndex = job({ completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 0, maxFailedIndexes: 1 });
  expect(judgeJob(perIndex, { ...progress, failed: 5, failedIndexes: new Set([1]), completed: new Set([0]) }, now)).toBeUndefined();
  expect(judgeJob(perIndex, { ...progress, failedIndexes: new Set([1, 2]) }, now)).toMatchObject({ reason: 'MaxFailedIndexesExceeded' });
  expect(judgeJob(perIndex, { ...progress, failedIndexes: new Set([1]), completed: new Set([0, 2]) }, now)).toMatchObject({ reason: 'FailedIndexes', message: 'Job has failed indexes' });
});
