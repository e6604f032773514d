// The scheduler's view of the cluster: a NodeInfo per node with the pods assigned to it, fed
// by the pod and node informers, plus the pods the scheduler has assumed onto a node while
// their binding is in flight (so quick decisions do not overcommit a node before the watch
// reports the binding). An assumed pod is confirmed when the informer shows it bound, and
// forgotten if the binding fails. All methods are synchronous: a scheduling cycle, which runs
// within one turn of the event loop, always sees a consistent state.
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { NodeInfo } from './nodeInfo.js';
import { podInfo, podKey } from './podInfo.js';

const isTerminal = (pod: V1Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

export class ClusterCache {
  private readonly infos = new Map<string, NodeInfo>();
  /** The nodes that exist (a NodeInfo may hold pods of a node not seen yet). */
  private nodeList: NodeInfo[] = [];
  /** pod key → the node it counts on. */
  private readonly podNodes = new Map<string, string>();
  private readonly assumed = new Set<string>();
  /** Nodes holding pods with affinity terms (what InterPodAffinity walks). */
  readonly nodesWithAffinityPods = new Set<NodeInfo>();

  get nodes(): readonly NodeInfo[] {
    return this.nodeList;
  }

  setNode(node: V1Node): void {
    const name = node.metadata!.name!;
    let info = this.infos.get(name);
    if (!info) this.infos.set(name, (info = new NodeInfo(name)));
    const isNew = !info.node;
    info.setNode(node);
    if (isNew) this.nodeList.push(info);
  }

  deleteNode(name: string): void {
    const info = this.infos.get(name);
    if (!info) return;
    info.setNode(undefined);
    this.nodeList = this.nodeList.filter((n) => n !== info);
    if (info.pods.size === 0) this.infos.delete(name);
  }

  /** An informer's view of a pod: counted on its node while assigned and not terminal. */
  setPod(pod: V1Pod): void {
    const key = podKey(pod);
    const nodeName = pod.spec?.nodeName;
    if (!nodeName || isTerminal(pod)) {
      if (!this.assumed.has(key)) this.removePod(key);
      return;
    }
    this.assumed.delete(key);
    this.place(key, nodeName, pod);
  }

  deletePod(pod: V1Pod): void {
    const key = podKey(pod);
    this.assumed.delete(key);
    this.removePod(key);
  }

  /** Counts a pod on the node chosen for it before the binding is written. */
  assume(pod: V1Pod, nodeName: string): void {
    const key = podKey(pod);
    this.assumed.add(key);
    this.place(key, nodeName, pod);
  }

  /** The binding failed: the assumed pod no longer counts. */
  forget(pod: V1Pod): void {
    const key = podKey(pod);
    if (!this.assumed.delete(key)) return;
    this.removePod(key);
  }

  isAssumedOrAssigned(key: string): boolean {
    return this.podNodes.has(key);
  }

  private place(key: string, nodeName: string, pod: V1Pod): void {
    const previous = this.podNodes.get(key);
    if (previous && previous !== nodeName) this.removePod(key);
    let info = this.infos.get(nodeName);
    if (!info) this.infos.set(nodeName, (info = new NodeInfo(nodeName)));
    info.addPod(podInfo(pod));
    this.podNodes.set(key, nodeName);
    this.trackAffinity(info);
  }

  private removePod(key: string): void {
    const nodeName = this.podNodes.get(key);
    if (nodeName === undefined) return;
    this.podNodes.delete(key);
    const info = this.infos.get(nodeName);
    if (!info) return;
    info.removePod(key);
    this.trackAffinity(info);
    if (!info.node && info.pods.size === 0) this.infos.delete(nodeName);
  }

  private trackAffinity(info: NodeInfo): void {
    if (info.podsWithAffinity.size > 0) this.nodesWithAffinityPods.add(info);
    else this.nodesWithAffinityPods.delete(info);
  }
}
