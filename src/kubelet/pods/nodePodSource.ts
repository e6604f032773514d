// The pods bound to the node agents of one process, from one shared informer: each agent
// subscribes by node name and hears only its own pods, so a thousand simulated nodes cost one
// list and one watch, not a thousand. With a single agent the informer selects that node's
// pods only (`spec.nodeName=<node>`), as upstream's kubelet does.
import type { V1Pod } from '@kubernetes/client-node';
import type { KubeObject, SharedInformer, SharedInformerFactory } from '../../runtime/cache/index.js';

export interface NodePodHandler {
  upsert(pod: V1Pod): void;
  remove(pod: V1Pod): void;
}

const NODE_INDEX = 'spec.nodeName';
const nodeOf = (pod: KubeObject) => (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '';

export class NodePodSource {
  private readonly informer: SharedInformer;
  private readonly handlers = new Map<string, NodePodHandler>();

  /** `nodeName`: the only node this source serves; without it, every node with pods. */
  constructor(informers: SharedInformerFactory, nodeName?: string) {
    this.informer = informers.forResource('/api/v1/pods', { fieldSelector: nodeName ? `spec.nodeName=${nodeName}` : 'spec.nodeName!=' });
    if (!this.informer.store.indexNames().includes(NODE_INDEX)) this.informer.addIndex(NODE_INDEX, (pod) => [nodeOf(pod)]);
    this.informer.addEventHandler({
      onAdd: (pod) => this.handlers.get(nodeOf(pod))?.upsert(pod as V1Pod),
      onUpdate: (_old, pod) => this.handlers.get(nodeOf(pod))?.upsert(pod as V1Pod),
      onDelete: (pod) => this.handlers.get(nodeOf(pod))?.remove(pod as V1Pod),
    });
  }

  /** Starts delivering a node's pods to `handler`, beginning with those already known. */
  subscribe(nodeName: string, handler: NodePodHandler): void {
    this.handlers.set(nodeName, handler);
    for (const pod of this.informer.store.byIndex(NODE_INDEX, nodeName)) handler.upsert(pod as V1Pod);
  }

  unsubscribe(nodeName: string): void {
    this.handlers.delete(nodeName);
  }

  /** The node's pods the informer holds now. */
  pods(nodeName: string): V1Pod[] {
    return this.informer.store.byIndex(NODE_INDEX, nodeName) as V1Pod[];
  }

  waitForSync(timeoutMs?: number): Promise<void> {
    this.informer.start();
    return this.informer.waitForSync(timeoutMs);
  }
}
