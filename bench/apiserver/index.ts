// The API server benchmarks: start-up, mixed open-loop load, LIST of 10,000 pods from the
// watch cache, and GET throughput under wrk beside a bare Node HTTPS server. Each runs against
// a fresh `kubets up` process in its own temporary data directory; the result is a markdown
// section for bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { getThroughputBenchmark, getThroughputMarkdown } from './getThroughput.js';
import { kubetsRunner } from './kubetsProcess.js';
import { mixedLoadBenchmark, mixedLoadMarkdown } from './mixedLoad.js';
import { podListBenchmark, podListMarkdown } from './podList.js';
import { startupBenchmark, startupMarkdown } from './startup.js';

function uptime(): string {
  return execFileSync('uptime').toString().trim().replace(/\s+/g, ' ');
}

async function section(title: string, run: () => Promise<string>): Promise<string> {
  console.log(`api server benchmark: ${title} (${uptime()})`);
  try {
    return await run();
  } catch (error) {
    console.error(`api server benchmark ${title} failed:`, error);
    const message = error instanceof Error ? error.message : String(error);
    return `### ${title}\n\nFailed: \`${message.split('\n').slice(0, 5).join(' ').replace(/`/g, "'")}\`\n`;
  }
}

export async function apiServerBenchmarks(): Promise<string> {
  const runner = kubetsRunner();
  const startedAt = new Date();
  const loadBefore = uptime();
  console.log(`api server benchmarks: kubets runs as ${runner.description}`);
  const sections = [
    await section('Start-up', async () => startupMarkdown(await startupBenchmark(5), runner.description)),
    await section('Mixed load (Secrets)', async () => mixedLoadMarkdown(await mixedLoadBenchmark())),
    await section('LIST of 10,000 pods', async () => podListMarkdown(await podListBenchmark())),
    await section('GET of one object (wrk)', async () => getThroughputMarkdown(await getThroughputBenchmark())),
  ];
  const loadAfter = uptime();
  return `
## ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC — API server
Machine: ${cpus().length} × ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. kubets runs as ${runner.description}; every benchmark starts its own kubets process (SQLite storage, fresh temporary data directory) and stops it with SIGTERM.
The load generators run on the same machine. Other work was running too: \`uptime\` before: ${loadBefore}; after: ${loadAfter}.

${sections.join('\n')}`;
}
