// What a write through /status keeps besides the status, as upstream's status strategies do:
// Deployments keep annotation changes but not label changes; ReplicaSets, StatefulSets and
// DaemonSets keep both; the spec and the generation never change there. Stock kubectl 1.33
// (`patch --subresource=status`) against an in-process API server.
import { Kubectl } from '../../helpers/kubectl.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../../helpers/apiServer.js';

let server: TestApiServer;
let kubectl: Kubectl;

beforeAll(async () => {
  server = await startTestApiServer();
  kubectl = new Kubectl('1.33', server.kubeconfig);
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server);
});

const template = 'template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: nginx}]}}';
const manifests: Record<string, string> = {
  deployment: `{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {selector: {matchLabels: {app: web}}, ${template}}}`,
  replicaset: `{apiVersion: apps/v1, kind: ReplicaSet, metadata: {name: web}, spec: {selector: {matchLabels: {app: web}}, ${template}}}`,
  statefulset: `{apiVersion: apps/v1, kind: StatefulSet, metadata: {name: web}, spec: {serviceName: web, selector: {matchLabels: {app: web}}, ${template}}}`,
  daemonset: `{apiVersion: apps/v1, kind: DaemonSet, metadata: {name: web}, spec: {selector: {matchLabels: {app: web}}, ${template}}}`,
};

async function metadataAfterStatusWrites(kind: string): Promise<{ annotations?: Record<string, string>; labels?: Record<string, string>; generation?: number; image: string }> {
  await kubectl.ok(['create', '-f', '-'], manifests[kind]);
  const patches = [
    '{"metadata":{"annotations":{"example.com/note":"from-status"}}}',
    '{"metadata":{"labels":{"tier":"from-status"}}}',
    '{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}',
  ];
  for (const patch of patches) await kubectl.ok(['patch', kind, 'web', '--subresource=status', '--type=merge', '-p', patch]);
  const object = JSON.parse(await kubectl.ok(['get', kind, 'web', '-o', 'json']));
  const { annotations, labels, generation } = object.metadata;
  return { annotations, labels, generation, image: object.spec.template.spec.containers[0].image };
}

test('a Deployment keeps annotation changes through /status, not label changes', async () => {
  expect(await metadataAfterStatusWrites('deployment')).toEqual({ annotations: { 'example.com/note': 'from-status' }, labels: undefined, generation: 1, image: 'nginx' });
});

test.each(['replicaset', 'statefulset', 'daemonset'])('a %s keeps annotation and label changes through /status', async (kind) => {
  expect(await metadataAfterStatusWrites(kind)).toEqual({
    annotations: kind === 'daemonset' ? { 'deprecated.daemonset.template.generation': '1', 'example.com/note': 'from-status' } : { 'example.com/note': 'from-status' },
    labels: { tier: 'from-status' }, generation: 1, image: 'nginx',
  });
});
