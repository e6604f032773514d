// The node's heartbeat: a coordination.k8s.io/v1 Lease named after the node in
// kube-node-lease, owned by the Node, held by the node, renewed every quarter of its 40 s
// duration (upstream's defaults). The node lifecycle controller reads renewTime to tell a live
// node from a lost one.
import { V1MicroTime, type CoordinationV1Api, type V1Lease } from '@kubernetes/client-node';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const NODE_LEASE_DURATION_SECONDS = 40;

const isCode = (error: unknown, code: number) => (error as { code?: number }).code === code;

export class NodeLease {
  private lease: V1Lease | undefined;

  constructor(
    private readonly api: CoordinationV1Api,
    private readonly nodeName: string,
    private readonly nodeUid: () => string | undefined,
    private readonly durationSeconds = NODE_LEASE_DURATION_SECONDS,
  ) {}

  /** How often to renew: a quarter of the duration. */
  get renewIntervalMs(): number {
    return (this.durationSeconds * 1000) / 4;
  }

  /** Renews the Lease, creating it on first use (or reading the one a previous run left); a
   * conflict re-reads and retries once. */
  async renew(): Promise<void> {
    try {
      await this.tryRenew();
    } catch (error) {
      if (!isCode(error, 409)) throw error;
      this.lease = undefined;
      await this.tryRenew();
    }
  }

  private async tryRenew(): Promise<void> {
    const name = this.nodeName;
    const namespace = NODE_LEASE_NAMESPACE;
    if (!this.lease) {
      try {
        this.lease = await this.api.createNamespacedLease({ namespace, body: this.fresh() });
        return;
      } catch (error) {
        if (!isCode(error, 409)) throw error;
        this.lease = await this.api.readNamespacedLease({ name, namespace });
      }
    }
    this.lease = await this.api.replaceNamespacedLease({
      name,
      namespace,
      body: { ...this.lease, spec: { ...this.lease.spec, holderIdentity: name, leaseDurationSeconds: this.durationSeconds, renewTime: new V1MicroTime() } },
    });
  }

  private fresh(): V1Lease {
    const uid = this.nodeUid();
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: this.nodeName,
        namespace: NODE_LEASE_NAMESPACE,
        ...(uid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.nodeName, uid }] } : {}),
      },
      spec: { holderIdentity: this.nodeName, leaseDurationSeconds: this.durationSeconds, renewTime: new V1MicroTime() },
    };
  }
}
