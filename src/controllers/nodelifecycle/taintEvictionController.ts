// Taint-based eviction (upstream's `taint-eviction-controller`): a pod on a node with NoExecute
// taints it does not tolerate is deleted at once; one that tolerates them all is deleted once
// the shortest tolerationSeconds among the tolerations used has passed since the taint was
// added (never, when none of them sets tolerationSeconds). Before deleting, the pod gets the
// DisruptionTarget condition and a TaintManagerEviction event.
import { CoreV1Api, PatchStrategy, setHeaderOptions, type V1Node, type V1Pod, type V1Taint } from '@kubernetes/client-node';
import type { KubeObject } from '../../runtime/cache/index.js';
import type { Controller } from '../../runtime/controller/index.js';
import { EventRecorder } from '../../runtime/events/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import { podsOnNode } from './podsByNode.js';
import { toleratesTaint } from '../../api/tolerations.js';

const strategicMerge = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
const codeOf = (error: unknown) => (error as { code?: number }).code;

/** When the pod must go given the node's NoExecute taints (ms since the epoch; Infinity: never). */
export function evictionTime(pod: V1Pod, taints: V1Taint[]): number {
  let at = Infinity;
  for (const taint of taints) {
    const used = (pod.spec?.tolerations ?? []).filter((t) => toleratesTaint(t, taint));
    if (used.length === 0) return 0;
    const seconds = Math.min(...used.map((t) => (t.tolerationSeconds === undefined || t.tolerationSeconds === null ? Infinity : Math.max(t.tolerationSeconds, 0))));
    if (seconds === Infinity) continue;
    const added = taint.timeAdded ? new Date(taint.timeAdded).getTime() : Date.now();
    at = Math.min(at, added + seconds * 1000);
  }
  return at;
}

export function addTaintEvictionController(manager: Manager): Controller {
  const core = manager.kubeConfig.makeApiClient(CoreV1Api);
  const events = new EventRecorder(manager.kubeConfig, { component: 'taint-eviction-controller' });
  const nodes = manager.informers.forResource('/api/v1/nodes').store;
  const pods = manager.informers.forResource('/api/v1/pods');
  return manager.controller()
    .named('taint-eviction')
    .for('/api/v1/nodes')
    .watches('/api/v1/pods', (pod: KubeObject) => {
      const node = (pod as V1Pod).spec?.nodeName;
      return node ? [{ name: node }] : [];
    })
    .complete(async ({ name }) => {
      const node = nodes.get(name) as V1Node | undefined;
      const taints = (node?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
      if (taints.length === 0) return;
      let next = Infinity;
      const now = Date.now();
      for (const pod of podsOnNode(pods, name)) {
        if (pod.metadata?.deletionTimestamp) continue;
        const at = evictionTime(pod, taints);
        if (at > now) {
          next = Math.min(next, at);
          continue;
        }
        const { namespace, name: podName, uid } = pod.metadata!;
        events.event({ kind: 'Pod', namespace, name: podName, uid, apiVersion: 'v1' }, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${namespace}/${podName}`);
        try {
          await core.patchNamespacedPodStatus({
            namespace: namespace!, name: podName!,
            body: { status: { conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: new Date(now).toISOString().replace(/\.\d+Z$/, 'Z') }] } },
          }, strategicMerge);
          await core.deleteNamespacedPod({ namespace: namespace!, name: podName! });
        } catch (error) {
          if (codeOf(error) !== 404) throw error;
        }
      }
      return next === Infinity ? undefined : { requeueAfter: next - now + 100 };
    });
}
