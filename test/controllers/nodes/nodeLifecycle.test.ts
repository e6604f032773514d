// Losing a node under `kubets up --nodes 2 --node-monitor-grace-period 15s`: a third node runs
// in a `kubets kubelet` process of its own, which the test kills. The node turns NotReady
// (conditions Unknown, "Kubelet stopped posting node status."), gets the unreachable taints and
// the NodeNotReady events; its pods are marked not Ready and evicted once their toleration
// (2 s here; pods get 300 s by default from the DefaultTolerationSeconds admission) runs out,
// and the Deployment's replacement runs on a live node. The agent started again makes the node
// Ready and untainted; a deleted node gets the RemovingNode event.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, Kubectl } from '../../helpers/kubectl.js';
import { freePort, startKubets, type KubetsProcess } from '../../helpers/kubetsProcess.js';

const CLI = join(import.meta.dirname, '../../../src/cli/kubets.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'kubets-nodeloss-'));
let kubets: KubetsProcess;
let kubectl: Kubectl;
let agent: ChildProcess | undefined;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const json = async (args: string[]): Promise<Json> => JSON.parse(await kubectl.ok([...args, '-o', 'json'])) as Json;

beforeAll(async () => {
  kubets = await startKubets(dataDir, await freePort(), ['--nodes', '2', '--node-monitor-grace-period', '15s']);
  kubectl = new Kubectl('1.33', kubets.kubeconfig);
  mkdirSync(join(dataDir, 'third'));
  agent = startThirdNode();
}, 60_000);

function startThirdNode(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, 'kubelet', '--kubeconfig', kubets.kubeconfig, '--data-dir', join(dataDir, 'third'), '--nodes', '1', '--node-offset', '2'], { stdio: 'ignore' });
}

afterAll(async () => {
  if (agent && agent.exitCode === null) agent.kill('SIGKILL');
  await kubets?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('pods get the default 300 s tolerations for not-ready and unreachable nodes', async () => {
  await kubectl.ok(['run', 'plain', '--image=busybox', '--', 'sleep', '3600']);
  expect((await json(['get', 'pod', 'plain'])).spec.tolerations).toEqual([
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ]);
  await kubectl.ok(['delete', 'pod', 'plain', '--wait=false']);
});

test('a node whose agent is killed turns NotReady and tainted, and its pods are evicted and replaced elsewhere', async () => {
  await eventually(async () => /kubets-node-3\s+Ready/.test((await kubectl.run(['get', 'nodes', '--no-headers'])).stdout), 30_000);
  expect((await kubectl.ok(['get', 'node', 'kubets-node-3', '-o', 'jsonpath={.spec.taints}'])).trim()).toBe('');
  // Every pod of the Deployment on the third node (the only one the selector fits), tolerating an unreachable node for 2 s.
  await kubectl.ok(['label', 'node', 'kubets-node-3', 'pool=lost']);
  await kubectl.ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=2']);
  await kubectl.ok(['patch', 'deployment', 'web', '--type=merge', '-p', JSON.stringify({
    spec: { template: { spec: {
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: 'pool', operator: 'In', values: ['lost'] }] } }] } },
      tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 }],
    } } },
  })]);
  await kubectl.ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
  await eventually(async () => {
    const pods = (await json(['get', 'pods', '-l', 'app=web'])).items as Json[];
    return pods.length === 2 && pods.every((p) => p.spec.nodeName === 'kubets-node-3' && !p.metadata.deletionTimestamp);
  }, 30_000);
  const lost = ((await json(['get', 'pods', '-l', 'app=web'])).items as Json[]).map((p) => p.metadata.name as string);

  agent!.kill('SIGKILL');
  await eventually(async () => /kubets-node-3\s+NotReady/.test((await kubectl.run(['get', 'nodes', '--no-headers'])).stdout), 60_000);
  const node = await json(['get', 'node', 'kubets-node-3']);
  expect((node.status.conditions as Json[]).find((c) => c.type === 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
  expect((node.status.conditions as Json[]).map((c) => c.status)).toEqual(['Unknown', 'Unknown', 'Unknown', 'Unknown']);
  await eventually(async () => {
    const taints = (await json(['get', 'node', 'kubets-node-3'])).spec.taints as Json[] | undefined;
    return (taints ?? []).map((t) => `${t.key}:${t.effect}`).sort().join(',') === 'node.kubernetes.io/unreachable:NoExecute,node.kubernetes.io/unreachable:NoSchedule';
  }, 10_000);

  // Evicted after 2 s and replaced on the two live nodes.
  await eventually(async () => {
    const pods = ((await json(['get', 'pods', '-l', 'app=web'])).items as Json[]).filter((p) => !lost.includes(p.metadata.name));
    return pods.length === 2 && pods.every((p) => p.spec.nodeName !== 'kubets-node-3' && p.status.phase === 'Running');
  }, 60_000);
  for (const name of lost) {
    const pod = await json(['get', 'pod', name]);
    expect(pod.metadata.deletionTimestamp).toBeDefined();
    expect((pod.status.conditions as Json[]).find((c) => c.type === 'Ready')?.status).toBe('False');
    expect((pod.status.conditions as Json[]).find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager' });
  }
  const podEvents = await kubectl.ok(['get', 'events', '--field-selector', `involvedObject.name=${lost[0]}`]);
  expect(podEvents).toMatch(/Warning\s+NodeNotReady\s+pod\/\S+\s+Node is not ready/);
  expect(podEvents).toContain(`TaintManagerEviction   pod/${lost[0]}   Marking for deletion Pod default/${lost[0]}`);
  const nodeEvents = await kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.name=kubets-node-3']);
  expect(nodeEvents).toContain('Node kubets-node-3 event: Registered Node kubets-node-3 in Controller');
  expect(nodeEvents).toContain('Node kubets-node-3 status is now: NodeNotReady');

  // The agent back: the node is Ready and untainted again, and the evicted pods' deletion completes.
  agent = startThirdNode();
  await eventually(async () => /kubets-node-3\s+Ready/.test((await kubectl.run(['get', 'nodes', '--no-headers'])).stdout), 60_000);
  await eventually(async () => ((await json(['get', 'node', 'kubets-node-3'])).spec.taints ?? []).length === 0, 20_000);
  await eventually(async () => (await kubectl.run(['get', 'pod', lost[0]])).stderr.includes('NotFound'), 60_000);

  agent.kill('SIGKILL');
  await kubectl.ok(['delete', 'node', 'kubets-node-3']);
  await eventually(async () => (await kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.name=kubets-node-3'])).includes('Removing Node kubets-node-3 from Controller'), 20_000);
}, 240_000);
