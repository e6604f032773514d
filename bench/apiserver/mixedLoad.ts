// Mixed load: 5,000 Secrets in 50 namespaces, then an open-loop request stream (sent on a
// fixed schedule whatever the replies do) over 50 keep-alive HTTPS connections: 60% GET,
// 20% PUT, 10% POST, 10% LIST. Latency counts from the scheduled send time, so a request
// queued behind a slow one is charged for the wait.
import type { Histogram } from 'hdr-histogram-js';
import type { Agent } from 'node:https';
import { histogram } from '../measure.js';
import { inParallel, KubetsProcess, loadAverage, ms, request, seededRandom, sleep } from './kubetsProcess.js';

export interface MixedLoadOptions {
  namespaces: number;
  secretsPerNamespace: number;
  ratePerSecond: number;
  seconds: number;
  connections: number;
}

export const mixedLoadDefaults: MixedLoadOptions = { namespaces: 50, secretsPerNamespace: 100, ratePerSecond: 200, seconds: 60, connections: 50 };

type Verb = 'GET' | 'PUT' | 'POST' | 'LIST';
const verbs: Verb[] = ['GET', 'PUT', 'POST', 'LIST'];

export interface VerbFigures {
  verb: Verb | 'all';
  count: number;
  averageMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  conflicts: number;
}

export interface MixedLoadResult {
  options: MixedLoadOptions;
  seedSeconds: number;
  secretBytes: number;
  sent: number;
  sendSeconds: number;
  maxSendLagMs: number;
  connectionsOpened: number;
  figures: VerbFigures[];
  errorSamples: string[];
  load: string;
}

interface SecretRef {
  namespace: string;
  name: string;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

function secret(name: string, serial: number): object {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, labels: { app: 'bench', tier: 'backend' } },
    type: 'Opaque',
    data: {
      username: b64(`user-${serial}`),
      password: b64(`p${serial.toString(36).padStart(12, '0')}-${'x'.repeat(20)}`),
      'config.yaml': b64(`endpoint: https://db-${serial % 7}.example.internal:5432\npool: 20\ntimeout: 30s\nserial: ${serial}\n`),
    },
  };
}

