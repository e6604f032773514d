// Deployments as users drive them with stock kubectl against `kubets up --nodes 3` (simulated
// nodes, pods placed by the scheduler): create, scale, set image, rollout status/history/
// undo/pause/resume/restart, apply with a changed image, a zero-downtime rolling update
// watched pod by pod, a deleted pod replaced, Recreate, the progress deadline, minReadySeconds
// and revisionHistoryLimit.
import { KubeConfig, Watch, type V1Pod } from '@kubernetes/client-node';
import { eventually, Kubectl } from '../../helpers/kubectl.js';
import { useKubetsUp } from '../../helpers/kubetsProcess.js';

const cluster = useKubetsUp('deployments', ['--nodes', '3']);

const json = async (args: string[]) => JSON.parse(await cluster.kubectl.ok([...args, '-o', 'json']));
const rolloutStatus = (name: string, timeout = '60s') => cluster.kubectl.run(['rollout', 'status', `deployment/${name}`, `--timeout=${timeout}`]);

async function replicaSetsOf(name: string): Promise<Array<{ name: string; replicas: number; revision: string; hash: string; image: string }>> {
  const list = await json(['get', 'rs', '-l', `app=${name}`]);
  return list.items.map((rs: { metadata: { name: string; annotations: Record<string, string>; labels: Record<string, string> }; spec: { replicas: number; template: { spec: { containers: Array<{ image: string }> } } } }) => ({
    name: rs.metadata.name,
    replicas: rs.spec.replicas,
    revision: rs.metadata.annotations['deployment.kubernetes.io/revision'],
    hash: rs.metadata.labels['pod-template-hash'],
    image: rs.spec.template.spec.containers[0].image,
  }));
}

async function runningPods(app: string): Promise<Array<{ name: string; image: string; hash: string; node: string }>> {
  const list = await json(['get', 'pods', '-l', `app=${app}`]);
  return list.items
    .filter((p: V1Pod) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp)
    .map((p: V1Pod) => ({ name: p.metadata!.name!, image: p.spec!.containers[0].image!, hash: p.metadata!.labels!['pod-template-hash'], node: p.spec!.nodeName! }));
}

test('create, scale, set image, history, undo to revision 1, apply, get pods -l', async () => {
  await cluster.kubectl.ok(['create', 'deployment', 'web', '--image=busybox', '--', 'sleep', '3600']);
  expect((await rolloutStatus('web')).stdout).toContain('deployment "web" successfully rolled out');
  const [first] = await replicaSetsOf('web');
  expect(first.hash).toMatch(/^[456789bcdf]{1,10}$/);
  expect(first).toMatchObject({ name: `web-${first.hash}`, replicas: 1, revision: '1', image: 'busybox' });
  const events = await cluster.kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.kind=Deployment,involvedObject.name=web', '-o', 'custom-columns=R:.reason,M:.message', '--no-headers']);
  expect(events).toContain(`ScalingReplicaSet   Scaled up replica set web-${first.hash} from 0 to 1`);

  await cluster.kubectl.ok(['scale', 'deployment/web', '--replicas=5']);
  expect((await rolloutStatus('web')).code).toBe(0);
  await eventually(async () => (await runningPods('web')).length === 5, 30_000);
  const get = await cluster.kubectl.ok(['get', 'pods', '-l', 'app=web', '--no-headers']);
  expect(get.trim().split('\n').filter((line) => line.includes(`web-${first.hash}-`) && /1\/1\s+Running/.test(line))).toHaveLength(5);
  expect(new Set((await runningPods('web')).map((p) => p.node)).size).toBeGreaterThan(1);

  await cluster.kubectl.ok(['set', 'image', 'deployment/web', 'busybox=busybox:1.36']);
  expect((await rolloutStatus('web')).code).toBe(0);
  await eventually(async () => {
    const pods = await runningPods('web');
    return pods.length === 5 && pods.every((p) => p.image === 'busybox:1.36');
  }, 30_000);
  const history = await cluster.kubectl.ok(['rollout', 'history', 'deployment/web']);
  expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
  const status = await json(['get', 'deployment', 'web']);
  expect(status.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
  expect(status.status).toMatchObject({ replicas: 5, updatedReplicas: 5, readyReplicas: 5, availableReplicas: 5, observedGeneration: status.metadata.generation });
  const conditions = Object.fromEntries(status.status.conditions.map((c: { type: string; reason: string }) => [c.type, c.reason]));
  expect(conditions).toEqual({ Available: 'MinimumReplicasAvailable', Progressing: 'NewReplicaSetAvailable' });

  await cluster.kubectl.ok(['rollout', 'undo', 'deployment/web', '--to-revision=1']);
  expect((await rolloutStatus('web')).code).toBe(0);
  const afterUndo = await replicaSetsOf('web');
  expect(afterUndo.find((rs) => rs.name === first.name)).toMatchObject({ replicas: 5, revision: '3' });
  expect(afterUndo).toHaveLength(2);
  await eventually(async () => (await runningPods('web')).every((p) => p.image === 'busybox' && p.hash === first.hash), 30_000);
  expect(await cluster.kubectl.ok(['rollout', 'history', 'deployment/web'])).toMatch(/REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>/);
  const undone = await json(['get', 'rs', first.name]);
  expect(undone.metadata.annotations['deployment.kubernetes.io/revision-history']).toBe('1');

  const manifest = (image: string) => JSON.stringify({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'applied' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'applied' } }, template: { metadata: { labels: { app: 'applied' } }, spec: { containers: [{ name: 'main', image, command: ['sleep', '3600'] }] } } },
  });
  await cluster.kubectl.ok(['apply', '-f', '-'], manifest('busybox'));
  expect((await rolloutStatus('applied')).code).toBe(0);
  await cluster.kubectl.ok(['apply', '-f', '-'], manifest('nginx'));
  expect((await rolloutStatus('applied')).code).toBe(0);
  await eventually(async () => {
    const pods = await runningPods('applied');
    return pods.length === 2 && pods.every((p) => p.image === 'nginx');
  }, 30_000);
  expect((await replicaSetsOf('applied')).map((rs) => [rs.image, rs.replicas, rs.revision]).sort()).toEqual([['busybox', 0, '1'], ['nginx', 2, '2']]);
}, 240_000);

