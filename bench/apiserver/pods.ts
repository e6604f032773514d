// The pods the benchmarks create: realistic ones (labels, annotations, two containers with env,
// resources, probes and mounts, anti-affinity), POSTed through the API with many in flight.
import { histogram } from '../measure.js';
import { inParallel, type KubetsProcess, request } from './kubetsProcess.js';

export interface PodCreation {
  created: number;
  createErrors: number;
  createErrorSample?: string;
  createSeconds: number;
  createP50Ms: number;
  createP99Ms: number;
  /** Bytes of JSON of one pod as the server returned it, and of its managedFields. */
  podBytes: number;
  podManagedFieldsBytes: number;
  namespaces: string[];
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

/** Creates `pods` pods over `namespaces` namespaces (pods-0, pods-1, ...), `concurrency` POSTs in flight. */
export async function createPods(
  kubets: KubetsProcess, options: { pods: number; namespaces: number; concurrency: number },
): Promise<PodCreation> {
  const agent = kubets.adminAgent(options.concurrency);
  try {
    const namespaces = Array.from({ length: options.namespaces }, (_, i) => `pods-${i}`);
    for (const name of namespaces) {
      const reply = await request(kubets.port, 'POST', '/api/v1/namespaces', { agent, body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
      if (reply.status !== 201) throw new Error(`creating namespace ${name}: ${reply.status} ${reply.body}`);
    }

    console.log(`  creating ${options.pods} pods, ${options.concurrency} in flight`);
    const createLatency = histogram();
    let created = 0;
    let createErrors = 0;
    let createErrorSample: string | undefined;
    let podBytes = 0;
    let podManagedFieldsBytes = 0;
    const createStart = performance.now();
    await inParallel(options.pods, options.concurrency, async (i) => {
      const start = performance.now();
      let failure: string | undefined;
      try {
        const reply = await request(kubets.port, 'POST', `/api/v1/namespaces/${namespaces[i % namespaces.length]}/pods`, { agent, body: benchPod(i) });
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
    console.log(`  created ${created} pods in ${createSeconds.toFixed(1)} s (${Math.round(created / createSeconds)}/s)`);
    return {
      created, createErrors, createErrorSample, createSeconds,
      createP50Ms: createLatency.getValueAtPercentile(50) / 1000,
      createP99Ms: createLatency.getValueAtPercentile(99) / 1000,
      podBytes, podManagedFieldsBytes, namespaces,
    };
  } finally {
    agent.destroy();
  }
}
