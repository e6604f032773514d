// Reconciles one DaemonSet, as upstream's daemonset-controller: its pods (orphans matching its
// selector adopted) are grouped by the node they are on or for; the current template's
// ControllerRevision is made or found; then, once earlier creations and deletions have been
// observed, every eligible node without a daemon pod gets one, failed pods and pods on nodes
// that no longer fit (or exist) are deleted, and a RollingUpdate moves nodes to the current
// revision within maxUnavailable/maxSurge (OnDelete waits for users to delete old pods).
// Status counts nodes: desired, scheduled, misscheduled, ready, available, updated.
import {
  AppsV1Api, CoreV1Api, type KubeConfig, type V1DaemonSet, type V1DaemonSetStatus, type V1Node, type V1Pod,
} from '@kubernetes/client-node';
import type { IndexReader } from '../../runtime/cache/index.js';
import type { ReconcileContext, Request, Result } from '../../runtime/controller/index.js';
import type { EventRecorder } from '../../runtime/events/index.js';
import {
  ControllerExpectations, DAEMON_SET, isConflict, isNotFound, isPodAvailable, isPodReady, keyOf, objectReference, PodControl, slowStartBatch,
  SLOW_START_INITIAL_BATCH_SIZE,
} from '../common/index.js';
import { ControllerHistory, templateRevisionData } from '../common/controllerHistory.js';
import { claimPods } from '../common/podClaims.js';
import { sameStatus } from '../common/sameStatus.js';
import { scaledValue } from '../deployment/rollingArithmetic.js';
import { CONTROLLER_REVISION_HASH, customizeDaemonPod, daemonPodNode } from './daemonPods.js';
import { nodeShouldRunDaemonPod, type NodeFit } from './nodeEligibility.js';
import { planRollingUpdate, type NodePods } from './rollingUpdate.js';

export const POD_TEMPLATE_GENERATION = 'pod-template-generation';

const byCreation = (a: V1Pod, b: V1Pod) => new Date(a.metadata!.creationTimestamp!).getTime() - new Date(b.metadata!.creationTimestamp!).getTime();

export class DaemonSetReconciler {
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly podControl: PodControl;
  private readonly history: ControllerHistory;

