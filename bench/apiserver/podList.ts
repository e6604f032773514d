// LIST of 10,000 pods from the watch cache: realistic pods (labels, annotations, two containers
// with env, resources, probes and mounts) created with 50 requests in flight, then full
// cluster-wide LISTs at resourceVersion=0 (served from memory), JSON, no limit, one at a time.
import { KubetsProcess, loadAverage, mb, ms, request, rssBytes } from './kubetsProcess.js';
import { createPods } from './pods.js';

export interface PodListOptions {
  pods: number;
  namespaces: number;
  lists: number;
  createConcurrency: number;
}

export const podListDefaults: PodListOptions = { pods: 10_000, namespaces: 10, lists: 30, createConcurrency: 50 };

export interface PodListResult {
  options: PodListOptions;
  podBytes: number;
  podManagedFieldsBytes: number;
  created: number;
  createErrors: number;
  createErrorSample?: string;
  createSeconds: number;
  createP50Ms: number;
  createP99Ms: number;
  listed: number;
  responseBytes: number;
  listMs: number[];
  /** Until the status line and headers arrived: kubets writes them with the body, once the whole list is encoded. */
  firstByteMs: number[];
  rssAfterBytes: number;
  load: string;
}

export async function podListBenchmark(options: PodListOptions = podListDefaults): Promise<PodListResult> {
  const kubets = await KubetsProcess.start('podlist');
  let listAgent: ReturnType<typeof kubets.adminAgent> | undefined;
  try {
    await kubets.waitUntilReady();
    const port = kubets.port;
    const creation = await createPods(kubets, { pods: options.pods, namespaces: options.namespaces, concurrency: options.createConcurrency });
    const { created, createErrors, createErrorSample, createSeconds, createP50Ms, createP99Ms, podBytes, podManagedFieldsBytes } = creation;

    listAgent = kubets.adminAgent(1);
    const listMs: number[] = [];
    const firstByteMs: number[] = [];
    let responseBytes = 0;
    let listed = 0;
    for (let i = 0; i < options.lists; i++) {
      const start = performance.now();
      const reply = await request(port, 'GET', '/api/v1/pods?resourceVersion=0', { agent: listAgent, timeoutMs: 60_000 });
      listMs.push(performance.now() - start);
      firstByteMs.push(reply.headersAt - start);
      if (reply.status !== 200) throw new Error(`LIST pods: ${reply.status} ${reply.body.toString().slice(0, 300)}`);
      responseBytes = reply.body.length;
      if (i === 0) {
        const list = JSON.parse(reply.body.toString()) as { kind: string; items: unknown[] };
        if (list.kind !== 'PodList') throw new Error(`LIST pods answered a ${list.kind}`);
        listed = list.items.length;
      }
    }
    console.log(`  ${options.lists} LISTs of ${listed} pods (${mb(responseBytes)}): max ${ms(Math.max(...listMs))} ms`);
    return {
      options, podBytes, podManagedFieldsBytes, created, createErrors, createErrorSample, createSeconds, createP50Ms, createP99Ms,
      listed, responseBytes, listMs, firstByteMs,
      rssAfterBytes: rssBytes(kubets.pid),
      load: loadAverage(),
    };
  } finally {
    listAgent?.destroy();
    await kubets.stop();
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function podListMarkdown(result: PodListResult): string {
  const { options, listMs, firstByteMs } = result;
  const p99 = percentile(listMs, 99);
  return `### LIST of ${result.listed.toLocaleString('en-US')} pods from the watch cache

Method: one kubets process; ${result.created} pods (${(result.podBytes / 1000).toFixed(1)} KB of JSON each as returned, ${(result.podManagedFieldsBytes / 1000).toFixed(1)} KB of it managedFields; labels, annotations, two containers with env, resources, probes, mounts; anti-affinity) created in ${options.namespaces} namespaces with ${options.createConcurrency} POSTs in flight over keep-alive connections.
Then ${options.lists} cluster-wide \`GET /api/v1/pods?resourceVersion=0\` (JSON, no limit, no compression asked for), one after another on one keep-alive connection, timed to the last byte; every one counted (no warm-up).
kubets writes the status line and headers together with the body once the whole list is encoded, so the time until the headers arrive is the server's own work and the rest is the transfer and the client reading the ~${Math.round(result.responseBytes / 1e6)} MB. Load average at the end: ${result.load}.

| measure | value | target |
|---|---|---|
| pod creation | ${Math.round(result.created / result.createSeconds)} pods/s (${result.createSeconds.toFixed(1)} s; POST p50 ${ms(result.createP50Ms)} ms, p99 ${ms(result.createP99Ms)} ms; ${result.createErrors} errors${result.createErrorSample ? `, e.g. \`${result.createErrorSample.replace(/`/g, "'").replace(/\n/g, ' ')}\`` : ''}) | |
| LIST p50 | ${ms(percentile(listMs, 50))} ms | |
| LIST p99 | ${ms(p99)} ms | ≤ 500 ms: ${p99 <= 500 ? 'met' : '**missed**'} |
| LIST max | ${ms(Math.max(...listMs))} ms | |
| of which until the headers arrived (p50 / max) | ${ms(percentile(firstByteMs, 50))} / ${ms(Math.max(...firstByteMs))} ms | |
| response size | ${mb(result.responseBytes)} (${result.listed} items) | |
| kubets RSS after the LISTs | ${mb(result.rssAfterBytes)} | |
`;
}
