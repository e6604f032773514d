// LIST of 10,000 pods from the watch cache: realistic pods (labels, annotations, two containers
// with env, resources, probes and mounts) created with 50 requests in flight, then full
// cluster-wide LISTs at resourceVersion=0 (served from memory), JSON, no limit, one at a time.
import { histogram } from '../measure.js';
import { inParallel, KubetsProcess, loadAverage, mb, ms, request, rssBytes } from './kubetsProcess.js';

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

/** A pod as a Deployment's ReplicaSet would create it (kubectl run makes a smaller one). */
export function benchPod(index: number): object {
  const hash = '7d9c8b6f5';
  const app = `web-${index % 50}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${app}-${hash}-${index.toString(36).padStart(5, '0')}`,
      labels: { app, 'pod-template-hash': hash, tier: 'frontend', version: 'v1.4.2', 'app.kubernetes.io/part-of': 'shop' },
      annotations: {
        'kubectl.kubernetes.io/restartedAt': '2026-11-20T10:00:00Z',
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '9090',
      },
    },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.example.com/shop/web:1.4.2',
          imagePullPolicy: 'IfNotPresent',
          args: ['--listen=:8080', '--metrics=:9090', '--log-level=info'],
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090, protocol: 'TCP' }],
          env: [
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
            { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
            { name: 'DATABASE_URL', value: `postgres://shop@db-${index % 3}.shop.svc.cluster.local:5432/shop` },
            { name: 'CACHE_URL', value: 'redis://cache.shop.svc.cluster.local:6379/0' },
            { name: 'FEATURE_FLAGS', value: 'checkout-v2,search-suggest,new-cart' },
            { name: 'GOMAXPROCS', value: '2' },
          ],
          resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
          readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5, failureThreshold: 3 },
          livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 10, periodSeconds: 10 },
          volumeMounts: [{ name: 'config', mountPath: '/etc/web', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
          securityContext: { runAsNonRoot: true, runAsUser: 10001, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
        },
        {
          name: 'log-shipper',
          image: 'registry.example.com/infra/log-shipper:2.1.0',
          args: ['--input=/var/log/app', '--output=tcp://logs.infra.svc.cluster.local:5170'],
          env: [
            { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
            { name: 'BUFFER_SIZE', value: '8Mi' },
          ],
          resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
          volumeMounts: [{ name: 'tmp', mountPath: '/var/log/app' }],
        },
      ],
      volumes: [
        { name: 'config', configMap: { name: `${app}-config` } },
        { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
      ],
      terminationGracePeriodSeconds: 30,
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [{
            weight: 100,
            podAffinityTerm: { labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' },
          }],
        },
      },
    },
  };
}

export async function podListBenchmark(options: PodListOptions = podListDefaults): Promise<PodListResult> {
  const kubets = await KubetsProcess.start('podlist');
  const agent = () => kubets.adminAgent(options.createConcurrency);
  let createAgent: ReturnType<typeof agent> | undefined;
  let listAgent: ReturnType<typeof agent> | undefined;
  try {
    await kubets.waitUntilReady();
    const port = kubets.port;
    createAgent = agent();
    const namespaces = Array.from({ length: options.namespaces }, (_, i) => `pods-${i}`);
    for (const name of namespaces) {
      const reply = await request(port, 'POST', '/api/v1/namespaces', { agent: createAgent, body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
      if (reply.status !== 201) throw new Error(`creating namespace ${name}: ${reply.status} ${reply.body}`);
    }

    console.log(`  creating ${options.pods} pods, ${options.createConcurrency} in flight`);
    const createLatency = histogram();
    let created = 0;
    let createErrors = 0;
    let createErrorSample: string | undefined;
    let podBytes = 0;
    let podManagedFieldsBytes = 0;
    const createStart = performance.now();
    await inParallel(options.pods, options.createConcurrency, async (i) => {
      const start = performance.now();
      let failure: string | undefined;
      try {
        const reply = await request(port, 'POST', `/api/v1/namespaces/${namespaces[i % namespaces.length]}/pods`, { agent: createAgent, body: benchPod(i) });
        if (reply.status === 201) {
          created++;
          if (i === 0) {
            podBytes = reply.body.length;
            const pod = JSON.parse(reply.body.toString()) as { metadata: { managedFields?: unknown } };
            podManagedFieldsBytes = JSON.stringify(pod.metadata.managedFields ?? []).length;
          }
        } else failure = `${reply.status} ${reply.body.toString().slice(0, 300)}`;
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
      createLatency.recordValue(Math.max(1, Math.round((performance.now() - start) * 1000)));
      if (failure) {
        createErrors++;
        createErrorSample ??= failure;
        if (createErrors > options.pods / 100) throw new Error(`more than 1% of pod creations failed, e.g. ${createErrorSample}`);
      }
      if ((i + 1) % 2500 === 0) console.log(`    ${i + 1} pods sent`);
    });
    const createSeconds = (performance.now() - createStart) / 1000;
    createAgent.destroy();
    console.log(`  created ${created} pods in ${createSeconds.toFixed(1)} s (${Math.round(created / createSeconds)}/s)`);

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
      options, podBytes, podManagedFieldsBytes, created, createErrors, createErrorSample, createSeconds,
      createP50Ms: createLatency.getValueAtPercentile(50) / 1000,
      createP99Ms: createLatency.getValueAtPercentile(99) / 1000,
      listed, responseBytes, listMs, firstByteMs,
      rssAfterBytes: rssBytes(kubets.pid),
      load: loadAverage(),
    };
  } finally {
    createAgent?.destroy();
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
