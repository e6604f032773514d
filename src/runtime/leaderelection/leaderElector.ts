// LeaderElector: competes for a ResourceLock and runs the caller's work while it holds it, with
// client-go's algorithm. A candidate takes the lock when it is absent, when its holder has not
// changed the record for the record's leaseDurationSeconds (measured on this process's own
// monotonic clock from when it last saw the record change, so clocks need not agree), or when
// it holds it already. The leader renews every retryPeriod and gives up leadership when it
// could not renew within renewDeadline, which is shorter than the lease, so it stops before
// anyone else may start. Every write carries the resourceVersion last seen: a conflict means
// someone else wrote first, and the candidate tries again later.
import { logger } from '../../log/index.js';
import { sleep, untilAborted } from './abortableWait.js';
import {
  JITTER_FACTOR, resolveTimings, type LeaderElectionConfig, type ResolvedTimings,
} from './leaderElectionConfig.js';
import { formatMicroTime, recordKey, type LeaderElectionRecord } from './leaderElectionRecord.js';
import { noopLeaderMetrics, prometheusLeaderMetrics, type LeaderMetrics } from './metrics.js';
import { LockNotFoundError, type ResourceLock } from './resourceLock.js';

const log = logger('leaderelection');

export class LeaderElector {
  private readonly lock: ResourceLock;
  private readonly timings: ResolvedTimings;
  private readonly name: string;
  private readonly metrics: LeaderMetrics;
  private observedRecord: LeaderElectionRecord | undefined;
  private observedKey = '';
  /** performance.now() when the observed record last changed. */
  private observedTime = 0;
  private reportedLeader = '';
  private running = false;
  /** The last call on the lock; an attempt cut short by its signal may leave it running. */
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(private readonly config: LeaderElectionConfig) {
    this.lock = config.lock;
    this.timings = resolveTimings(config);
    this.name = config.name ?? config.lock.describe();
    this.metrics = config.registry ? prometheusLeaderMetrics(config.registry) : noopLeaderMetrics;
  }

  /** Whether the last observed record names this candidate as holder. */
  isLeader(): boolean {
    return this.observedRecord?.holderIdentity === this.lock.identity();
  }

  /** The holder in the last observed record ('' if none). */
  getLeader(): string {
    return this.observedRecord?.holderIdentity ?? '';
  }

  /**
   * Campaigns until leading, then leads until leadership is lost or signal aborts. Resolves when
   * done: after onStoppedLeading when it led, at once when aborted before acquiring. An elector
   * runs once.
   */
  async run(signal: AbortSignal = new AbortController().signal): Promise<void> {
    if (this.running) throw new Error('a LeaderElector runs once');
    this.running = true;
    this.metrics.leaderOff(this.name);
    if (!(await this.acquire(signal))) return;

    this.metrics.leaderOn(this.name);
    log.info('became leader', { lock: this.lock.describe(), identity: this.lock.identity() });
    const leading = new AbortController();
    const stopLeading = (): void => leading.abort();
    signal.addEventListener('abort', stopLeading, { once: true });
    const work = this.startWork(leading.signal);
    try {
      await this.renew(signal);
    } finally {
      signal.removeEventListener('abort', stopLeading);
      leading.abort();
      this.metrics.leaderOff(this.name);
    }
    if (this.config.releaseOnCancel && signal.aborted) {
      await work;
      await this.release();
    }
    log.info('stopped leading', { lock: this.lock.describe(), identity: this.lock.identity() });
    this.config.callbacks.onStoppedLeading();
  }

  private startWork(signal: AbortSignal): Promise<void> {
    try {
      return Promise.resolve(this.config.callbacks.onStartedLeading(signal)).catch((error: unknown) => {
        log.error('onStartedLeading failed', { lock: this.lock.describe(), error: String(error) });
      });
    } catch (error) {
      log.error('onStartedLeading failed', { lock: this.lock.describe(), error: String(error) });
      return Promise.resolve();
    }
  }

  /** Tries every retryPeriod (jittered) until the lock is ours; false when aborted first. */
  private async acquire(signal: AbortSignal): Promise<boolean> {
    log.v(2).info('attempting to acquire leader lease', { lock: this.lock.describe() });
    while (!signal.aborted) {
      const acquired = await this.tryAcquireOrRenew(signal);
      this.maybeReportTransition();
      if (acquired) return true;
      const wait = this.timings.retryPeriodMs * (1 + Math.random() * JITTER_FACTOR);
      await sleep(wait, signal);
    }
    return false;
  }

