// `kubectl autoscale` under `kubets up --nodes 2 --horizontal-pod-autoscaler-sync-period 2s`:
// simulated containers use 1 to 21 millicores, so a Deployment requesting 1m per pod runs far
// above a 50 % target and scales up to maxReplicas (in the default policy's steps) with
// SuccessfulRescale events; raising the target far above use scales it down to minReplicas once
// the (here 2 s) stabilization window allows. A memory AverageValue target scales too.
import { eventually } from '../../helpers/kubectl.js';
import { useKubetsUp } from '../../helpers/kubetsProcess.js';

const cluster = useKubetsUp('hpa', ['--nodes', '2', '--horizontal-pod-autoscaler-sync-period', '2s']);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const hpa = async (name: string): Promise<Json> => JSON.parse(await cluster.kubectl.ok(['get', 'hpa', name, '-o', 'json'])) as Json;
const replicas = async (deployment: string) => Number((await cluster.kubectl.ok(['get', 'deployment', deployment, '-o', 'jsonpath={.spec.replicas}'])).trim());

test('cpu utilization above target scales up to the maximum, far below it scales down to the minimum', async () => {
  await cluster.kubectl.ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=1']);
  await cluster.kubectl.ok(['set', 'resources', 'deployment', 'web', '--requests=cpu=1m']);
  await cluster.kubectl.ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
  await cluster.kubectl.ok(['autoscale', 'deployment', 'web', '--cpu-percent=50', '--min=1', '--max=4']);

  await eventually(async () => (await replicas('web')) === 4, 90_000);
  await cluster.kubectl.ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
  const events = await cluster.kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.kind=HorizontalPodAutoscaler,reason=SuccessfulRescale', '-o', 'jsonpath={range .items[*]}{.message}{"\\n"}{end}']);
  expect(events).toMatch(/^New size: [24]; reason: cpu resource utilization \(percentage of request\) above target$/m);
  // Right after scaling, every pod is new: their first CPU samples fall within the readiness window and count as unready.
  await eventually(async () => {
    const status = (await hpa('web')).status;
    return status?.currentReplicas === 4 && (status.conditions as Json[]).some((c) => c.type === 'ScalingActive' && c.status === 'True') && status.currentMetrics?.length === 1;
  }, 90_000);
  const scaled = await hpa('web');
  expect(scaled.status.desiredReplicas).toBe(4);
  expect(scaled.status.lastScaleTime).toBeDefined();
  expect(scaled.status.currentMetrics[0].type).toBe('Resource');
  expect(scaled.status.currentMetrics[0].resource.name).toBe('cpu');
  expect(scaled.status.currentMetrics[0].resource.current.averageUtilization).toBeGreaterThanOrEqual(100);
  const conditions = Object.fromEntries((scaled.status.conditions as Json[]).map((c) => [c.type, c]));
  expect(conditions.AbleToScale.status).toBe('True');
  expect(conditions.ScalingActive).toMatchObject({ status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' });
  expect(conditions.ScalingLimited).toMatchObject({ status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });
  expect(await cluster.kubectl.ok(['get', 'hpa', 'web', '--no-headers'])).toMatch(/^web\s+Deployment\/web\s+cpu: \d+%\/50%\s+1\s+4\s+4\s/);

  await cluster.kubectl.ok(['patch', 'hpa', 'web', '--type=merge', '-p', JSON.stringify({ spec: {
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 100000 } } }],
    behavior: { scaleDown: { stabilizationWindowSeconds: 2 } },
  } })]);
  await eventually(async () => (await replicas('web')) === 1, 60_000);
  expect(await cluster.kubectl.ok(['describe', 'hpa', 'web'])).toMatch(/SuccessfulRescale\s+\S+\s+horizontal-pod-autoscaler\s+New size: 1; reason: All metrics below target/);
}, 240_000);

test('a memory AverageValue target below what pods use scales up', async () => {
  await cluster.kubectl.ok(['create', 'deployment', 'mem', '--image=nginx', '--replicas=1']);
  await cluster.kubectl.ok(['rollout', 'status', 'deployment/mem', '--timeout=60s']);
  await cluster.kubectl.ok(['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'mem' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'mem' }, minReplicas: 1, maxReplicas: 3,
      metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Mi' } } }],
    },
  }));
  await eventually(async () => (await replicas('mem')) === 3, 90_000);
  await eventually(async () => (await cluster.kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.name=mem,reason=SuccessfulRescale'])).includes('reason: memory resource above target'), 20_000);
}, 180_000);
