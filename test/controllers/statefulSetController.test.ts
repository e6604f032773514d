// The StatefulSet controller under `kubets up --nodes 3` with its scheduler, driven with stock
// kubectl and watched: OrderedReady makes web-0..2 each after the one before is Running and
// Ready and removes them 2..0; pods carry their identity (hostname, subdomain, pod-name and
// pod-index labels, revision hash); a rolling update with a partition replaces only the pods
// at or above it, highest first; `rollout status` follows it; claims from volumeClaimTemplates
// are made per ordinal and kept after scale-down (their binding is the volume controllers' work).
import { eventually } from '../helpers/kubectl.js';
import { useKubetsUp } from '../helpers/kubetsProcess.js';

const cluster = useKubetsUp('statefulset', ['--nodes', '3']);

interface Pod {
  metadata: { name: string; labels: Record<string, string>; deletionTimestamp?: string };
  spec: { hostname?: string; subdomain?: string; volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[] };
}

const podsOf = async (app: string) => (JSON.parse(await cluster.kubectl.ok(['get', 'pods', '-l', `app=${app}`, '-o', 'json'])) as { items: Pod[] }).items;
const stsStatus = async (name: string) => (JSON.parse(await cluster.kubectl.ok(['get', 'sts', name, '-o', 'json'])) as { status: Record<string, number | string> }).status;

function statefulSet(name: string, spec: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      serviceName: name,
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'web', image: 'nginx' }] },
      },
      ...spec,
    },
  });
}

/** The pod events a watch printed, as [event, pod, ready, status]. */
function watchEvents(output: string): string[][] {
  return output.split('\n').map((line) => line.trim().split(/\s+/)).filter((words) => words.length >= 4 && /^(ADDED|MODIFIED|DELETED)$/.test(words[0]));
}

test('OrderedReady: web-0, web-1, web-2 each after the previous is Running and Ready, with their identity', async () => {
  await cluster.kubectl.ok(['create', 'service', 'clusterip', 'web', '--clusterip=None', '--tcp=80:80']);
  const watch = cluster.kubectl.start(['get', 'pods', '-l', 'app=web', '--watch', '--output-watch-events', '--no-headers']);
  await new Promise((r) => setTimeout(r, 1000)); // the watch is established before the first pod
  await cluster.kubectl.ok(['apply', '-f', '-'], statefulSet('web'));
  expect(await cluster.kubectl.ok(['rollout', 'status', 'sts/web', '--timeout=60s'])).toContain('partitioned roll out complete: 3 new pods have been updated');
  await eventually(() => watchEvents(watch.output()).some(([, name, ready]) => name === 'web-2' && ready === '1/1'), 10_000);
  watch.stop();
  const events = watchEvents(watch.output());
  const added = events.filter(([event]) => event === 'ADDED').map(([, name]) => name);
  expect(added).toEqual(['web-0', 'web-1', 'web-2']);
  for (const [previous, next] of [['web-0', 'web-1'], ['web-1', 'web-2']]) {
    const readyAt = events.findIndex(([, name, ready, status]) => name === previous && ready === '1/1' && status === 'Running');
    const addedAt = events.findIndex(([event, name]) => event === 'ADDED' && name === next);
    expect(readyAt).toBeGreaterThanOrEqual(0);
    expect(addedAt).toBeGreaterThan(readyAt);
  }

  const pods = (await podsOf('web')).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const status = await stsStatus('web');
  for (const [i, pod] of pods.entries()) {
    expect(pod.spec.hostname).toBe(`web-${i}`);
    expect(pod.spec.subdomain).toBe('web');
    expect(pod.metadata.labels).toMatchObject({
      'statefulset.kubernetes.io/pod-name': `web-${i}`, 'apps.kubernetes.io/pod-index': String(i), 'controller-revision-hash': status.updateRevision,
    });
  }
  expect(status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, currentReplicas: 3, updatedReplicas: 3, observedGeneration: 1 });
  expect(status.currentRevision).toBe(status.updateRevision);
  expect(String(status.updateRevision)).toMatch(/^web-[a-z0-9]+$/);
  const events2 = await cluster.kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.kind=StatefulSet', '-o', 'custom-columns=REASON:.reason,MSG:.message', '--no-headers']);
  expect(events2).toMatch(/SuccessfulCreate\s+create Pod web-0 in StatefulSet web successful/);
}, 90_000);

