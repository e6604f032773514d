// ReplicaSets and ReplicationControllers with stock kubectl against `kubets up --nodes 3`:
// pods to the count, replaced when deleted, the cheapest deleted first, orphaned by
// `delete --cascade=orphan` and adopted by a new ReplicaSet, released when relabelled; quota
// refusals surface as the ReplicaFailure condition and FailedCreate events, and clear once
// creation succeeds.
import type { V1Pod } from '@kubernetes/client-node';
import { eventually } from '../../helpers/kubectl.js';
import { useKubetsUp } from '../../helpers/kubetsProcess.js';

const cluster = useKubetsUp('replicasets', ['--nodes', '3']);

const json = async (args: string[]) => JSON.parse(await cluster.kubectl.ok([...args, '-o', 'json']));

function replicaSet(name: string, replicas: number, app = name, kind = 'ReplicaSet'): string {
  const template = { metadata: { labels: { app } }, spec: { containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }] } };
  return JSON.stringify(kind === 'ReplicaSet'
    ? { apiVersion: 'apps/v1', kind, metadata: { name }, spec: { replicas, selector: { matchLabels: { app } }, template } }
    : { apiVersion: 'v1', kind, metadata: { name }, spec: { replicas, selector: { app }, template } });
}

interface PodView { name: string; owner?: string; ownerKind?: string; running: boolean }

async function podsOf(app: string): Promise<PodView[]> {
  const list = await json(['get', 'pods', '-l', `app=${app}`]);
  return (list.items as V1Pod[]).filter((p) => !p.metadata?.deletionTimestamp).map((p) => {
    const owner = p.metadata?.ownerReferences?.find((r) => r.controller);
    return { name: p.metadata!.name!, owner: owner?.name, ownerKind: owner?.kind, running: p.status?.phase === 'Running' };
  });
}

test('pods to the count, replaced, scaled down, with status and events', async () => {
  await cluster.kubectl.ok(['apply', '-f', '-'], replicaSet('web', 3));
  await eventually(async () => (await podsOf('web')).filter((p) => p.running).length === 3, 30_000);
  const pods = await podsOf('web');
  expect(pods.every((p) => p.owner === 'web' && p.ownerKind === 'ReplicaSet' && /^web-[a-z0-9]{5}$/.test(p.name))).toBe(true);
  const pod = await json(['get', 'pod', pods[0].name]);
  expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: expect.any(String), controller: true, blockOwnerDeletion: true }]);
  await eventually(async () => {
    const rs = await json(['get', 'rs', 'web']);
    return rs.status.replicas === 3 && rs.status.fullyLabeledReplicas === 3 && rs.status.readyReplicas === 3 && rs.status.availableReplicas === 3 && rs.status.observedGeneration === 1;
  }, 15_000);

  await cluster.kubectl.ok(['delete', 'pod', pods[0].name, '--wait=false']);
  await eventually(async () => {
    const now = await podsOf('web');
    return now.length === 3 && !now.some((p) => p.name === pods[0].name) && now.every((p) => p.running);
  }, 30_000);

  // Scaling down deletes the cheapest pod first (controller.kubernetes.io/pod-deletion-cost).
  const [cheap] = await podsOf('web');
  await cluster.kubectl.ok(['annotate', 'pod', cheap.name, 'controller.kubernetes.io/pod-deletion-cost=-100']);
  await cluster.kubectl.ok(['scale', 'rs/web', '--replicas=2']);
  await eventually(async () => (await podsOf('web')).length === 2, 15_000);
  expect((await podsOf('web')).some((p) => p.name === cheap.name)).toBe(false);

  const events = await cluster.kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.kind=ReplicaSet,involvedObject.name=web', '-o', 'custom-columns=R:.reason,M:.message,S:.source.component', '--no-headers']);
  expect(events).toMatch(/SuccessfulCreate\s+Created pod: web-[a-z0-9]{5}\s+replicaset-controller/);
  expect(events).toMatch(/SuccessfulDelete\s+Deleted pod: web-[a-z0-9]{5}\s+replicaset-controller/);
}, 120_000);

test('orphaned by --cascade=orphan, adopted by a new ReplicaSet; a relabelled pod is released and replaced', async () => {
  await cluster.kubectl.ok(['apply', '-f', '-'], replicaSet('first', 2, 'shared'));
  await eventually(async () => (await podsOf('shared')).filter((p) => p.running).length === 2, 30_000);
  const before = (await podsOf('shared')).map((p) => p.name).sort();

  await cluster.kubectl.ok(['delete', 'rs', 'first', '--cascade=orphan']);
  await eventually(async () => (await podsOf('shared')).every((p) => p.owner === undefined), 15_000);
  expect((await podsOf('shared')).map((p) => p.name).sort()).toEqual(before);

  await cluster.kubectl.ok(['apply', '-f', '-'], replicaSet('second', 2, 'shared'));
  await eventually(async () => (await podsOf('shared')).every((p) => p.owner === 'second'), 15_000);
  await new Promise((r) => setTimeout(r, 1000));
  expect((await podsOf('shared')).map((p) => p.name).sort()).toEqual(before);

  await cluster.kubectl.ok(['label', 'pod', before[0], 'app=elsewhere', '--overwrite']);
  await eventually(async () => {
    const released = await json(['get', 'pod', before[0]]);
    return (released.metadata.ownerReferences ?? []).length === 0;
  }, 15_000);
  await eventually(async () => {
    const shared = await podsOf('shared');
    return shared.length === 2 && shared.every((p) => p.owner === 'second') && !shared.some((p) => p.name === before[0]);
  }, 15_000);
}, 120_000);

