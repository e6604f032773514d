// One node as the scheduler sees it: the Node's facts parsed once (allocatable, taints,
// labels) and the aggregates of the pods on it (assigned and assumed), kept up to date
// incrementally as pods come and go, so that a filter reads a handful of numbers.
import type { V1Node, V1Taint } from '@kubernetes/client-node';
import { hasAffinityTerms, type PodInfo } from './podInfo.js';
import { addInto, emptyResources, toResources, type Resources } from './resources.js';

export class NodeInfo {
  node: V1Node | undefined;
  labels: Record<string, string> = {};
  taints: V1Taint[] = [];
  unschedulable = false;
  allocatable: Resources = emptyResources();
  allowedPods = 0;
  readonly pods = new Map<string, PodInfo>();
  readonly requested: Resources = emptyResources();
  readonly nonZeroRequested: Resources = emptyResources();
  /** `protocol/port/ip` → how many pods use it. */
  readonly usedPorts = new Map<string, number>();
  /** Pods here with any pod (anti-)affinity term. */
  readonly podsWithAffinity = new Set<PodInfo>();

  constructor(readonly name: string) {}

  setNode(node: V1Node | undefined): void {
    this.node = node;
    this.labels = node?.metadata?.labels ?? {};
    this.taints = node?.spec?.taints ?? [];
    this.unschedulable = node?.spec?.unschedulable ?? false;
    const allocatable = node?.status?.allocatable as Record<string, unknown> | undefined;
    this.allocatable = toResources(allocatable);
    this.allowedPods = Number(allocatable?.pods ?? 0) || 0;
  }

  addPod(info: PodInfo): void {
    if (this.pods.has(info.key)) this.removePod(info.key);
    this.pods.set(info.key, info);
    this.account(info, 1);
  }

  removePod(key: string): PodInfo | undefined {
    const info = this.pods.get(key);
    if (!info) return undefined;
    this.pods.delete(key);
    this.account(info, -1);
    return info;
  }

  /** A copy to simulate on (preemption, nominated pods); the Node object is shared. */
  clone(): NodeInfo {
    const copy = new NodeInfo(this.name);
    copy.setNode(this.node);
    for (const info of this.pods.values()) copy.addPod(info);
    return copy;
  }

  private account(info: PodInfo, sign: 1 | -1): void {
    addInto(this.requested, info.requests, sign);
    addInto(this.nonZeroRequested, info.nonZeroRequests, sign);
    for (const { ip, protocol, port } of info.hostPorts) {
      const key = `${protocol}/${port}/${ip}`;
      const count = (this.usedPorts.get(key) ?? 0) + sign;
      if (count > 0) this.usedPorts.set(key, count);
      else this.usedPorts.delete(key);
    }
    if (hasAffinityTerms(info)) {
      if (sign > 0) this.podsWithAffinity.add(info);
      else this.podsWithAffinity.delete(info);
    }
  }
}
