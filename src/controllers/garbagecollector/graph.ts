// The owner→dependents graph, by UID. A node is an observed object, or a virtual node: an owner
// named by some ownerReference but not (yet) seen by an informer, which the attempt-to-delete
// queue verifies with a live GET. Updating the graph reports what must be (re)examined, so
// the graph stays a plain data structure and the collector decides what to enqueue.
import {
  FINALIZER_FOREGROUND, FINALIZER_ORPHAN, identityOf, type GcObject, type GcOwnerReference, type ObjectIdentity,
} from './metadata.js';

export class GraphNode {
  readonly dependents = new Set<GraphNode>();
  owners: GcOwnerReference[] = [];
  beingDeleted = false;
  deletingDependents = false;
  orphaning = false;

  constructor(public identity: ObjectIdentity, public virtual: boolean) {}

  get uid(): string {
    return this.identity.uid;
  }

  /** Dependents whose reference to this node has blockOwnerDeletion: true. */
  blockingDependents(): GraphNode[] {
    return [...this.dependents].filter((d) => d.owners.some((o) => o.uid === this.uid && o.blockOwnerDeletion === true));
  }
}

/** What the collector should look at after a graph change. */
export interface GraphWork {
  attemptToDelete: GraphNode[];
  attemptToOrphan: GraphNode[];
}

export class Graph {
  private readonly nodes = new Map<string, GraphNode>();

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  get size(): number {
    return this.nodes.size;
  }

  /** An object was added or updated. */
  observe(object: GcObject): GraphWork {
    const work: GraphWork = { attemptToDelete: [], attemptToOrphan: [] };
    const identity = identityOf(object);
    if (!identity.uid) return work;
    let node = this.nodes.get(identity.uid);
    if (!node) {
      node = new GraphNode(identity, false);
      this.nodes.set(identity.uid, node);
    } else if (node.virtual) {
      node.virtual = false;
      node.identity = identity;
    } else {
      node.identity = identity;
    }
    this.setOwners(node, object.metadata.ownerReferences ?? [], work);

    const finalizers = object.metadata.finalizers ?? [];
    const wasDeletingDependents = node.deletingDependents;
    node.beingDeleted = Boolean(object.metadata.deletionTimestamp);
    node.deletingDependents = node.beingDeleted && finalizers.includes(FINALIZER_FOREGROUND);
    node.orphaning = node.beingDeleted && finalizers.includes(FINALIZER_ORPHAN);
    if (node.deletingDependents && !wasDeletingDependents) {
      // Foreground deletion starts: every dependent is examined, and the owner itself (it may
      // have none, and then its finalizer goes at once).
      work.attemptToDelete.push(...node.dependents, node);
    }
    if (node.orphaning) work.attemptToOrphan.push(node);
    return work;
  }

  /** An object was deleted: its node goes, its dependents are examined (their owner is gone)
   * and owners waiting for their dependents are looked at again. */
  remove(object: GcObject): GraphWork {
    const work: GraphWork = { attemptToDelete: [], attemptToOrphan: [] };
    const node = this.nodes.get(object.metadata.uid);
    if (!node || node.virtual) return work;
    this.removeNode(node, work);
    return work;
  }

  /** A virtual node was confirmed absent: it goes and its dependents are examined. */
  removeVirtual(node: GraphNode): GraphWork {
    const work: GraphWork = { attemptToDelete: [], attemptToOrphan: [] };
    if (this.nodes.get(node.uid) === node && node.virtual) this.removeNode(node, work);
    return work;
  }

  private removeNode(node: GraphNode, work: GraphWork): void {
    this.nodes.delete(node.uid);
    for (const owner of node.owners) {
      const ownerNode = this.nodes.get(owner.uid);
      if (!ownerNode) continue;
      ownerNode.dependents.delete(node);
      if (ownerNode.deletingDependents) work.attemptToDelete.push(ownerNode);
      this.dropIfUnreferencedVirtual(ownerNode);
    }
    work.attemptToDelete.push(...node.dependents);
  }

  private setOwners(node: GraphNode, next: GcOwnerReference[], work: GraphWork): void {
    const before = new Map(node.owners.map((o) => [o.uid, o]));
    const after = new Map(next.map((o) => [o.uid, o]));
    node.owners = next;
    for (const [uid, ref] of after) {
      const old = before.get(uid);
      if (old) {
        // blockOwnerDeletion turned off: a waiting owner may go on.
        if (old.blockOwnerDeletion && !ref.blockOwnerDeletion) {
          const owner = this.nodes.get(uid);
          if (owner?.deletingDependents) work.attemptToDelete.push(owner);
        }
        continue;
      }
      let owner = this.nodes.get(uid);
      if (!owner) {
        owner = new GraphNode({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid, namespace: node.identity.namespace }, true);
        this.nodes.set(uid, owner);
        // An owner never observed: verify it exists.
        work.attemptToDelete.push(owner);
      }
      owner.dependents.add(node);
    }
    for (const uid of before.keys()) {
      if (after.has(uid)) continue;
      const owner = this.nodes.get(uid);
      if (!owner) continue;
      owner.dependents.delete(node);
      if (owner.deletingDependents) work.attemptToDelete.push(owner);
      this.dropIfUnreferencedVirtual(owner);
    }
  }

  private dropIfUnreferencedVirtual(node: GraphNode): void {
    if (node.virtual && node.dependents.size === 0) this.nodes.delete(node.uid);
  }
}