export async function mixedLoadBenchmark(options: MixedLoadOptions = mixedLoadDefaults): Promise<MixedLoadResult> {
  const kubets = await KubetsProcess.start('mixed');
  const agents: Agent[] = [];
  try {
    await kubets.waitUntilReady();
    const seedAgent = kubets.adminAgent(50);
    agents.push(seedAgent);
    const port = kubets.port;

    // Seed: the namespaces, then the secrets with 50 requests in flight.
    const seedStart = performance.now();
    const namespaces = Array.from({ length: options.namespaces }, (_, i) => `bench-${i}`);
    for (const name of namespaces) {
      const reply = await request(port, 'POST', '/api/v1/namespaces', { agent: seedAgent, body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
      if (reply.status !== 201) throw new Error(`creating namespace ${name}: ${reply.status} ${reply.body}`);
    }
    const secrets: SecretRef[] = [];
    const latest = new Map<string, Record<string, unknown>>();
    const key = (ref: SecretRef) => `${ref.namespace}/${ref.name}`;
    const total = options.namespaces * options.secretsPerNamespace;
    let secretBytes = 0;
    await inParallel(total, 50, async (i) => {
      const ref = { namespace: namespaces[i % options.namespaces], name: `seed-${i}` };
      const reply = await request(port, 'POST', `/api/v1/namespaces/${ref.namespace}/secrets`, { agent: seedAgent, body: secret(ref.name, i) });
      if (reply.status !== 201) throw new Error(`creating secret ${key(ref)}: ${reply.status} ${reply.body}`);
      secrets.push(ref);
      latest.set(key(ref), JSON.parse(reply.body.toString()) as Record<string, unknown>);
      if (i === 0) secretBytes = reply.body.length;
    });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    console.log(`  seeded ${options.namespaces} namespaces and ${total} secrets in ${seedSeconds.toFixed(1)} s`);
    seedAgent.destroy();

    // The load: one keep-alive agent holding at most `connections` sockets.
    const agent = kubets.adminAgent(options.connections);
    agents.push(agent);
    let connectionsOpened = 0;
    const counted = agent as unknown as { createConnection: (...args: unknown[]) => unknown };
    const createConnection = counted.createConnection.bind(agent);
    counted.createConnection = (...args: unknown[]) => {
      connectionsOpened++;
      return createConnection(...args);
    };
    // The clients are connected before the clock starts: 50 keep-alive connections, not 50 handshakes in the first second.
    await Promise.all(Array.from({ length: options.connections }, () =>
      request(port, 'GET', `/api/v1/namespaces/${secrets[0].namespace}/secrets/${secrets[0].name}`, { agent })));
    const random = seededRandom(42);
    const pick = () => secrets[Math.floor(random() * secrets.length)];
    const histograms = new Map<Verb, Histogram>(verbs.map((verb) => [verb, histogram()]));
    const sums = new Map<Verb, number>(verbs.map((verb) => [verb, 0]));
    const errors = new Map<Verb, number>(verbs.map((verb) => [verb, 0]));
    const conflicts = new Map<Verb, number>(verbs.map((verb) => [verb, 0]));
    const errorSamples: string[] = [];
    const all = histogram();
    let allSum = 0;
    let created = 0;

    const send = async (verb: Verb, due: number) => {
      let status = 0;
      let failure = '';
      try {
        if (verb === 'GET') {
          const ref = pick();
          const reply = await request(port, 'GET', `/api/v1/namespaces/${ref.namespace}/secrets/${ref.name}`, { agent });
          status = reply.status;
          if (status === 200) latest.set(key(ref), JSON.parse(reply.body.toString()) as Record<string, unknown>);
          else failure = reply.body.toString().slice(0, 200);
        } else if (verb === 'PUT') {
          const ref = pick();
          const previous = latest.get(key(ref))!;
          const body = { ...previous, data: { ...(previous.data as object), updated: b64(String(performance.now())) } };
          const reply = await request(port, 'PUT', `/api/v1/namespaces/${ref.namespace}/secrets/${ref.name}`, { agent, body });
          status = reply.status;
          if (status === 200) latest.set(key(ref), JSON.parse(reply.body.toString()) as Record<string, unknown>);
          else failure = reply.body.toString().slice(0, 200);
        } else if (verb === 'POST') {
          const ref = { namespace: namespaces[Math.floor(random() * namespaces.length)], name: `new-${created++}` };
          const reply = await request(port, 'POST', `/api/v1/namespaces/${ref.namespace}/secrets`, { agent, body: secret(ref.name, total + created) });
          status = reply.status;
          if (status === 201) {
            latest.set(key(ref), JSON.parse(reply.body.toString()) as Record<string, unknown>);
            secrets.push(ref);
          } else failure = reply.body.toString().slice(0, 200);
        } else {
          const namespace = namespaces[Math.floor(random() * namespaces.length)];
          const reply = await request(port, 'GET', `/api/v1/namespaces/${namespace}/secrets`, { agent });
          status = reply.status;
          if (status !== 200) failure = reply.body.toString().slice(0, 200);
        }
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
      const latencyUs = Math.max(1, Math.round((performance.now() - due) * 1000));
      histograms.get(verb)!.recordValue(latencyUs);
      all.recordValue(latencyUs);
      sums.set(verb, sums.get(verb)! + latencyUs);
      allSum += latencyUs;
      if (status === 409) conflicts.set(verb, conflicts.get(verb)! + 1);
      else if (failure) {
        errors.set(verb, errors.get(verb)! + 1);
        if (errorSamples.length < 5) errorSamples.push(`${verb} ${status}: ${failure}`);
      }
    };

    const count = options.ratePerSecond * options.seconds;
    const interval = 1000 / options.ratePerSecond;
    const inFlight: Promise<void>[] = [];
    let maxSendLagMs = 0;
    const start = performance.now() + 50;
    let next = 0;
    let logged = 0;
    console.log(`  open loop: ${options.ratePerSecond} requests/s for ${options.seconds} s over ${options.connections} connections`);
    while (next < count) {
      const now = performance.now();
      while (next < count && start + next * interval <= now) {
        const due = start + next * interval;
        maxSendLagMs = Math.max(maxSendLagMs, now - due);
        const draw = random();
        const verb: Verb = draw < 0.6 ? 'GET' : draw < 0.8 ? 'PUT' : draw < 0.9 ? 'POST' : 'LIST';
        inFlight.push(send(verb, due));
        next++;
      }
      if (next - logged >= options.ratePerSecond * 10 && next < count) {
        logged = next;
        console.log(`    sent ${next}/${count}`);
      }
      if (next < count) await sleep(Math.max(0, Math.min(1, start + next * interval - performance.now())));
    }
    const sendSeconds = (performance.now() - start) / 1000;
    // Every request has a 30 s timeout, so this wait is bounded.
    await Promise.all(inFlight);

    const figuresOf = (verb: Verb | 'all', h: Histogram, sumUs: number, errorCount: number, conflictCount: number): VerbFigures => ({
      verb,
      count: h.totalCount,
      averageMs: h.totalCount ? sumUs / h.totalCount / 1000 : 0,
      p50Ms: h.getValueAtPercentile(50) / 1000,
      p99Ms: h.getValueAtPercentile(99) / 1000,
      maxMs: h.maxValue / 1000,
      errors: errorCount,
      conflicts: conflictCount,
    });
    const sum = (map: Map<Verb, number>) => [...map.values()].reduce((a, b) => a + b, 0);
    const figures = [
      ...verbs.map((verb) => figuresOf(verb, histograms.get(verb)!, sums.get(verb)!, errors.get(verb)!, conflicts.get(verb)!)),
      figuresOf('all', all, allSum, sum(errors), sum(conflicts)),
    ];
    return { options, seedSeconds, secretBytes, sent: count, sendSeconds, maxSendLagMs, connectionsOpened, figures, errorSamples, load: loadAverage() };
  } finally {
    for (const agent of agents) agent.destroy();
    await kubets.stop();
  }
}

export function mixedLoadMarkdown(result: MixedLoadResult): string {
  const { options } = result;
  const overall = result.figures.find((f) => f.verb === 'all')!;
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  const rows = result.figures.map((f) =>
    `| ${f.verb === 'all' ? '**all**' : f.verb === 'LIST' ? 'LIST (a namespace)' : f.verb} | ${f.count} | ${ms(f.averageMs)} | ${ms(f.p50Ms)} | ${ms(f.p99Ms)} | ${ms(f.maxMs)} | ${f.errors} | ${f.conflicts} |`);
  return `### Mixed load (Secrets)

Method: one kubets process, ${options.namespaces * options.secretsPerNamespace} Secrets (${(result.secretBytes / 1000).toFixed(1)} KB of JSON each as returned) created first in ${options.namespaces} namespaces of ${options.secretsPerNamespace} (${result.seedSeconds.toFixed(1)} s, 50 in flight).
Then ${result.sent} requests sent open-loop at ${options.ratePerSecond}/s for ${options.seconds} s on a fixed schedule (not waiting for replies; the sending took ${result.sendSeconds.toFixed(1)} s, at most ${ms(result.maxSendLagMs)} ms late)
from the bench process through one node:https keep-alive agent with the admin client certificate and at most ${options.connections} sockets, all connected (one GET each) before the clock starts (${result.connectionsOpened} connections opened in all).
Mix: 60% GET one secret, 20% PUT (the last object seen, with its resourceVersion, one data key changed), 10% POST a new secret, 10% LIST one namespace's secrets (100+ items).
Latency runs from the scheduled send time to the last byte of the reply, so waiting for a free connection counts. 409 conflicts are listed apart from errors. Load average at the end: ${result.load}.

| verb | requests | average ms | p50 ms | p99 ms | max ms | errors | 409 |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Targets: average ≤ 150 ms: ${verdict(overall.averageMs <= 150)} (${ms(overall.averageMs)} ms; k0s/k8s averaged ~0.15 s in a published load test); p99 ≤ 1 s: ${verdict(overall.p99Ms <= 1000)} (${ms(overall.p99Ms)} ms, the SIG-scalability SLO)${overall.errors ? `; ${overall.errors} errors, e.g. ${result.errorSamples.map((s) => `\`${s.replace(/`/g, "'").replace(/\n/g, ' ')}\``).join('; ')}` : ''}.
`;
}