test('expectations: forty replicas are forty pods, each created once', async () => {
  await cluster.kubectl.ok(['apply', '-f', '-'], replicaSet('many', 40));
  await eventually(async () => (await podsOf('many')).length === 40, 60_000);
  await new Promise((r) => setTimeout(r, 1500));
  expect(await podsOf('many')).toHaveLength(40);
  // As client-go's event correlator writes them: nine "Created pod" Events, then one combined
  // Event counted up, until the spam filter's burst of 25 events about the ReplicaSet is spent.
  // The count patches go in order after the pods, so wait for them to land.
  const createdEvents = () => json(['get', 'events', '--field-selector', 'involvedObject.name=many,reason=SuccessfulCreate']);
  const counted = (events: { items: { count: number }[] }) => events.items.reduce((sum, e) => sum + e.count, 0);
  await eventually(async () => counted(await createdEvents()) >= 25, 20_000);
  await new Promise((r) => setTimeout(r, 1000));
  const events = await createdEvents();
  const combined = events.items.filter((e: { message: string }) => e.message.startsWith('(combined from similar events): Created pod: many-'));
  expect(events.items).toHaveLength(10);
  expect(combined).toHaveLength(1);
  expect(counted(events)).toBe(25);
  await cluster.kubectl.ok(['delete', 'rs', 'many']);
  await eventually(async () => (await podsOf('many')).length === 0, 60_000);
}, 120_000);

test('ReplicationControllers keep their count too', async () => {
  await cluster.kubectl.ok(['apply', '-f', '-'], replicaSet('legacy', 2, 'legacy', 'ReplicationController'));
  await eventually(async () => (await podsOf('legacy')).filter((p) => p.running && p.ownerKind === 'ReplicationController').length === 2, 30_000);
  await cluster.kubectl.ok(['scale', 'rc/legacy', '--replicas=1']);
  await eventually(async () => (await podsOf('legacy')).length === 1, 15_000);
  await eventually(async () => {
    const rc = await json(['get', 'rc', 'legacy']);
    return rc.status.replicas === 1 && rc.status.readyReplicas === 1 && rc.status.availableReplicas === 1;
  }, 15_000);
  const events = await cluster.kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.kind=ReplicationController', '-o', 'custom-columns=R:.reason,S:.source.component', '--no-headers']);
  expect(events).toMatch(/SuccessfulCreate\s+replication-controller/);
}, 90_000);

test('a quota refusal: ReplicaFailure FailedCreate, cleared once creation succeeds', async () => {
  await cluster.kubectl.ok(['create', 'namespace', 'limited']);
  await cluster.kubectl.ok(['create', 'quota', 'pods', '--hard=pods=1', '-n', 'limited']);
  await eventually(async () => (await json(['get', 'quota', 'pods', '-n', 'limited'])).status?.hard?.pods === '1', 15_000);
  await cluster.kubectl.ok(['apply', '-n', 'limited', '-f', '-'], replicaSet('capped', 10));
  await eventually(async () => {
    const rs = await json(['get', 'rs', 'capped', '-n', 'limited']);
    return rs.status?.conditions?.some((c: { type: string }) => c.type === 'ReplicaFailure') === true;
  }, 30_000);
  const rs = await json(['get', 'rs', 'capped', '-n', 'limited']);
  const failure = rs.status.conditions.find((c: { type: string }) => c.type === 'ReplicaFailure');
  expect(failure).toMatchObject({ status: 'True', reason: 'FailedCreate' });
  // Upstream names the pod (`pods "capped-x7k2p" is forbidden`); kubets' quota admission runs
  // before generateName is resolved, so the name may be missing.
  expect(failure.message).toMatch(/^pods( "capped-[a-z0-9]{5}")? is forbidden: exceeded quota: pods, requested: pods=1, used: pods=[12], limited: pods=1$/);
  // Slow start stopped at the refusals (kubets' quota admission may let one more pod in
  // than its limit when two creates race; upstream's lets exactly one in).
  expect(rs.status.replicas).toBeGreaterThanOrEqual(1);
  expect(rs.status.replicas).toBeLessThanOrEqual(2);
  const events = await json(['get', 'events', '-n', 'limited', '--field-selector', 'reason=FailedCreate']);
  const first = events.items[0];
  expect(first.message).toMatch(/^Error creating: pods( "capped-[a-z0-9]{5}")? is forbidden: exceeded quota/);

  const running = rs.status.replicas;
  await cluster.kubectl.ok(['scale', 'rs/capped', '-n', 'limited', `--replicas=${running}`]);
  await eventually(async () => {
    const now = await json(['get', 'rs', 'capped', '-n', 'limited']);
    return !(now.status.conditions ?? []).some((c: { type: string }) => c.type === 'ReplicaFailure') && now.status.replicas === running;
  }, 30_000);
}, 120_000);
