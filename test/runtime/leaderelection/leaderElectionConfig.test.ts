// The parts of leader election that need no API server: defaults and checks, the MicroTime
// form of the record, its mapping onto a LeaseSpec, and the master-status gauge.
import { Registry } from 'prom-client';
import {
  DEFAULT_LEASE_DURATION_MS, DEFAULT_RENEW_DEADLINE_MS, DEFAULT_RETRY_PERIOD_MS, formatMicroTime, LeaderElector,
  leaseSpecToRecord, prometheusLeaderMetrics, recordToLeaseSpec, resolveTimings, type ResourceLock,
} from '../../../src/runtime/leaderelection/index.js';

const lock = (identity = 'me'): ResourceLock => ({
  get: () => Promise.reject(new Error('unused')),
  create: () => Promise.reject(new Error('unused')),
  update: () => Promise.reject(new Error('unused')),
  identity: () => identity,
  describe: () => 'ns/lock',
});
const callbacks = { onStartedLeading() {}, onStoppedLeading() {} };

test("client-go's defaults, and its checks on the durations and the identity", () => {
  expect([DEFAULT_LEASE_DURATION_MS, DEFAULT_RENEW_DEADLINE_MS, DEFAULT_RETRY_PERIOD_MS]).toEqual([15_000, 10_000, 2_000]);
  expect(resolveTimings({ lock: lock(), callbacks })).toEqual({ leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 });
  expect(() => resolveTimings({ lock: lock(), callbacks, leaseDurationMs: 10_000 })).toThrow('leaseDuration must be greater than renewDeadline');
  expect(() => resolveTimings({ lock: lock(), callbacks, renewDeadlineMs: 2_400 })).toThrow('renewDeadline must be greater than retryPeriod*JitterFactor');
  expect(() => resolveTimings({ lock: lock(), callbacks, retryPeriodMs: 0 })).toThrow('retryPeriod must be greater than zero');
  expect(() => new LeaderElector({ lock: lock(''), callbacks })).toThrow('lock identity is empty');
});

test('MicroTime has six fraction digits; a LeaseSpec round-trips the record', () => {
  const ms = Date.UTC(2006, 0, 2, 15, 4, 5, 123);
  expect(formatMicroTime(ms)).toBe('2006-01-02T15:04:05.123000Z');
  const record = {
    holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: formatMicroTime(ms), renewTime: formatMicroTime(ms + 1), leaderTransitions: 3,
  };
  const spec = recordToLeaseSpec(record);
  expect(JSON.parse(JSON.stringify(spec))).toEqual({
    holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: '2006-01-02T15:04:05.123000Z',
    renewTime: '2006-01-02T15:04:05.124000Z', leaseTransitions: 3,
  });
  expect(leaseSpecToRecord(JSON.parse(JSON.stringify(spec)))).toEqual(record);
  // Other precisions read back in the canonical form; an empty spec is an empty record.
  expect(leaseSpecToRecord({ renewTime: '2006-01-02T15:04:05Z' as never }).renewTime).toBe('2006-01-02T15:04:05.000000Z');
  expect(leaseSpecToRecord(undefined)).toEqual({ holderIdentity: '', leaseDurationSeconds: 0, acquireTime: '', renewTime: '', leaderTransitions: 0 });
});

test('leader_election_master_status is one gauge per registry, labelled by lock name', async () => {
  const registry = new Registry();
  prometheusLeaderMetrics(registry).leaderOn('ns/a');
  prometheusLeaderMetrics(registry).leaderOff('ns/b');
  const text = await registry.metrics();
  expect(text).toContain('leader_election_master_status{name="ns/a"} 1');
  expect(text).toContain('leader_election_master_status{name="ns/b"} 0');
});