test('a rolling update with partition 2 replaces web-2 only; partition 0 then replaces web-1 and web-0, highest first', async () => {
  const before = (await stsStatus('web')).currentRevision;
  const watch = cluster.kubectl.start(['get', 'pods', '-l', 'app=web', '--watch-only', '--output-watch-events', '--no-headers']);
  await new Promise((r) => setTimeout(r, 1000)); // the watch is established before the update
  await cluster.kubectl.ok(['patch', 'sts', 'web', '--type=merge', '-p', '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}']);
  await cluster.kubectl.ok(['set', 'env', 'sts/web', 'MODE=v2']);
  expect(await cluster.kubectl.ok(['rollout', 'status', 'sts/web', '--timeout=60s'])).toContain('partitioned roll out complete: 1 new pods have been updated');
  let status = await stsStatus('web');
  const revisions = Object.fromEntries((await podsOf('web')).map((p) => [p.metadata.name, p.metadata.labels['controller-revision-hash']]));
  expect(revisions).toEqual({ 'web-0': before, 'web-1': before, 'web-2': status.updateRevision });
  expect(status).toMatchObject({ currentRevision: before, updatedReplicas: 1, currentReplicas: 2 });

  await cluster.kubectl.ok(['patch', 'sts', 'web', '--type=merge', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}']);
  expect(await cluster.kubectl.ok(['rollout', 'status', 'sts/web', '--timeout=60s'])).toContain('roll out complete');
  await eventually(async () => (await stsStatus('web')).currentRevision === status.updateRevision, 10_000);
  status = await stsStatus('web');
  expect(status).toMatchObject({ currentReplicas: 3, updatedReplicas: 3, readyReplicas: 3 });
  watch.stop();
  const deleted = watchEvents(watch.output()).filter(([event]) => event === 'DELETED').map(([, name]) => name);
  expect(deleted).toEqual(['web-2', 'web-1', 'web-0']);
  expect(await cluster.kubectl.ok(['rollout', 'history', 'sts/web'])).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
}, 120_000);

test('scaling to 0 removes web-2, web-1, web-0 in that order', async () => {
  const watch = cluster.kubectl.start(['get', 'pods', '-l', 'app=web', '--watch-only', '--output-watch-events', '--no-headers']);
  await new Promise((r) => setTimeout(r, 1000)); // the watch is established before the scale-down
  await cluster.kubectl.ok(['scale', 'sts/web', '--replicas=0']);
  await eventually(async () => (await podsOf('web')).length === 0, 60_000);
  await eventually(() => watchEvents(watch.output()).filter(([event]) => event === 'DELETED').length === 3, 10_000);
  watch.stop();
  const events = watchEvents(watch.output());
  expect(events.filter(([event]) => event === 'DELETED').map(([, name]) => name)).toEqual(['web-2', 'web-1', 'web-0']);
  // Each deletion began after the one before had gone.
  const firstTerminating = (name: string) => events.findIndex(([, n, , s]) => n === name && s === 'Terminating');
  const goneAt = (name: string) => events.findIndex(([e, n]) => e === 'DELETED' && n === name);
  expect(firstTerminating('web-1')).toBeGreaterThan(goneAt('web-2'));
  expect(firstTerminating('web-0')).toBeGreaterThan(goneAt('web-1'));
}, 90_000);

test('volumeClaimTemplates: one claim per ordinal, kept after scale-down', async () => {
  await cluster.kubectl.ok(['apply', '-f', '-'], statefulSet('db', {
    replicas: 2,
    podManagementPolicy: 'Parallel',
    volumeClaimTemplates: [{ metadata: { name: 'data', labels: { tier: 'storage' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  }));
  await eventually(async () => (await cluster.kubectl.run(['get', 'pvc', 'data-db-0', 'data-db-1'])).code === 0, 30_000);
  const claims = (JSON.parse(await cluster.kubectl.ok(['get', 'pvc', '-o', 'json'])) as { items: { metadata: { name: string; labels: Record<string, string>; ownerReferences?: unknown[] } }[] }).items;
  expect(claims.map((c) => c.metadata.name).sort()).toEqual(['data-db-0', 'data-db-1']);
  for (const claim of claims) {
    expect(claim.metadata.labels).toEqual({ app: 'db', tier: 'storage' });
    expect(claim.metadata.ownerReferences).toBeUndefined();
  }
  await eventually(async () => (await podsOf('db')).length === 2, 30_000);
  const pod = (await podsOf('db')).find((p) => p.metadata.name === 'db-1')!;
  expect(pod.spec.volumes?.find((v) => v.name === 'data')?.persistentVolumeClaim?.claimName).toBe('data-db-1');

  await cluster.kubectl.ok(['scale', 'sts/db', '--replicas=1']);
  await eventually(async () => (await podsOf('db')).map((p) => p.metadata.name).join() === 'db-0', 30_000);
  expect((await cluster.kubectl.ok(['get', 'pvc', '-o', 'name'])).trim().split('\n').sort()).toEqual(['persistentvolumeclaim/data-db-0', 'persistentvolumeclaim/data-db-1']);
  // A claim deleted while its pod lives is made again.
  const uid = await cluster.kubectl.ok(['get', 'pvc', 'data-db-0', '-o', 'jsonpath={.metadata.uid}']);
  await cluster.kubectl.ok(['delete', 'pvc', 'data-db-0', '--wait=false']);
  await eventually(async () => {
    const again = await cluster.kubectl.run(['get', 'pvc', 'data-db-0', '-o', 'jsonpath={.metadata.uid}']);
    return again.code === 0 && again.stdout !== uid && again.stdout !== '';
  }, 30_000);
  // Scaled up again, db-1 comes back to its claim.
  await cluster.kubectl.ok(['scale', 'sts/db', '--replicas=2']);
  await eventually(async () => (await podsOf('db')).some((p) => p.metadata.name === 'db-1' && p.spec.volumes?.some((v) => v.persistentVolumeClaim?.claimName === 'data-db-1')), 30_000);
}, 90_000);

test('persistentVolumeClaimRetentionPolicy Delete: claims go with scaled-down pods and with the set', async () => {
  await cluster.kubectl.ok(['apply', '-f', '-'], statefulSet('cache', {
    replicas: 2,
    podManagementPolicy: 'Parallel',
    persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete', whenDeleted: 'Delete' },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  }));
  await eventually(async () => (await cluster.kubectl.run(['get', 'pvc', 'data-cache-0', 'data-cache-1'])).code === 0, 30_000);
  await eventually(async () => (await podsOf('cache')).length === 2, 30_000);
  await cluster.kubectl.ok(['scale', 'sts/cache', '--replicas=1']);
  await eventually(async () => (await cluster.kubectl.run(['get', 'pvc', 'data-cache-1'])).code !== 0, 60_000);
  expect((await cluster.kubectl.ok(['get', 'pvc', 'data-cache-0', '-o', 'jsonpath={.metadata.ownerReferences[0].kind}']))).toBe('StatefulSet');
  await cluster.kubectl.ok(['delete', 'sts', 'cache']);
  await eventually(async () => (await cluster.kubectl.run(['get', 'pvc', 'data-cache-0'])).code !== 0, 60_000);
}, 150_000);

test('rollout undo brings the previous template back', async () => {
  await cluster.kubectl.ok(['scale', 'sts/web', '--replicas=2']);
  expect(await cluster.kubectl.ok(['rollout', 'status', 'sts/web', '--timeout=60s'])).toContain('roll out complete');
  const before = (await stsStatus('web')).currentRevision;
  await cluster.kubectl.ok(['rollout', 'undo', 'sts/web']);
  expect(await cluster.kubectl.ok(['rollout', 'status', 'sts/web', '--timeout=60s'])).toContain('roll out complete');
  await eventually(async () => (await stsStatus('web')).currentRevision !== before && (await stsStatus('web')).currentReplicas === 2, 30_000);
  const status = await stsStatus('web');
  expect((await podsOf('web')).map((p) => p.metadata.labels['controller-revision-hash'])).toEqual([status.updateRevision, status.updateRevision]);
  expect(await cluster.kubectl.ok(['rollout', 'history', 'sts/web'])).toMatch(/REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>/);
}, 120_000);

test('OnDelete: a template change waits until a pod is deleted, which comes back at the new revision', async () => {
  await cluster.kubectl.ok(['patch', 'sts', 'web', '--type=merge', '-p', '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}']);
  const before = (await stsStatus('web')).currentRevision;
  await cluster.kubectl.ok(['set', 'env', 'sts/web', 'MODE=v4']);
  await eventually(async () => (await stsStatus('web')).updateRevision !== before, 10_000);
  await new Promise((r) => setTimeout(r, 1500));
  expect((await podsOf('web')).map((p) => p.metadata.labels['controller-revision-hash'])).toEqual([before, before]);
  await cluster.kubectl.ok(['delete', 'pod', 'web-1']);
  const { updateRevision } = await stsStatus('web');
  await eventually(async () => (await podsOf('web')).some((p) => p.metadata.name === 'web-1' && !p.metadata.deletionTimestamp && p.metadata.labels['controller-revision-hash'] === updateRevision), 30_000);
  expect((await podsOf('web')).find((p) => p.metadata.name === 'web-0')!.metadata.labels['controller-revision-hash']).toBe(before);
}, 90_000);
