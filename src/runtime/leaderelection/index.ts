// leaderelection: one active replica among many, on a coordination.k8s.io/v1 Lease, with
// client-go's tools/leaderelection semantics and defaults (lease 15 s, renew deadline 10 s,
// retry period 2 s).
//   LeaderElector        campaigns, runs onStartedLeading(signal) while leading, renews every
//                        retryPeriod, steps down (onStoppedLeading) when it cannot renew within
//                        renewDeadline; ReleaseOnCancel hands the lease over at once on a
//                        graceful stop                                      (leaderElector.ts)
//   LeaseLock            the Lease as a lock through client-node, with resourceVersion
//                        optimistic concurrency                                  (leaseLock.ts)
//   ResourceLock         the lock contract, for other lock kinds and tests     (resourceLock.ts)
//   leader_election_master_status{name}  on an injected prom-client Registry      (metrics.ts)
// It imports client-node, prom-client and src/log; never the API server, registry or storage.
export { LeaderElector } from './leaderElector.js';
export {
  DEFAULT_LEASE_DURATION_MS, DEFAULT_RENEW_DEADLINE_MS, DEFAULT_RETRY_PERIOD_MS, JITTER_FACTOR, resolveTimings,
} from './leaderElectionConfig.js';
export type { LeaderCallbacks, LeaderElectionConfig, ResolvedTimings } from './leaderElectionConfig.js';
export {
  formatMicroTime, leaseSpecToRecord, recordToLeaseSpec, type LeaderElectionRecord,
} from './leaderElectionRecord.js';
export { LeaseLock, type LeaseLockOptions } from './leaseLock.js';
export { LockNotFoundError, type ResourceLock } from './resourceLock.js';
export { noopLeaderMetrics, prometheusLeaderMetrics, type LeaderMetrics } from './metrics.js';
