// `npm run bench`: runs every benchmark, prints the figures and appends them, with the machine
// and the date, to bench/RESULTS.md. Side-by-side anchors run in the same invocation.
// `npm run bench -- runtime envtest` runs only the sections named (storage, apiserver, envtest,
// runtime, kubelet, pipeline, scheduler, ...), in that order.
import { appendFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { EtcdServer } from '../test/helpers/etcdServer.js';
import type { LoadResult } from './measure.js';
import { etcdBackendWrites, rawEtcdCreates, rawEtcdPuts, sqliteWrites, type WriteLoad } from './storageWrites.js';
import { watchFanout } from './watchFanout.js';
import { apiServerBenchmarks } from './apiserver/index.js';
import { envtestBenchmark } from './envtest/index.js';
import { runtimeBenchmarks } from './runtime/index.js';
import { kubeletBenchmarks } from './kubelet/index.js';
import { pipeline } from './pipeline/index.js';
import { schedulerBenchmark } from './scheduler/index.js';

const load: WriteLoad = { writers: 100, durationMs: 10_000, warmupMs: 2_000 };

function machine(): string {
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
  return `${cpus().length} × ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB, ` +
    `Node ${process.version}, ${process.platform}; commit ${commit}`;
}

function writeRow(r: LoadResult, target: string): string {
  return `| ${r.name} | ${Math.round(r.perSecond)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${target} |`;
}

async function storageBenchmarks(): Promise<void> {
  console.log('storage writes: sqlite backend');
  const sqlite = await sqliteWrites(load);
  console.log(sqlite);
  const etcd = await EtcdServer.start();
  let etcdBackend: LoadResult;
  let rawPut: LoadResult;
  let rawCreate: LoadResult;
  try {
    console.log('storage writes: raw etcd put (anchor)');
    rawPut = await rawEtcdPuts(etcd.endpoint, load);
    console.log(rawPut);
    console.log('storage writes: raw etcd create-if-absent (anchor)');
    rawCreate = await rawEtcdCreates(etcd.endpoint, load);
    console.log(rawCreate);
    console.log('storage writes: etcd backend');
    etcdBackend = await etcdBackendWrites(etcd.endpoint, load);
    console.log(etcdBackend);
  } finally {
    await etcd.stop();
  }
  console.log('watch fan-out through the watch cache');
  const fanout = await watchFanout(1000, 100, 10);
  console.log(fanout);

  const percent = (a: LoadResult, b: LoadResult) => `${Math.round((a.perSecond / b.perSecond) * 100)}%`;
  const report = `
## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — storage (issue 2)
Machine: ${machine()}.

Writes: ${load.writers} concurrent writers creating 1 KiB values for ${load.durationMs / 1000} s after a ${load.warmupMs / 1000} s warm-up, fsync on (SQLite WAL synchronous=FULL; etcd's default fsync), one run, side by side.

| store | writes/s | p50 ms | p99 ms | target |
|---|---|---|---|---|
${writeRow(sqlite, '≥ 5,000/s, p99 ≤ 20 ms')}
${writeRow(etcdBackend, `≥ 80% of raw etcd: ${percent(etcdBackend, rawPut)} of put, ${percent(etcdBackend, rawCreate)} of create txn`)}
${writeRow(rawPut, 'anchor')}
${writeRow(rawCreate, 'anchor (the same operation as a create)')}

Watch fan-out through the watch cache (SQLite backend): ${fanout.watchers} watchers, ${fanout.eventsPerSecond} events/s for ${fanout.events / fanout.eventsPerSecond} s, ${fanout.deliveries} of ${fanout.events * fanout.watchers} deliveries.
Delivery latency from the write request (it includes the commit): p50 ${fanout.p50Ms.toFixed(2)} ms, p99 ${fanout.p99Ms.toFixed(2)} ms, max ${fanout.maxMs.toFixed(2)} ms (target p99 ≤ 110 ms).
Memory per watcher: ${Math.round(fanout.bytesPerWatcher)} bytes (target ≤ 20 KB).
`;
  console.log(report);
  appendFileSync(new URL('./RESULTS.md', import.meta.url), report);
}

const sections: Record<string, () => Promise<void>> = {
  storage: storageBenchmarks,
  apiserver: async () => {
    console.log('API server benchmarks');
    const apiServer = await apiServerBenchmarks();
    console.log(apiServer);
    appendFileSync(new URL('./RESULTS.md', import.meta.url), `\n${apiServer}\n`);
  },
  envtest: async () => {
    console.log('envtest start-up');
    const envtest = await envtestBenchmark();
    console.log(envtest);
    appendFileSync(new URL('./RESULTS.md', import.meta.url), `\n${envtest}\n`);
  },
  runtime: async () => {
    console.log('operator framework benchmarks');
    const runtime = await runtimeBenchmarks();
    console.log(runtime);
    appendFileSync(new URL('./RESULTS.md', import.meta.url), `\n${runtime}\n`);
  },
  kubelet: async () => {
    console.log('node agent benchmarks');
    const kubelet = await kubeletBenchmarks();
    console.log(kubelet);
    appendFileSync(new URL('./RESULTS.md', import.meta.url), `\n${kubelet}\n`);
  },
  pipeline: async () => {
    console.log('whole pipeline: 100 nodes, 100 Deployments × 100 replicas');
    const report = await pipeline({ nodes: 100, deployments: 100, replicas: 100 }, true);
    console.log(report);
    appendFileSync(new URL('./RESULTS.md', import.meta.url), `\n${report}\n`);
  },
  scheduler: async () => {
    console.log('scheduler: 5,000 nodes, 10,000 pending pods');
    const report = await schedulerBenchmark();
    console.log(report);
    appendFileSync(new URL('./RESULTS.md', import.meta.url), `\n${report}\n`);
  },
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in sections));
if (unknown.length > 0) throw new Error(`unknown bench sections ${unknown.join(', ')}; known: ${Object.keys(sections).join(', ')}`);
for (const [name, run] of Object.entries(sections)) {
  if (wanted.length === 0 || wanted.includes(name)) await run();
}
