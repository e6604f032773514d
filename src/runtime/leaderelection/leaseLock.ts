// A ResourceLock on a coordination.k8s.io/v1 Lease, through client-node's CoordinationV1Api.
// It keeps the Lease last read or written and replaces that object (its resourceVersion
// included), so the API server refuses with 409 an update built on a version someone else has
// since replaced.
import { CoordinationV1Api, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { leaseSpecToRecord, recordToLeaseSpec, type LeaderElectionRecord } from './leaderElectionRecord.js';
import { LockNotFoundError, type ResourceLock } from './resourceLock.js';

export interface LeaseLockOptions {
  namespace: string;
  name: string;
  identity: string;
}

export class LeaseLock implements ResourceLock {
  private readonly api: CoordinationV1Api;
  private lease: V1Lease | undefined;

  constructor(kubeConfig: KubeConfig, private readonly options: LeaseLockOptions) {
    this.api = kubeConfig.makeApiClient(CoordinationV1Api);
  }

  async get(): Promise<LeaderElectionRecord> {
    const { name, namespace } = this.options;
    try {
      this.lease = await this.api.readNamespacedLease({ name, namespace });
    } catch (error) {
      if ((error as { code?: number }).code === 404) throw new LockNotFoundError(`lease ${this.describe()}`);
      throw error;
    }
    return leaseSpecToRecord(this.lease.spec);
  }

  async create(record: LeaderElectionRecord): Promise<void> {
    const { name, namespace } = this.options;
    this.lease = await this.api.createNamespacedLease({
      namespace,
      body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace }, spec: recordToLeaseSpec(record) },
    });
  }

  async update(record: LeaderElectionRecord): Promise<void> {
    if (!this.lease) throw new Error(`lease ${this.describe()} not initialized: get or create it first`);
    const { name, namespace } = this.options;
    this.lease = await this.api.replaceNamespacedLease({
      name,
      namespace,
      body: { ...this.lease, spec: recordToLeaseSpec(record) },
    });
  }

  identity(): string {
    return this.options.identity;
  }

  describe(): string {
    return `${this.options.namespace}/${this.options.name}`;
  }
}
