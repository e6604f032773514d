// Worker: the framework alone, without a server to bound it. A stand-in ListWatch serves 10,000
// pods (a real pod from the server, renamed) and then a watch stream of MODIFIED events for them
// as the bytes a socket would deliver (64 KiB chunks, one per turn of the event loop), decoded
// by the same JsonLineDecoder. A SharedInformer and a Controller (enqueueRequestForObject, one
// no-op reconcile at a time) take them: from the first chunk until every pod has been reconciled
// at its last event's resourceVersion. Updates of one pod that arrive while it waits collapse
// in the queue, as they do for real.
import type { Logger } from '../../src/log/index.js';
import {
  JsonLineDecoder, SharedInformer, type KubeObject, type ListResult, type ListWatch, type WatchEvent, type WatchStream,
} from '../../src/runtime/cache/index.js';
import { Controller, enqueueRequestForObject } from '../../src/runtime/controller/index.js';
import type { ReplayJob, ReplayResult } from './protocol.js';
import { parentMessages, toParent } from './worker.js';

const quiet: Logger = { info() {}, warn() {}, error() {}, v: () => ({ enabled: false, info() {} }) };
const job = await parentMessages<ReplayJob>()();

function podAt(index: number, resourceVersion: number): KubeObject {
  const pod = structuredClone(job.pod) as KubeObject & { metadata: Record<string, unknown> };
  pod.metadata.name = `replay-${index}`;
  pod.metadata.namespace = `ns-${index % 10}`;
  pod.metadata.uid = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
  pod.metadata.resourceVersion = String(resourceVersion);
  return pod;
}

const listed = JSON.stringify(Array.from({ length: job.pods }, (_, i) => podAt(i, i + 1)));
const firstEventRv = job.pods + 1;
/** The watch stream's bytes: event e updates pod e % pods (a label bumped each round). */
function watchBytes(): Buffer {
  const chunks: Buffer[] = [];
  for (let e = 0; e < job.events; e++) {
    const pod = podAt(e % job.pods, firstEventRv + e);
    (pod.metadata!.labels as Record<string, string>)['replay-round'] = String(Math.floor(e / job.pods));
    chunks.push(Buffer.from(`${JSON.stringify({ type: 'MODIFIED', object: pod })}\n`));
  }
  return Buffer.concat(chunks);
}
const wire = watchBytes();
const finalRv = new Map<string, number>();
for (let e = 0; e < job.events; e++) finalRv.set(`ns-${(e % job.pods) % 10}/replay-${e % job.pods}`, firstEventRv + e);

let release: () => void;
const go = new Promise<void>((resolve) => { release = resolve; });
let streamStartedAt = 0;
const listWatch = {
  path: '/api/v1/pods',
  async list(): Promise<ListResult<KubeObject>> {
    return { items: JSON.parse(listed) as KubeObject[], resourceVersion: String(job.pods) };
  },
  watch(_resourceVersion: string, onEvent: (event: WatchEvent<KubeObject>) => void): WatchStream {
    let stopped = false;
    let finish: () => void;
    const done = new Promise<void>((resolve) => { finish = resolve; });
    void go.then(async () => {
      const decoder = new JsonLineDecoder();
      streamStartedAt = performance.now();
      for (let at = 0; at < wire.length && !stopped; at += 65_536) {
        for (const value of decoder.push(wire.subarray(at, at + 65_536))) onEvent(value as WatchEvent<KubeObject>);
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    return { done, stop: () => { stopped = true; finish(); } };
  },
} as unknown as ListWatch<KubeObject>;

const informer = new SharedInformer<KubeObject>(listWatch, { reflector: { watchdogMs: 600_000 } });
const initialDone = new Set<string>();
let allInitial: () => void;
const initial = new Promise<void>((resolve) => { allInitial = resolve; });
let remaining = finalRv.size;
let allFinal: () => void;
const final = new Promise<void>((resolve) => { allFinal = resolve; });
let reconciles = 0;
let events = 0;
const controller = new Controller({
  name: 'replay',
  logger: quiet,
  reconciler: async (request) => {
    reconciles++;
    const key = `${request.namespace}/${request.name}`;
    if (initialDone.size < job.pods && !initialDone.has(key)) {
      initialDone.add(key);
      if (initialDone.size === job.pods) allInitial();
      return;
    }
    const rv = Number(informer.store.get(key)?.metadata?.resourceVersion);
    if (rv === finalRv.get(key)) {
      finalRv.delete(key);
      if (--remaining === 0) allFinal();
    }
  },
});
controller.watch(informer, enqueueRequestForObject());
informer.addEventHandler({ onUpdate: () => { events++; } });
informer.start();
await informer.waitForSync();
controller.start();
await initial;
reconciles = 0;
const cpuBefore = process.cpuUsage();
release!();
await final;
const seconds = (performance.now() - streamStartedAt) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const result: ReplayResult = {
  events, reconciles, seconds, wireBytes: wire.length, cpuMs: (cpu.user + cpu.system) / 1000,
};
toParent(result);
await controller.stop();
await informer.stop();
process.disconnect();
