// The leader election record: what a lock stores about its holder (client-go's
// LeaderElectionRecord), and its mapping to and from a coordination.k8s.io/v1 LeaseSpec.
// Times are MicroTime strings, `2006-01-02T15:04:05.000000Z` (RFC 3339, six fraction digits).
import { V1MicroTime, type V1LeaseSpec } from '@kubernetes/client-node';

export interface LeaderElectionRecord {
  /** Who holds the lock; empty when nobody does (after a release). */
  holderIdentity: string;
  leaseDurationSeconds: number;
  /** MicroTime of the current holder's acquisition. */
  acquireTime: string;
  /** MicroTime of the holder's last renewal. */
  renewTime: string;
  /** Holder changes so far. */
  leaderTransitions: number;
}

/** A MicroTime from milliseconds since the epoch: `2006-01-02T15:04:05.000000Z`. */
export function formatMicroTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/Z$/, '000Z');
}

/** A MicroTime (or Date, as client-node may hand one back) in the canonical string form. */
function microTimeString(value: unknown): string {
  if (value instanceof Date) return formatMicroTime(value.getTime());
  if (typeof value !== 'string' || value === '') return '';
  const micro = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(value);
  if (micro) return `${micro[1]}.${(micro[2] ?? '').padEnd(6, '0').slice(0, 6)}Z`;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : formatMicroTime(ms);
}

export function leaseSpecToRecord(spec: V1LeaseSpec | undefined): LeaderElectionRecord {
  return {
    holderIdentity: spec?.holderIdentity ?? '',
    leaseDurationSeconds: spec?.leaseDurationSeconds ?? 0,
    acquireTime: microTimeString(spec?.acquireTime),
    renewTime: microTimeString(spec?.renewTime),
    leaderTransitions: spec?.leaseTransitions ?? 0,
  };
}

/**
 * The spec written for a record. client-node sends a V1MicroTime through its toISOString, which
 * already has the six-digit form; the microseconds past the millisecond are zero.
 */
export function recordToLeaseSpec(record: LeaderElectionRecord): V1LeaseSpec {
  const time = (value: string): V1MicroTime | undefined =>
    value === '' ? undefined : new V1MicroTime(Date.parse(value));
  return {
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    acquireTime: time(record.acquireTime),
    renewTime: time(record.renewTime),
    leaseTransitions: record.leaderTransitions,
  };
}

/** A stable text of a record, compared to tell whether the lock changed since last seen. */
export function recordKey(record: LeaderElectionRecord): string {
  return JSON.stringify([
    record.holderIdentity, record.leaseDurationSeconds, record.acquireTime, record.renewTime, record.leaderTransitions,
  ]);
}
