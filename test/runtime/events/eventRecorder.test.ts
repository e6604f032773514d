// The event recorder against a real kubets API server, read back with stock kubectl: client-go's
// correlator behaviour — a repeat bumps one Event's count (a PATCH, not a second Event), the
// tenth similar message makes a "(combined from similar events)" Event that later ones count
// up, and a source gets 25 events about an object at once, then one per 5 minutes.
import * as k8s from '@kubernetes/client-node';
import { EventRecorder } from '../../../src/runtime/events/index.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../../helpers/apiServer.js';
import { eventually, Kubectl } from '../../helpers/kubectl.js';

let server: TestApiServer;
let kc: k8s.KubeConfig;
let kubectl: Kubectl;
let clock = Date.now();

beforeAll(async () => {
  server = await startTestApiServer();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(server.kubeconfig);
  kubectl = new Kubectl('1.33', server.kubeconfig);
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server);
});

interface Listed { metadata: { name: string }; reason: string; message: string; count: number; involvedObject: { name: string } }

async function eventsAbout(name: string): Promise<Listed[]> {
  const out = await kubectl.ok(['get', 'events', '-n', 'default', '--field-selector', `involvedObject.name=${name}`, '-o', 'json']);
  return (JSON.parse(out) as { items: Listed[] }).items;
}

const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', name, namespace: 'default', uid: `uid-${name}` });

test('a repeated event is one Event with its count raised', async () => {
  const recorder = new EventRecorder(kc, { component: 'kubelet', host: 'node-a' }, () => clock);
  recorder.event(pod('repeat'), 'Warning', 'BackOff', 'Back-off restarting failed container');
  await eventually(async () => (await eventsAbout('repeat')).length === 1);
  recorder.event(pod('repeat'), 'Warning', 'BackOff', 'Back-off restarting failed container');
  recorder.event(pod('repeat'), 'Warning', 'BackOff', 'Back-off restarting failed container');
  await eventually(async () => (await eventsAbout('repeat'))[0]?.count === 3);
  expect(await eventsAbout('repeat')).toHaveLength(1);
});

test('the tenth similar message starts a combined Event that later ones count up', async () => {
  const recorder = new EventRecorder(kc, { component: 'kubelet', host: 'node-b' }, () => clock);
  for (let i = 0; i < 12; i++) {
    recorder.event(pod('similar'), 'Warning', 'FailedMount', `volume ${i} not ready`);
    await eventually(async () => (await eventsAbout('similar')).reduce((n, e) => n + e.count, 0) === i + 1);
  }
  const events = await eventsAbout('similar');
  const combined = events.filter((e) => e.message.startsWith('(combined from similar events): '));
  expect(events).toHaveLength(10);
  expect(combined).toHaveLength(1);
  expect(combined[0]).toMatchObject({ count: 3, message: '(combined from similar events): volume 11 not ready' });
});

test('a source gets 25 events about an object, then one per 5 minutes', async () => {
  const recorder = new EventRecorder(kc, { component: 'kubelet', host: 'node-c' }, () => clock);
  // Distinct reasons, so neither counting nor combining folds them.
  for (let i = 0; i < 30; i++) recorder.event(pod('spam'), 'Normal', `Reason${i}`, 'something happened');
  await eventually(async () => (await eventsAbout('spam')).length === 25);
  clock += 300_000;
  for (let i = 30; i < 33; i++) recorder.event(pod('spam'), 'Normal', `Reason${i}`, 'something happened');
  await eventually(async () => (await eventsAbout('spam')).length === 26);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const reasons = (await eventsAbout('spam')).map((e) => e.reason);
  expect(reasons).toHaveLength(26);
  expect(reasons).toContain('Reason30');
  expect(reasons).not.toContain('Reason25');
});