  constructor(
    kubeConfig: KubeConfig,
    private readonly daemonSets: IndexReader,
    private readonly pods: IndexReader,
    private readonly nodes: IndexReader,
    revisions: IndexReader,
    private readonly recorder: EventRecorder,
    private readonly expectations: ControllerExpectations,
  ) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
    this.podControl = new PodControl(kubeConfig, recorder);
    this.history = new ControllerHistory(kubeConfig, revisions);
  }

  async reconcile({ namespace, name }: Request, { log }: ReconcileContext): Promise<Result | void> {
    const key = `${namespace}/${name}`;
    const cached = this.daemonSets.get(key) as V1DaemonSet | undefined;
    if (!cached) {
      this.expectations.delete(key);
      return;
    }
    if (cached.metadata?.deletionTimestamp) return;
    const ds = structuredClone(cached);
    const spec = ds.spec!;
    const template = spec.template;
    const pods = (await this.claimPods(ds)).filter((pod) => !pod.metadata?.deletionTimestamp);
    const { hash, history } = await this.history.ensure(ds, DAEMON_SET, templateRevisionData(template), template.metadata?.labels ?? {}, CONTROLLER_REVISION_HASH, ds.status?.collisionCount);
    const isCurrent = (pod: V1Pod) => pod.metadata?.labels?.[CONTROLLER_REVISION_HASH] === hash;

    const nodes = this.nodes.list() as unknown as V1Node[];
    const byNode = new Map<string, V1Pod[]>();
    const strays: V1Pod[] = [];
    for (const pod of pods) {
      const node = daemonPodNode(pod);
      if (!node) strays.push(pod);
      else byNode.set(node, [...(byNode.get(node) ?? []), pod]);
    }
    const known = new Set(nodes.map((node) => node.metadata!.name!));
    for (const [node, onNode] of byNode) if (!known.has(node)) strays.push(...onNode);

    const now = new Date();
    const minReadySeconds = spec.minReadySeconds ?? 0;
    const fits = new Map(nodes.map((node) => [node.metadata!.name!, nodeShouldRunDaemonPod(node, template.spec!)]));
    const desired = [...fits.values()].filter((fit) => fit.shouldRun).length;
    const surge = this.surgeOf(ds, desired);
    let result: Result | void = undefined;
    if (this.expectations.satisfied(key)) {
      const creations: string[] = [];
      const deletions: V1Pod[] = [...strays];
      const rolling: NodePods[] = [];
      for (const [nodeName, fit] of fits) {
        const onNode = (byNode.get(nodeName) ?? []).sort(byCreation);
        if (!fit.shouldContinueRunning) {
          deletions.push(...onNode);
          continue;
        }
        const failed = onNode.filter((pod) => pod.status?.phase === 'Failed');
        for (const pod of failed) {
          this.recorder.event(objectReference(DAEMON_SET, ds), 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${keyOf(pod)} on node ${nodeName}, will try to kill it`);
        }
        deletions.push(...failed);
        const running = onNode.filter((pod) => pod.status?.phase !== 'Failed');
        if (!running.length) {
          if (fit.shouldRun) creations.push(nodeName);
          continue;
        }
        // One pod per node: the oldest of the current revision, and (while surging) the oldest older one.
        const current = running.find(isCurrent);
        const old = running.find((pod) => !isCurrent(pod));
        const keepOld = old && (!current || surge > 0);
        deletions.push(...running.filter((pod) => pod !== current && (pod !== old || !keepOld)));
        rolling.push({ node: nodeName, current, old: keepOld ? [old] : [] });
      }
      if (!creations.length && !deletions.length && spec.updateStrategy?.type !== 'OnDelete') {
        const plan = planRollingUpdate(rolling, surge, this.unavailableOf(ds, desired), minReadySeconds, now);
        deletions.push(...plan.deletions);
        creations.push(...plan.surgeNodes);
      }
      if (deletions.length) await this.deletePods(ds, deletions);
      else if (creations.length) await this.createPods(ds, creations, hash, log);
    }

    await this.updateStatus(ds, fits, byNode, isCurrent, now);
    const inUse = new Set([hash, ...pods.map((pod) => pod.metadata?.labels?.[CONTROLLER_REVISION_HASH]).filter((h): h is string => !!h)]);
    await this.history.truncate(history, inUse, spec.revisionHistoryLimit ?? 10);
    if (minReadySeconds > 0 && pods.some((pod) => isPodReady(pod) && !isPodAvailable(pod, minReadySeconds, now))) {
      result = { requeueAfter: minReadySeconds * 1000 };
    }
    return result;
  }

  private surgeOf(ds: V1DaemonSet, desired: number): number {
    if (ds.spec?.updateStrategy?.type === 'OnDelete') return 0;
    return scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxSurge as number | string | undefined ?? 0, desired, true);
  }

  private unavailableOf(ds: V1DaemonSet, desired: number): number {
    const surge = this.surgeOf(ds, desired);
    const unavailable = scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable as number | string | undefined ?? 1, desired, true);
    return surge === 0 && unavailable === 0 ? 1 : unavailable;
  }

  private async createPods(ds: V1DaemonSet, nodes: string[], hash: string, log: ReconcileContext['log']): Promise<void> {
    const key = keyOf(ds);
    this.expectations.expectCreations(key, nodes.length);
    const queue = [...nodes];
    const { successes, error } = await slowStartBatch(nodes.length, SLOW_START_INITIAL_BATCH_SIZE, async () => {
      const node = queue.shift()!;
      try {
        await this.podControl.createPod(ds, DAEMON_SET, ds.spec!.template, (pod) => {
          customizeDaemonPod(pod, node, hash);
          pod.metadata!.labels![POD_TEMPLATE_GENERATION] = String(ds.metadata!.generation ?? 0);
        });
      } catch (failure) {
        this.expectations.creationObserved(key);
        throw failure;
      }
    });
    const skipped = nodes.length - successes - (error ? 1 : 0);
    if (skipped > 0) this.expectations.lowerCreations(key, skipped);
    if (error) {
      log.info('creating daemon pods failed', { error: (error as Error).message });
      throw error;
    }
  }

  private async deletePods(ds: V1DaemonSet, pods: V1Pod[]): Promise<void> {
    const key = keyOf(ds);
    const unique = [...new Set(pods)];
    this.expectations.expectDeletions(key, unique.map(keyOf));
    await Promise.all(unique.map(async (pod) => {
      try {
        await this.podControl.deletePod(ds, DAEMON_SET, pod.metadata!.namespace!, pod.metadata!.name!);
      } catch (error) {
        this.expectations.deletionObserved(key, keyOf(pod));
        if (!isNotFound(error)) throw error;
      }
    }));
  }

  private async updateStatus(ds: V1DaemonSet, fits: Map<string, NodeFit>, byNode: Map<string, V1Pod[]>, isCurrent: (pod: V1Pod) => boolean, now: Date): Promise<void> {
    const minReadySeconds = ds.spec!.minReadySeconds ?? 0;
    const status: V1DaemonSetStatus = {
      currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0,
      numberAvailable: 0, updatedNumberScheduled: 0, observedGeneration: ds.metadata!.generation,
      collisionCount: ds.status?.collisionCount, conditions: ds.status?.conditions,
    };
    for (const [nodeName, { shouldRun }] of fits) {
      const onNode = (byNode.get(nodeName) ?? []).sort(byCreation);
      if (!shouldRun) {
        if (onNode.length) status.numberMisscheduled++;
        continue;
      }
      status.desiredNumberScheduled++;
      if (!onNode.length) continue;
      status.currentNumberScheduled++;
      const pod = onNode.find((p) => isCurrent(p) && isPodReady(p)) ?? onNode[0];
      if (isPodReady(pod)) status.numberReady++;
      if (isPodAvailable(pod, minReadySeconds, now)) status.numberAvailable!++;
      if (onNode.some(isCurrent)) status.updatedNumberScheduled!++;
    }
    status.numberUnavailable = status.desiredNumberScheduled - status.numberAvailable!;
    if (sameStatus(status, ds.status ?? {})) return;
    const { namespace, name } = ds.metadata as { namespace: string; name: string };
    try {
      await this.apps.replaceNamespacedDaemonSetStatus({ namespace, name, body: { ...ds, status } });
    } catch (error) {
      if (!isConflict(error)) throw error;
      // The cache lagged a write: once more on the object as it is now.
      const fresh = await this.apps.readNamespacedDaemonSet({ namespace, name });
      await this.apps.replaceNamespacedDaemonSetStatus({ namespace, name, body: { ...fresh, status } });
    }
  }

  private claimPods(ds: V1DaemonSet): Promise<V1Pod[]> {
    const { namespace, name } = ds.metadata as { namespace: string; name: string };
    return claimPods({
      owner: ds, gvk: DAEMON_SET, selector: ds.spec!.selector, pods: this.pods, core: this.core,
      readOwner: () => this.apps.readNamespacedDaemonSet({ namespace, name }),
    });
  }
}