test('a rolling update with maxUnavailable=0 never has fewer ready pods than replicas', async () => {
  const replicas = 4;
  await cluster.kubectl.ok(['create', 'deployment', 'steady', '--image=busybox', `--replicas=${replicas}`, '--', 'sleep', '3600']);
  await cluster.kubectl.ok(['patch', 'deployment/steady', '-p', JSON.stringify({ spec: { strategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } } })]);
  expect((await rolloutStatus('steady')).code).toBe(0);
  await eventually(async () => (await runningPods('steady')).length === replicas, 30_000);

  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(cluster.kubets.kubeconfig);
  const ready = new Map<string, boolean>();
  const counts: number[] = [];
  const initial = await json(['get', 'pods', '-l', 'app=steady']);
  const serving = (pod: V1Pod) => !pod.metadata?.deletionTimestamp && pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
  for (const pod of initial.items as V1Pod[]) ready.set(pod.metadata!.name!, serving(pod));
  const abort = await new Watch(kubeConfig).watch('/api/v1/namespaces/default/pods', { labelSelector: 'app=steady', resourceVersion: initial.metadata.resourceVersion }, (type: string, pod: V1Pod) => {
    if (type === 'DELETED') ready.delete(pod.metadata!.name!);
    else ready.set(pod.metadata!.name!, serving(pod));
    counts.push([...ready.values()].filter(Boolean).length);
  }, () => undefined);
  try {
    await cluster.kubectl.ok(['set', 'image', 'deployment/steady', 'busybox=busybox:1.36']);
    expect((await rolloutStatus('steady', '90s')).code).toBe(0);
    await eventually(async () => {
      const pods = await runningPods('steady');
      return pods.length === replicas && pods.every((p) => p.image === 'busybox:1.36');
    }, 30_000);
  } finally {
    abort.abort();
  }
  expect(counts.length).toBeGreaterThan(replicas * 3);
  expect(Math.min(...counts)).toBeGreaterThanOrEqual(replicas);
  const events = await cluster.kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.name=steady', '-o', 'custom-columns=M:.message', '--no-headers']);
  expect(events).toMatch(/Scaled up replica set steady-\w+ from 0 to 1/);
  expect(events).toMatch(/Scaled down replica set steady-\w+ from 4 to 3/);
}, 180_000);

test('a deleted pod is replaced', async () => {
  await cluster.kubectl.ok(['create', 'deployment', 'heal', '--image=busybox', '--replicas=2', '--', 'sleep', '3600']);
  expect((await rolloutStatus('heal')).code).toBe(0);
  await eventually(async () => (await runningPods('heal')).length === 2, 30_000);
  const [victim] = await runningPods('heal');
  await cluster.kubectl.ok(['delete', 'pod', victim.name, '--wait=false']);
  await eventually(async () => {
    const pods = await runningPods('heal');
    return pods.length === 2 && !pods.some((p) => p.name === victim.name);
  }, 30_000);
}, 90_000);

