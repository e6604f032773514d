// Pods nominated to a node by preemption (status.nominatedNodeName): they wait for their
// victims to leave, and meanwhile pods of lower priority must not take the room freed for them.
import type { PodInfo } from './cache/podInfo.js';
import type { Nominations } from './algorithm.js';

export class NominatedPods implements Nominations {
  private readonly byNode = new Map<string, Map<string, PodInfo>>();
  private readonly nodes = new Map<string, string>();

  constructor(private readonly priorityOf: (pod: PodInfo) => number) {}

  /** The node a pod is nominated to. */
  nodeOf(key: string): string | undefined {
    return this.nodes.get(key);
  }

  get size(): number {
    return this.nodes.size;
  }

  set(pod: PodInfo, node: string): void {
    this.delete(pod.key);
    let pods = this.byNode.get(node);
    if (!pods) this.byNode.set(node, (pods = new Map()));
    pods.set(pod.key, pod);
    this.nodes.set(pod.key, node);
  }

  delete(key: string): void {
    const node = this.nodes.get(key);
    if (node === undefined) return;
    this.nodes.delete(key);
    const pods = this.byNode.get(node)!;
    pods.delete(key);
    if (pods.size === 0) this.byNode.delete(node);
  }

  /** Pods nominated to this node with a priority below `priority`. */
  below(node: string, priority: number): PodInfo[] {
    return [...(this.byNode.get(node)?.values() ?? [])].filter((pod) => this.priorityOf(pod) < priority);
  }

  on(node: string, priority: number, except: string): PodInfo[] {
    const pods = this.byNode.get(node);
    if (!pods) return [];
    return [...pods.values()].filter((pod) => pod.key !== except && this.priorityOf(pod) >= priority);
  }
}
