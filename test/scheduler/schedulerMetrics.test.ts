// The Scheduler on an in-process API server, read through its Prometheus registry: the
// upstream metric names and labels (attempts by result and profile, attempt and end-to-end
// durations, pending pods by queue), the PodScheduled=False condition on a pod that fits
// nowhere, and the pod's binding once a node fits; pods for another scheduler are left alone,
// gated pods (spec.schedulingGates) wait until their gates go.
import { CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import { SharedInformerFactory } from '../../src/runtime/cache/index.js';
import { Scheduler } from '../../src/scheduler/index.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';
import { eventually } from '../helpers/kubectl.js';

let server: TestApiServer;
let core: CoreV1Api;
let informers: SharedInformerFactory;
let scheduler: Scheduler;
const registry = new Registry();

beforeAll(async () => {
  server = await startTestApiServer();
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(server.kubeconfig);
  core = kubeConfig.makeApiClient(CoreV1Api);
  informers = new SharedInformerFactory(kubeConfig);
  scheduler = new Scheduler(kubeConfig, informers, { metricsRegistry: registry });
  informers.start();
  await informers.waitForSync(10_000);
  scheduler.run();
});

afterAll(async () => {
  await scheduler?.stop();
  await informers?.stop();
  await server?.stop();
  removeDataDir(server);
});

const pod = (name: string, cpu: string, schedulerName?: string): V1Pod => ({
  metadata: { name }, spec: { schedulerName, containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu } } }] },
});


test('metrics, condition and binding for pods that fit, do not fit, and belong to another scheduler', async () => {
  await core.createNode({ body: { metadata: { name: 'small' }, status: { allocatable: { cpu: '2', memory: '8Gi', pods: '110' } } } });
  const small = await core.readNode({ name: 'small' });
  expect(small.status?.allocatable?.cpu).toBe('2');
  await core.createNamespacedPod({ namespace: 'default', body: pod('fits', '1') });
  await core.createNamespacedPod({ namespace: 'default', body: pod('too-big', '3') });
  await core.createNamespacedPod({ namespace: 'default', body: pod('not-mine', '1', 'other-scheduler') });
  await core.createNamespacedPod({ namespace: 'default', body: { ...pod('gated', '1'), spec: { ...pod('gated', '1').spec!, schedulingGates: [{ name: 'example.com/wait' }] } } });

  await eventually(async () => (await core.readNamespacedPod({ name: 'fits', namespace: 'default' })).spec?.nodeName === 'small', 10_000);
  let condition: { status?: string; reason?: string; message?: string } | undefined;
  await eventually(async () => {
    const current = await core.readNamespacedPod({ name: 'too-big', namespace: 'default' });
    condition = current.status?.conditions?.find((c) => c.type === 'PodScheduled');
    return condition !== undefined;
  }, 10_000);
  expect(condition).toMatchObject({
    status: 'False', reason: 'Unschedulable',
    message: '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
  });

  const text = await registry.metrics();
  expect(text).toContain('scheduler_schedule_attempts_total{result="scheduled",profile="default-scheduler"} 1');
  expect(text).toMatch(/scheduler_schedule_attempts_total\{result="unschedulable",profile="default-scheduler"\} [1-9]/);
  expect(text).toMatch(/scheduler_scheduling_attempt_duration_seconds_count\{result="scheduled",profile="default-scheduler"\} 1/);
  expect(text).toMatch(/scheduler_pod_scheduling_sli_duration_seconds_count\{attempts="1"\} 1/);
  expect(text).toMatch(/scheduler_pending_pods\{queue="(unschedulable|backoff)"\} 1/);
  expect(text).toContain('scheduler_pending_pods{queue="active"} 0');
  expect(text).toContain('scheduler_pending_pods{queue="gated"} 1');

  // A node that fits appears: the waiting pod is bound to it.
  await core.createNode({ body: { metadata: { name: 'large' }, status: { allocatable: { cpu: '8', memory: '8Gi', pods: '110' } } } });
  await eventually(async () => (await core.readNamespacedPod({ name: 'too-big', namespace: 'default' })).spec?.nodeName === 'large', 15_000);
  expect((await core.readNamespacedPod({ name: 'not-mine', namespace: 'default' })).spec?.nodeName).toBeUndefined();
  expect((await core.readNamespacedPod({ name: 'gated', namespace: 'default' })).spec?.nodeName).toBeUndefined();
  // The gate goes: the pod is tried and bound.
  await core.patchNamespacedPod({ name: 'gated', namespace: 'default', body: [{ op: 'remove', path: '/spec/schedulingGates' }] });
  await eventually(async () => (await core.readNamespacedPod({ name: 'gated', namespace: 'default' })).spec?.nodeName !== undefined, 15_000);
  expect(await registry.metrics()).toContain('scheduler_pending_pods{queue="gated"} 0');
  expect(await registry.metrics()).toContain('scheduler_schedule_attempts_total{result="scheduled",profile="default-scheduler"} 3');
}, 60_000);
