// What an elector is configured with, client-go's defaults (lease 15 s, renew deadline 10 s,
// retry period 2 s) and the checks NewLeaderElector makes before running.
import type { Registry } from 'prom-client';
import type { ResourceLock } from './resourceLock.js';

/** Waits in the acquire loop are retryPeriod stretched by up to this factor, at random. */
export const JITTER_FACTOR = 1.2;

export const DEFAULT_LEASE_DURATION_MS = 15_000;
export const DEFAULT_RENEW_DEADLINE_MS = 10_000;
export const DEFAULT_RETRY_PERIOD_MS = 2_000;

export interface LeaderCallbacks {
  /**
   * Called once leadership is acquired. The signal aborts when leadership ends (lost, or run
   * cancelled); stop the guarded work then. A returned promise is awaited before a release.
   */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Called when this candidate stops leading (lost the lease, or run was cancelled). */
  onStoppedLeading(): void;
  /** Called when the observed holder changes, this candidate included; never with ''. */
  onNewLeader?(identity: string): void;
}

export interface LeaderElectionConfig {
  lock: ResourceLock;
  /** How long non-leaders wait after the last observed change before taking over. */
  leaseDurationMs?: number;
  /** How long the leader keeps retrying a failed renewal before giving up leadership. */
  renewDeadlineMs?: number;
  /** Time between attempts to acquire or renew. */
  retryPeriodMs?: number;
  /** On a graceful stop, clear holderIdentity so a successor can take over at once. */
  releaseOnCancel?: boolean;
  /** The lock's name in metrics and logs; the lock's namespace/name by default. */
  name?: string;
  callbacks: LeaderCallbacks;
  /** Where leader_election_master_status goes; no metrics without one. */
  registry?: Registry;
}

export interface ResolvedTimings {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

/** The durations with defaults applied, after client-go's checks; throws when they fail. */
export function resolveTimings(config: LeaderElectionConfig): ResolvedTimings {
  const leaseDurationMs = config.leaseDurationMs ?? DEFAULT_LEASE_DURATION_MS;
  const renewDeadlineMs = config.renewDeadlineMs ?? DEFAULT_RENEW_DEADLINE_MS;
  const retryPeriodMs = config.retryPeriodMs ?? DEFAULT_RETRY_PERIOD_MS;
  if (!(leaseDurationMs > 0)) throw new Error('leaseDuration must be greater than zero');
  if (!(renewDeadlineMs > 0)) throw new Error('renewDeadline must be greater than zero');
  if (!(retryPeriodMs > 0)) throw new Error('retryPeriod must be greater than zero');
  if (leaseDurationMs <= renewDeadlineMs) throw new Error('leaseDuration must be greater than renewDeadline');
  if (renewDeadlineMs <= JITTER_FACTOR * retryPeriodMs) {
    throw new Error(`renewDeadline must be greater than retryPeriod*JitterFactor (${JITTER_FACTOR})`);
  }
  if (!config.lock.identity()) throw new Error('lock identity is empty');
  return { leaseDurationMs, renewDeadlineMs, retryPeriodMs };
}
