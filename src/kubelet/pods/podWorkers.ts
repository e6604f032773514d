// One worker per pod, as upstream's pod workers: syncs of a pod never overlap; news arriving
// during a sync (a pod update, a runtime change, a probe flip) makes exactly one more sync
// after it; a sync may ask to run again after a delay (a back-off ending). A removed pod gets a
// last sync to tear it down, then its worker goes.
import type { V1Pod } from '@kubernetes/client-node';
import { logger } from '../../log/index.js';

const log = logger('pod-workers');

export interface PodSyncOutcome {
  retryInMs?: number;
}

export type PodSyncFunction = (pod: V1Pod, removed: boolean) => Promise<PodSyncOutcome>;

interface Worker {
  pod: V1Pod;
  removed: boolean;
  running: boolean;
  again: boolean;
  timer?: NodeJS.Timeout;
}

const ERROR_RETRY_MS = 2_000;

export class PodWorkers {
  private readonly workers = new Map<string, Worker>();
  private stopped = false;

  constructor(private readonly syncPod: PodSyncFunction, private readonly resyncMs = 60_000) {}

  /** The pods with a worker (not yet torn down). */
  pods(): V1Pod[] {
    return [...this.workers.values()].map((w) => w.pod);
  }

  /** The pod as its worker last heard of it. */
  pod(uid: string): V1Pod | undefined {
    return this.workers.get(uid)?.pod;
  }

  /** News of a pod: its worker keeps it, and syncs unless `sync` is false (a new pod always syncs). */
  update(pod: V1Pod, sync = true): void {
    const uid = pod.metadata!.uid!;
    const worker = this.workers.get(uid);
    if (worker) worker.pod = pod;
    else this.workers.set(uid, { pod, removed: false, running: false, again: false });
    if (sync || !worker) this.wake(uid);
  }

  remove(pod: V1Pod): void {
    const worker = this.workers.get(pod.metadata!.uid!);
    if (!worker) return;
    worker.removed = true;
    this.wake(pod.metadata!.uid!);
  }

  wake(uid: string): void {
    const worker = this.workers.get(uid);
    if (!worker || this.stopped) return;
    if (worker.running) {
      worker.again = true;
      return;
    }
    clearTimeout(worker.timer);
    worker.running = true;
    void this.run(uid, worker);
  }

  stop(): void {
    this.stopped = true;
    for (const worker of this.workers.values()) clearTimeout(worker.timer);
  }

  private async run(uid: string, worker: Worker): Promise<void> {
    let retryInMs: number | undefined;
    do {
      worker.again = false;
      const removed = worker.removed;
      try {
        ({ retryInMs } = await this.syncPod(worker.pod, removed));
      } catch (error) {
        log.warn('pod sync failed', { pod: `${worker.pod.metadata?.namespace}/${worker.pod.metadata?.name}`, error: (error as Error).stack });
        retryInMs = ERROR_RETRY_MS;
      }
      if (removed && retryInMs === undefined) {
        this.workers.delete(uid);
        return;
      }
    } while (worker.again && !this.stopped);
    worker.running = false;
    if (this.stopped) return;
    worker.timer = setTimeout(() => this.wake(uid), Math.min(retryInMs ?? this.resyncMs, this.resyncMs));
    worker.timer.unref();
  }
}