test('pause, resume and restart', async () => {
  await cluster.kubectl.ok(['create', 'deployment', 'paused', '--image=busybox', '--replicas=2', '--', 'sleep', '3600']);
  expect((await rolloutStatus('paused')).code).toBe(0);
  await cluster.kubectl.ok(['rollout', 'pause', 'deployment/paused']);
  await cluster.kubectl.ok(['set', 'image', 'deployment/paused', 'busybox=busybox:1.36']);
  await eventually(async () => {
    const d = await json(['get', 'deployment', 'paused']);
    return d.status.conditions.some((c: { type: string; reason: string; message: string }) => c.type === 'Progressing' && c.reason === 'DeploymentPaused' && c.message === 'Deployment is paused');
  }, 15_000);
  await new Promise((r) => setTimeout(r, 1000));
  expect(await replicaSetsOf('paused')).toHaveLength(1);
  await cluster.kubectl.ok(['rollout', 'resume', 'deployment/paused']);
  expect((await rolloutStatus('paused')).code).toBe(0);
  expect((await replicaSetsOf('paused')).map((rs) => [rs.image, rs.replicas]).sort()).toEqual([['busybox', 0], ['busybox:1.36', 2]]);

  await cluster.kubectl.ok(['rollout', 'restart', 'deployment/paused']);
  expect((await rolloutStatus('paused')).code).toBe(0);
  const sets = await replicaSetsOf('paused');
  expect(sets).toHaveLength(3);
  const current = await json(['get', 'deployment', 'paused']);
  expect(current.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBeDefined();
  expect(sets.find((rs) => rs.revision === '3')).toMatchObject({ replicas: 2, image: 'busybox:1.36' });
}, 120_000);

test('Recreate scales the old ReplicaSet to 0 before the new one comes up', async () => {
  await cluster.kubectl.ok(['create', 'deployment', 'recreate', '--image=busybox', '--replicas=2', '--', 'sleep', '3600']);
  await cluster.kubectl.ok(['patch', 'deployment/recreate', '--type=json', '-p', JSON.stringify([{ op: 'replace', path: '/spec/strategy', value: { type: 'Recreate' } }])]);
  expect((await rolloutStatus('recreate')).code).toBe(0);
  await cluster.kubectl.ok(['set', 'image', 'deployment/recreate', 'busybox=busybox:1.36']);
  expect((await rolloutStatus('recreate')).code).toBe(0);
  const events = await json(['get', 'events', '--field-selector', 'involvedObject.name=recreate,reason=ScalingReplicaSet']);
  const messages: string[] = events.items
    .sort((a: { firstTimestamp: string }, b: { firstTimestamp: string }) => a.firstTimestamp.localeCompare(b.firstTimestamp))
    .map((e: { message: string }) => e.message);
  const down = messages.findIndex((m) => /Scaled down replica set recreate-\w+ from 2 to 0/.test(m));
  const up = messages.findIndex((m, i) => i > 0 && /Scaled up replica set recreate-\w+ from 0 to 2/.test(m));
  expect(down).toBeGreaterThanOrEqual(0);
  expect(up).toBeGreaterThan(down);
}, 120_000);

test('a rollout that makes no progress exceeds its deadline; rollout status fails', async () => {
  await cluster.kubectl.ok(['create', 'deployment', 'stuck', '--image=busybox', '--', 'sleep', '3600']);
  await cluster.kubectl.ok(['patch', 'deployment/stuck', '-p', JSON.stringify({ spec: { progressDeadlineSeconds: 3 } })]);
  expect((await rolloutStatus('stuck')).code).toBe(0);
  await cluster.kubectl.ok(['set', 'image', 'deployment/stuck', 'busybox=registry.example/does-not-exist:1']);
  const result = await rolloutStatus('stuck', '60s');
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('error: deployment "stuck" exceeded its progress deadline');
  const d = await json(['get', 'deployment', 'stuck']);
  const progressing = d.status.conditions.find((c: { type: string }) => c.type === 'Progressing');
  expect(progressing).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
  expect(progressing.message).toMatch(/^ReplicaSet "stuck-\w+" has timed out progressing\.$/);
  // The old pod kept serving: maxUnavailable 25% of 1 rounds down to 0.
  expect(d.status).toMatchObject({ availableReplicas: 1, updatedReplicas: 1, unavailableReplicas: 1 });
}, 120_000);

test('minReadySeconds delays availability; revisionHistoryLimit bounds the old ReplicaSets', async () => {
  await cluster.kubectl.ok(['create', 'deployment', 'slow', '--image=busybox', '--', 'sleep', '3600']);
  await cluster.kubectl.ok(['patch', 'deployment/slow', '-p', JSON.stringify({ spec: { minReadySeconds: 4, revisionHistoryLimit: 1 } })]);
  await eventually(async () => (await json(['get', 'pods', '-l', 'app=slow'])).items.some((p: V1Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')), 30_000);
  const readyAt = Date.now();
  const early = await json(['get', 'deployment', 'slow']);
  expect(early.status.availableReplicas ?? 0).toBe(0);
  await eventually(async () => (await json(['get', 'deployment', 'slow'])).status.availableReplicas === 1, 20_000);
  expect(Date.now() - readyAt).toBeGreaterThan(2_000);
  for (const tag of ['1.35', '1.36']) {
    await cluster.kubectl.ok(['set', 'image', 'deployment/slow', `busybox=busybox:${tag}`]);
    expect((await rolloutStatus('slow', '90s')).code).toBe(0);
  }
  await eventually(async () => (await replicaSetsOf('slow')).length === 2, 20_000);
  expect((await replicaSetsOf('slow')).map((rs) => rs.image).sort()).toEqual(['busybox:1.35', 'busybox:1.36']);
}, 180_000);

test('resizing a Deployment mid-rollout scales its ReplicaSets proportionally', async () => {
  await cluster.kubectl.ok(['create', 'deployment', 'wide', '--image=busybox', '--replicas=10', '--', 'sleep', '3600']);
  expect((await rolloutStatus('wide', '90s')).code).toBe(0);
  // A rollout that cannot finish: the new pods never become ready.
  await cluster.kubectl.ok(['set', 'image', 'deployment/wide', 'busybox=registry.example/does-not-exist:1']);
  let sizes: Record<string, number> = {};
  const sizesAre = async (expected: Record<string, number>) => {
    sizes = Object.fromEntries((await replicaSetsOf('wide')).map((rs) => [rs.image, rs.replicas]).sort());
    return JSON.stringify(sizes) === JSON.stringify(expected);
  };
  // 10 replicas, surge 3, 2 unavailable: the old ReplicaSet goes down to 8, the new one up to 5.
  const stuck = { busybox: 8, 'registry.example/does-not-exist:1': 5 };
  await eventually(() => sizesAre(stuck), 30_000).catch(() => expect(sizes).toEqual(stuck));
  await cluster.kubectl.ok(['scale', 'deployment/wide', '--replicas=20']);
  // 20 + 5 surge = 25: 12 more, shared 7 and 5 by the ReplicaSets' sizes.
  const resized = { busybox: 15, 'registry.example/does-not-exist:1': 10 };
  await eventually(() => sizesAre(resized), 30_000).catch(() => expect(sizes).toEqual(resized));
  const annotations = (await json(['get', 'rs', '-l', 'app=wide'])).items.map((rs: { metadata: { annotations: Record<string, string> } }) => [
    rs.metadata.annotations['deployment.kubernetes.io/desired-replicas'], rs.metadata.annotations['deployment.kubernetes.io/max-replicas'],
  ]);
  expect(annotations).toEqual([['20', '25'], ['20', '25']]);
  await cluster.kubectl.ok(['delete', 'deployment', 'wide']);
  await eventually(async () => (await json(['get', 'pods', '-l', 'app=wide'])).items.length === 0 && (await replicaSetsOf('wide')).length === 0, 60_000);
}, 180_000);

test('kubectl 1.27 rolls out, lists history and undoes (its rollback patches the template client-side too)', async () => {
  const old = new Kubectl('1.27', cluster.kubets.kubeconfig);
  await old.ok(['create', 'deployment', 'older', '--image=nginx', '--replicas=2']);
  expect(await old.ok(['rollout', 'status', 'deployment/older', '--timeout=60s'])).toContain('deployment "older" successfully rolled out');
  await old.ok(['set', 'image', 'deployment/older', 'nginx=nginx:1.25']);
  expect((await old.run(['rollout', 'status', 'deployment/older', '--timeout=60s'])).code).toBe(0);
  await old.ok(['rollout', 'undo', 'deployment/older']);
  expect((await old.run(['rollout', 'status', 'deployment/older', '--timeout=60s'])).code).toBe(0);
  expect(await old.ok(['rollout', 'history', 'deployment/older'])).toMatch(/REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>/);
  const shown = await old.ok(['rollout', 'history', 'deployment/older', '--revision=3']);
  expect(shown).toMatch(/Image:\s+nginx\n/);
  await eventually(async () => {
    const pods = await runningPods('older');
    return pods.length === 2 && pods.every((p) => p.image === 'nginx');
  }, 30_000);
}, 120_000);
