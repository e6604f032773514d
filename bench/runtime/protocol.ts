// What the benchmark process and its workers send each other (worker files run when imported,
// so what both sides need lives here).

/** The annotation the update phase writes: the send time, ms since the epoch. */
export const SENT_AT = 'bench.kubets.dev/sent-at';

export type ReconcileJob = { kubeconfig: string; expected: number } | { updatesSent: number };

export interface InitialSync {
  phase: 'initial';
  reconciled: number;
  syncedMs: number;
  allReconciledMs: number;
  cpuMs: number;
}

export interface UpdateFlow {
  phase: 'updates';
  /** Watch events (MODIFIED) the informer delivered while the updates ran. */
  events: number;
  /** Distinct annotation values reconciled; the rest collapsed into a later update of the same pod. */
  reconciledUpdates: number;
  reconciles: number;
  firstToLastSeconds: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  cpuMs: number;
  timedOut: boolean;
}

export interface CacheMemoryJob {
  kubeconfig: string;
  transform: 'none' | 'dropManagedFields';
}

export interface CacheMemoryResult {
  objects: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  bytesPerObject: number;
  syncMs: number;
}


export interface ReplayJob {
  /** A pod as the server returned it (with managedFields). */
  pod: object;
  pods: number;
  events: number;
}

export interface ReplayResult {
  /** MODIFIED events the informer delivered (all of them: they are counted at its handler). */
  events: number;
  /** Reconciles while they flowed (fewer than events when updates of one pod collapsed). */
  reconciles: number;
  seconds: number;
  wireBytes: number;
  cpuMs: number;
}
