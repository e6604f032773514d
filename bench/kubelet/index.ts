// The node agent benchmarks (issue 5): simulated nodes registering Ready, and pod startup on
// real containerd side by side with bare CRI calls. The result is a markdown section for
// bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { loadAverage, mb, ms } from '../apiserver/kubetsProcess.js';
import { nodeRegistration } from './nodeRegistration.js';
import { podStartup, type Latencies } from './podStartup.js';

const NODES = 5_000;

const row = (name: string, l: Latencies, target: string) => `| ${name} | ${l.count} | ${ms(l.p50Ms)} | ${ms(l.p99Ms)} | ${ms(l.maxMs)} | ${target} |`;

export async function kubeletBenchmarks(): Promise<string> {
  console.log(`  ${NODES} simulated nodes registering`);
  const nodes = await nodeRegistration(NODES);
  console.log('  pod startup on containerd, and bare CRI');
  const pods = await podStartup();
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
  return `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — node agents (issue 5)
Machine: ${cpus().length} × ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; commit ${commit}; load average at the end ${loadAverage()}.

Simulated nodes: \`kubets kubelet --nodes ${NODES}\` as its own process beside \`kubets up --nodes 0\`.

| figure | result | target |
|---|---|---|
| ${NODES} nodes registered and Ready (spawn → all Ready in the API) | ${(nodes.readyAfterMs / 1000).toFixed(1)} s | ≤ 60 s (kwok) |
| agent memory per node (RSS with ${NODES} nodes less RSS with 1, per node) | ${(nodes.bytesPerNode / 1024).toFixed(1)} KiB | reported |
| agent process RSS / API server RSS | ${mb(nodes.agentRssBytes)} / ${mb(nodes.apiServerRssBytes)} | reported |

Pod startup on containerd (busybox \`sleep\`, bound to the node in the spec): create request → Running seen by a watch, through \`kubets up --runtime containerd\`; the anchor is the runtime's floor, RunPodSandbox + CreateContainer + StartContainer through CRI on a containerd of its own.

| run | pods | p50 ms | p99 ms | max ms | target |
|---|---|---|---|---|---|
${row('kubets, one at a time', pods.kubeletOne, 'p99 ≤ 5 s (SLO)')}
${row(`kubets, ${pods.burst} at once`, pods.kubeletBurst, 'p99 ≤ 5 s (SLO)')}
${row('bare CRI, one at a time', pods.criOne, 'anchor')}
${row(`bare CRI, ${pods.burst} at once`, pods.criBurst, 'anchor')}
`;
}
