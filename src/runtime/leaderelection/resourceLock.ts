// The lock an elector competes for (client-go's resourcelock.Interface): read the record, create
// it, or update it with optimistic concurrency. An update builds on the object last read or
// written, so a write by anyone else in between fails with a conflict.
import type { LeaderElectionRecord } from './leaderElectionRecord.js';

export interface ResourceLock {
  /** The current record; throws LockNotFoundError when the lock object does not exist. */
  get(): Promise<LeaderElectionRecord>;
  /** Creates the lock object holding record; fails if it exists already. */
  create(record: LeaderElectionRecord): Promise<void>;
  /** Replaces the record on the object last read or written; fails on a stale version. */
  update(record: LeaderElectionRecord): Promise<void>;
  /** The candidate's identity, written as holderIdentity. */
  identity(): string;
  /** namespace/name, for logs. */
  describe(): string;
}

export class LockNotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'LockNotFoundError';
  }
}
