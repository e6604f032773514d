// Makes a Job's pods match what it wants, as upstream's manageJob: min(parallelism, what
// remains) active pods — surplus ones deleted most disposable first (Indexed: also pods of
// finished indexes and second pods of one index), missing ones created (Indexed: for the
// lowest pending indexes) in slow-start batches after the failure back-off, with expectations
// so that a lagging cache never makes or deletes a pod twice.
import type { KubeConfig, V1Job, V1Pod } from '@kubernetes/client-node';
import type { ReconcileContext } from '../../runtime/controller/index.js';
import type { EventRecorder } from '../../runtime/events/index.js';
import {
  ControllerExpectations, JOB, PodControl, slowStartBatch, sortActivePods, SLOW_START_INITIAL_BATCH_SIZE, statusMessage,
} from '../common/index.js';
import { indexBackoffRemaining, INDEX_FAILURE_COUNT, type PerIndexState } from './backoffPerIndex.js';
import { podCompletionIndex } from './completionIndexes.js';
import { customizeJobPod } from './jobPods.js';
import { onlyReplaceFailedPods } from './jobPodStates.js';
import type { PodBackoff } from './podBackoff.js';

export class JobPodManager {
  private readonly podControl: PodControl;

  constructor(
    kubeConfig: KubeConfig,
    recorder: EventRecorder,
    private readonly expectations: ControllerExpectations,
    private readonly backoff: PodBackoff,
    private readonly now: () => Date,
  ) {
    this.podControl = new PodControl(kubeConfig, recorder);
  }

  /**
   * Creates or deletes pods toward min(parallelism, what remains); returns the active count after.
   * (Indexed: pending indexes are also skipped while a terminating pod still holds them.)
   */
  async manage(
    job: V1Job, active: V1Pod[], terminating: V1Pod[], succeeded: number, completed: Set<number>,
    perIndex: PerIndexState | undefined, log: ReconcileContext['log'],
  ): Promise<{ active: number; requeueAfter?: number }> {
    const spec = job.spec!;
    const key = `${job.metadata!.namespace}/${job.metadata!.name}`;
    // podReplacementPolicy Failed: a terminating pod is replaced only once it has failed.
    const waitForTerminating = onlyReplaceFailedPods(job);
    const parallelism = spec.parallelism ?? 1;
    const completions = spec.completions ?? undefined;
    let want: number;
    if (completions === undefined) want = succeeded > 0 ? Math.min(active.length, parallelism) : parallelism;
    else want = Math.max(0, Math.min(parallelism, completions - succeeded - (perIndex?.failed.size ?? 0)));
    const done = (index: number) => completed.has(index) || !!perIndex?.failed.has(index);

    // Indexed: pods of completed (or failed) indexes, and second pods of one index, go first.
    let surplus: V1Pod[] = [];
    let pending: number[] = [];
    if (spec.completionMode === 'Indexed') {
      const seen = new Set<number>();
      const keep: V1Pod[] = [];
      for (const pod of sortActivePods(active).reverse()) {
        const index = podCompletionIndex(pod, completions ?? 0);
        if (index === undefined || done(index) || seen.has(index)) surplus.push(pod);
        else {
          seen.add(index);
          keep.push(pod);
        }
      }
      const held = new Set(waitForTerminating ? terminating.map((pod) => podCompletionIndex(pod, completions ?? 0)) : []);
      pending = Array.from({ length: completions ?? 0 }, (_, i) => i).filter((i) => !done(i) && !seen.has(i) && !held.has(i));
      active = keep;
    }
    const excess = active.length > want ? sortActivePods(active).slice(0, active.length - want) : [];
    surplus = [...surplus, ...excess];
    if (surplus.length) {
      await this.deletePods(job, surplus);
      return { active: active.length - excess.length };
    }
    const missing = want - active.length - (waitForTerminating ? terminating.length : 0);
    if (missing <= 0) return { active: active.length };
    const nowMs = this.now().getTime();
    let requeueAfter: number | undefined;
    if (perIndex) {
      // Each index waits out its own back-off.
      const waits = pending.map((index) => indexBackoffRemaining(perIndex.failures, index, nowMs));
      const positive = waits.filter((w) => w > 0);
      if (positive.length) requeueAfter = Math.min(...positive);
      pending = pending.filter((_, i) => waits[i] === 0);
    } else {
      const wait = this.backoff.remaining(key, nowMs);
      if (wait > 0) return { active: active.length, requeueAfter: wait };
    }

    const indexes = spec.completionMode === 'Indexed' ? pending.slice(0, missing) : Array.from({ length: missing }, () => undefined);
    if (!indexes.length) return { active: active.length, requeueAfter };
    this.expectations.expectCreations(key, indexes.length);
    const queue = [...indexes];
    const { successes, error } = await slowStartBatch(indexes.length, SLOW_START_INITIAL_BATCH_SIZE, async () => {
      const index = queue.shift();
      try {
        await this.podControl.createPod(job, JOB, job.spec!.template, (pod) => {
          customizeJobPod(pod, job.metadata!.name!, index);
          if (perIndex && index !== undefined) pod.metadata!.annotations![INDEX_FAILURE_COUNT] = String(perIndex.failures.counts.get(index) ?? 0);
        });
      } catch (failure) {
        this.expectations.creationObserved(key);
        throw failure;
      }
    });
    this.expectations.lowerCreations(key, indexes.length - successes - (error ? 1 : 0));
    if (error) log.info('creating pods failed', { error: statusMessage(error) });
    if (error && (error as { code?: number }).code !== 403) throw error;
    return { active: active.length + successes, requeueAfter };
  }

  async deletePods(job: V1Job, pods: V1Pod[]): Promise<void> {
    if (!pods.length) return;
    const key = `${job.metadata!.namespace}/${job.metadata!.name}`;
    this.expectations.expectDeletions(key, pods.map((pod) => `${pod.metadata!.namespace}/${pod.metadata!.name}`));
    await Promise.all(pods.map(async (pod) => {
      const podKey = `${pod.metadata!.namespace}/${pod.metadata!.name}`;
      try {
        await this.podControl.deletePod(job, JOB, pod.metadata!.namespace!, pod.metadata!.name!);
      } catch (error) {
        this.expectations.deletionObserved(key, podKey);
        if ((error as { code?: number }).code !== 404) throw error;
      }
    }));
  }
}
