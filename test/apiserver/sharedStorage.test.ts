// Versions that share one stored resource: an object written through one is read through the
// other, converted (autoscaling/v1 ⇄ v2 HorizontalPodAutoscalers, core/v1 ⇄ events.k8s.io/v1
// Events), in gets, lists and watches.
import { RawClient } from '../helpers/rawClient.js';
import { eventually } from '../helpers/kubectl.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';

let server: TestApiServer;
let client: RawClient;
const json = { 'Content-Type': 'application/json' };

beforeAll(async () => {
  server = await startTestApiServer();
  client = new RawClient(server.url, server.dataDir);
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server);
});

test('an HPA written as autoscaling/v1 reads as v2 and back', async () => {
  const v1 = '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers';
  const v2 = '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers';
  const created = await client.send('POST', v1, JSON.stringify({
    apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 60 },
  }), json);
  expect(created.status).toBe(201);
  const asV2 = (await client.send('GET', `${v2}/web`)).json<{ apiVersion: string; spec: { metrics: unknown[] } }>();
  expect(asV2.apiVersion).toBe('autoscaling/v2');
  expect(asV2.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }]);
  const listed = (await client.send('GET', v1)).json<{ items: Array<{ apiVersion: string; spec: { targetCPUUtilizationPercentage: number } }> }>();
  expect(listed.items[0].spec.targetCPUUtilizationPercentage).toBe(60);
});

test('an Event written as events.k8s.io/v1 reads as core/v1, in lists and watches too', async () => {
  const events = '/apis/events.k8s.io/v1/namespaces/default/events';
  const core = '/api/v1/namespaces/default/events';
  const rv = (await client.send('GET', core)).json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion;
  const watch = client.stream(`${core}?watch=true&resourceVersion=${rv}`);
  const created = await client.send('POST', events, JSON.stringify({
    apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e1' },
    eventTime: '2026-11-21T22:00:00.000000Z', reportingController: 'kubets.test/ctl', reportingInstance: 'ctl-1',
    action: 'Testing', reason: 'Tested', type: 'Normal', note: 'hello',
    regarding: { kind: 'Deployment', namespace: 'default', name: 'web', apiVersion: 'apps/v1' },
  }), json);
  expect(created.status).toBe(201);
  const asCore = (await client.send('GET', `${core}/e1`)).json<{ apiVersion: string; message: string; involvedObject: { name: string }; reportingComponent: string }>();
  expect(asCore).toMatchObject({ apiVersion: 'v1', message: 'hello', involvedObject: { name: 'web' }, reportingComponent: 'kubets.test/ctl' });
  await eventually(() => watch.lines.length >= 1);
  watch.close();
  expect(JSON.parse(watch.lines[0])).toMatchObject({ type: 'ADDED', object: { apiVersion: 'v1', message: 'hello' } });
  const selected = (await client.send('GET', `${core}?fieldSelector=involvedObject.name%3Dweb`)).json<{ items: unknown[] }>();
  expect(selected.items).toHaveLength(1);
});
