// Worker: a Manager with one builder-made controller for /api/v1/pods and a no-op reconciler
// (it reads the pod from the informer cache, nothing more), default options (one reconcile at a
// time, as controller-runtime). Phase 1: from manager.start() until every pod the server holds
// has been reconciled once. Phase 2: the parent PATCHes pods with an annotation carrying the
// send time; every reconcile that sees a new value records write → reconcile latency, until
// the parent says how many it sent and all of them (or all not collapsed into a later update
// of the same pod) are seen.
import { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from '../../src/log/index.js';
import type { KubeObject } from '../../src/runtime/cache/index.js';
import { Manager } from '../../src/runtime/manager/index.js';
import { histogram } from '../measure.js';
import { SENT_AT, type InitialSync, type ReconcileJob, type UpdateFlow } from './protocol.js';
import { parentMessages, toParent } from './worker.js';

const quiet: Logger = { info() {}, warn() {}, error() {}, v: () => ({ enabled: false, info() {} }) };
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

const next = parentMessages<ReconcileJob>();
const job = (await next()) as { kubeconfig: string; expected: number };
const kubeConfig = new KubeConfig();
kubeConfig.loadFromFile(job.kubeconfig);
const manager = new Manager(kubeConfig, { logger: quiet });
const pods = manager.informers.forResource<KubeObject>('/api/v1/pods');

const reconciledOnce = new Set<string>();
let allReconciled: () => void;
const allDone = new Promise<void>((resolve) => { allReconciled = resolve; });
const lastSentAt = new Map<string, string>();
const latency = histogram();
let reconciles = 0;
let updatesReconciled = 0;
let firstUpdateAt = 0;
let lastUpdateAt = 0;

manager.controller().named('noop').for('/api/v1/pods').withOptions({ logger: quiet }).complete(async (request) => {
  reconciles++;
  const key = `${request.namespace}/${request.name}`;
  const pod = pods.store.get(key);
  if (reconciledOnce.size < job.expected) {
    reconciledOnce.add(key);
    if (reconciledOnce.size === job.expected) allReconciled();
  }
  const sentAt = pod?.metadata?.annotations?.[SENT_AT];
  if (sentAt !== undefined && lastSentAt.get(key) !== sentAt) {
    lastSentAt.set(key, sentAt);
    const at = now();
    latency.recordValue(Math.max(1, Math.round((at - Number(sentAt)) * 1000)));
    firstUpdateAt ||= at;
    lastUpdateAt = at;
    updatesReconciled++;
  }
});

let events = 0;
pods.addEventHandler({ onUpdate: () => { events++; } });

const startCpu = process.cpuUsage();
const start = performance.now();
await manager.start();
const syncedMs = performance.now() - start;
await allDone;
const initial: InitialSync = {
  phase: 'initial', reconciled: reconciledOnce.size, syncedMs, allReconciledMs: performance.now() - start, cpuMs: cpuMs(startCpu),
};
toParent(initial);

events = 0;
const updateCpu = process.cpuUsage();
const { updatesSent } = (await next()) as { updatesSent: number };
// Updates of one pod sent close together may reach the reconciler as one: wait for all sent,
// but give up once 5 s pass without a new one (some collapsed).
let timedOut = false;
let progressAt = performance.now();
for (let seen = updatesReconciled; updatesReconciled < updatesSent; await sleep(20)) {
  if (updatesReconciled !== seen) {
    seen = updatesReconciled;
    progressAt = performance.now();
  } else if (performance.now() - progressAt > 5_000) {
    timedOut = true;
    break;
  }
}
const flow: UpdateFlow = {
  phase: 'updates',
  events,
  reconciledUpdates: updatesReconciled,
  reconciles,
  firstToLastSeconds: (lastUpdateAt - firstUpdateAt) / 1000,
  latencyP50Ms: latency.getValueAtPercentile(50) / 1000,
  latencyP99Ms: latency.getValueAtPercentile(99) / 1000,
  latencyMaxMs: latency.maxValue / 1000,
  cpuMs: cpuMs(updateCpu),
  timedOut,
};
toParent(flow);
await manager.stop();
process.disconnect();
