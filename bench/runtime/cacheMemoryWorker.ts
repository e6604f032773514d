// Worker: the heap an informer cache holding every pod takes. gc, heap used; a SharedInformer on
// /api/v1/pods lists (10,000 pods) and syncs; gc, heap used again, the informer still held. The
// difference over the cached objects is the bytes per object. With `dropManagedFields` the
// informer applies that transform, as a controller-runtime user may choose to.
import { KubeConfig } from '@kubernetes/client-node';
import { dropManagedFields, ListWatch, SharedInformer, type KubeObject } from '../../src/runtime/cache/index.js';
import type { CacheMemoryJob, CacheMemoryResult } from './protocol.js';
import { parentMessages, toParent } from './worker.js';

const gc = globalThis.gc;
if (!gc) throw new Error('the cache memory worker needs --expose-gc');

function settledHeap(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

const job = await parentMessages<CacheMemoryJob>()();
const kubeConfig = new KubeConfig();
kubeConfig.loadFromFile(job.kubeconfig);
// Everything but the cached objects exists before the first measurement: the informer and its
// list/watch are made, and a list of an empty namespace warms the HTTPS and JSON code paths.
const listWatch = new ListWatch<KubeObject>(kubeConfig, '/api/v1/pods');
await new ListWatch<KubeObject>(kubeConfig, '/api/v1/namespaces/default/pods').list('0');
const informer = new SharedInformer<KubeObject>(listWatch, job.transform === 'dropManagedFields' ? { transform: dropManagedFields } : {});
const heapBeforeBytes = settledHeap();
const start = performance.now();
informer.start();
await informer.waitForSync(120_000);
const syncMs = performance.now() - start;
const heapAfterBytes = settledHeap();
const objects = informer.store.size;
const result: CacheMemoryResult = {
  objects, heapBeforeBytes, heapAfterBytes, syncMs, bytesPerObject: (heapAfterBytes - heapBeforeBytes) / objects,
};
toParent(result);
await informer.stop();
process.disconnect();