  /**
   * Renews every retryPeriod. A renewal is retried every retryPeriod until it succeeds or
   * renewDeadline has passed since it began; then leadership is lost and this returns.
   */
  private async renew(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const renewed = await this.renewWithinDeadline(signal);
      this.maybeReportTransition();
      if (!renewed) {
        if (!signal.aborted) log.info('failed to renew lease in time', { lock: this.lock.describe() });
        return;
      }
      await sleep(this.timings.retryPeriodMs, signal);
    }
  }

  private async renewWithinDeadline(signal: AbortSignal): Promise<boolean> {
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(this.timings.renewDeadlineMs)]);
    while (!deadline.aborted) {
      if (await this.tryAcquireOrRenew(deadline)) return true;
      await sleep(this.timings.retryPeriodMs, deadline);
    }
    return false;
  }

  /**
   * One attempt (client-go's tryAcquireOrRenew): true when the lock is ours afterwards. State is
   * only updated by attempts that finish before signal aborts.
   */
  private async tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const nowIso = formatMicroTime(Date.now());
    const desired: LeaderElectionRecord = {
      holderIdentity: this.lock.identity(),
      leaseDurationSeconds: Math.ceil(this.timings.leaseDurationMs / 1000),
      acquireTime: nowIso,
      renewTime: nowIso,
      leaderTransitions: 0,
    };

    // The leader first renews on the record it last wrote, without reading it again.
    const observed = this.observedRecord;
    if (this.isLeader() && observed && this.isLeaseValid()) {
      desired.acquireTime = observed.acquireTime;
      desired.leaderTransitions = observed.leaderTransitions;
      try {
        await untilAborted(this.call(() => this.lock.update(desired)), signal);
        this.setObservedRecord(desired);
        return true;
      } catch (error) {
        if (signal.aborted) return false;
        log.v(2).info('renewal on the cached lease failed; reading it again', { lock: this.lock.describe(), error: describe(error) });
      }
    }

    let current: LeaderElectionRecord;
    try {
      current = await untilAborted(this.call(() => this.lock.get()), signal);
    } catch (error) {
      if (signal.aborted) return false;
      if (!(error instanceof LockNotFoundError)) {
        log.v(2).info('error retrieving lease', { lock: this.lock.describe(), error: describe(error) });
        return false;
      }
      try {
        await untilAborted(this.call(() => this.lock.create(desired)), signal);
      } catch (createError) {
        if (!signal.aborted) log.v(2).info('error creating lease', { lock: this.lock.describe(), error: describe(createError) });
        return false;
      }
      this.setObservedRecord(desired);
      return true;
    }
    if (signal.aborted) return false;

    if (recordKey(current) !== this.observedKey) this.setObservedRecord(current);
    if (current.holderIdentity !== '' && this.isLeaseValid() && !this.isLeader()) {
      log.v(4).info('lease is held by another candidate and has not expired', {
        lock: this.lock.describe(), holder: current.holderIdentity,
      });
      return false;
    }

    if (this.isLeader()) {
      desired.acquireTime = current.acquireTime;
      desired.leaderTransitions = current.leaderTransitions;
    } else {
      desired.leaderTransitions = current.leaderTransitions + 1;
    }
    try {
      await untilAborted(this.call(() => this.lock.update(desired)), signal);
    } catch (error) {
      if (!signal.aborted) log.v(2).info('failed to update lease', { lock: this.lock.describe(), error: describe(error) });
      return false;
    }
    this.setObservedRecord(desired);
    return true;
  }

  /**
   * Clears holderIdentity (keeping the transition count), so the next candidate needs no wait.
   * Only when this candidate is the holder it last observed; a conflict means it no longer is.
   */
  private async release(): Promise<void> {
    const observed = this.observedRecord;
    if (!observed || !this.isLeader()) return;
    const nowIso = formatMicroTime(Date.now());
    const released: LeaderElectionRecord = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: nowIso,
      renewTime: nowIso,
      leaderTransitions: observed.leaderTransitions,
    };
    // A renewal cut short may still be on its way; the release must build on its outcome.
    await this.inFlight.catch(() => {});
    try {
      await this.call(() => this.lock.update(released));
      this.setObservedRecord(released);
      log.info('released lease', { lock: this.lock.describe() });
    } catch (error) {
      log.warn('failed to release lease', { lock: this.lock.describe(), error: describe(error) });
    }
  }

  private call<T>(op: () => Promise<T>): Promise<T> {
    const promise = op();
    this.inFlight = promise;
    return promise;
  }

  private isLeaseValid(): boolean {
    const seconds = this.observedRecord?.leaseDurationSeconds ?? 0;
    return this.observedTime + seconds * 1000 > performance.now();
  }

  private setObservedRecord(record: LeaderElectionRecord): void {
    this.observedRecord = { ...record };
    this.observedKey = recordKey(record);
    this.observedTime = performance.now();
  }

  private maybeReportTransition(): void {
    const holder = this.getLeader();
    if (holder === this.reportedLeader) return;
    this.reportedLeader = holder;
    const onNewLeader = this.config.callbacks.onNewLeader;
    if (holder === '' || !onNewLeader) return;
    queueMicrotask(() => {
      try {
        onNewLeader(holder);
      } catch (error) {
        log.error('onNewLeader failed', { lock: this.lock.describe(), error: String(error) });
      }
    });
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'number' ? `${code}: ${message}` : message;
}
