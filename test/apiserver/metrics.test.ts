// /metrics speaks Prometheus with kube-apiserver's metric names and labels.
import { RawClient } from '../helpers/rawClient.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';

let server: TestApiServer;
let client: RawClient;

beforeAll(async () => {
  server = await startTestApiServer();
  client = new RawClient(server.url, server.dataDir);
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server);
});

test('requests are counted and timed per verb, resource, scope and code; objects and in-flight requests are reported', async () => {
  for (let i = 0; i < 3; i++) await client.send('GET', '/api/v1/namespaces/default/configmaps');
  await client.send('GET', '/api/v1/namespaces/default/configmaps/missing');
  const text = (await client.send('GET', '/metrics')).body.toString();
  expect(text).toContain('apiserver_request_total{verb="LIST",dry_run="",group="",version="v1",resource="configmaps",subresource="",scope="namespace",component="apiserver",code="200"} 3');
  expect(text).toContain('apiserver_request_total{verb="GET",dry_run="",group="",version="v1",resource="configmaps",subresource="",scope="resource",component="apiserver",code="404"} 1');
  expect(text).toMatch(/apiserver_request_duration_seconds_count\{verb="LIST",dry_run="",group="",version="v1",resource="configmaps",subresource="",scope="namespace",component="apiserver"\} 3/);
  expect(text).toMatch(/apiserver_current_inflight_requests\{request_kind="readOnly"\} 1/);
  expect(text).toMatch(/apiserver_storage_objects\{resource="namespaces"\} 4/);
  expect(text).toMatch(/etcd_request_duration_seconds_count\{operation="[a-z]+",type="[a-z.]+"\} \d+/);
});
