// The README's operator walk-through, step by step as a user runs it: `kubets up` as a child
// process, the CRD applied from crds/ with kubectl, the example operator started as its own
// process (`node --import tsx examples/webapp/main.ts`, leader-elected) with $KUBECONFIG, then
// a WebApp applied, its Deployment and Service seen, and — kubets up running the deployment
// controller, the scheduler and a node — its pods running and the WebApp turning Ready; printer
// columns and `kubectl explain` checked, and `kubectl delete webapp` cleaning up through the
// finalizer.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from '../helpers/kubectl.js';
import { useKubetsUp } from '../helpers/kubetsProcess.js';

const cluster = useKubetsUp('webapp');

const root = join(import.meta.dirname, '..', '..');
let operator: ChildProcess | undefined;
let operatorOutput = '';

afterAll(async () => {
  if (operator && operator.exitCode === null) operator.kill('SIGKILL');
});

const stopOperator = (child: ChildProcess) => new Promise<number | null>((resolve) => {
  child.once('exit', (code) => resolve(code));
  child.kill('SIGTERM');
});

const jsonOf = async (args: string[]) => JSON.parse(await cluster.kubectl.ok([...args, '-o', 'json'])) as {
  items?: unknown[];
  metadata?: { finalizers?: string[]; ownerReferences?: { kind: string; name: string; controller?: boolean }[] };
  status?: { conditions?: { type: string; status: string; reason: string }[] };
};
const exists = async (args: string[]) => (await cluster.kubectl.run(['get', ...args])).code === 0;

test('the walk-through: apply the CRD, run the operator, apply a WebApp, see its objects, delete it', async () => {
  await cluster.kubectl.ok(['apply', '-f', join(root, 'crds', 'webapps.example.kubets.io.yaml')]);
  await cluster.kubectl.ok(['wait', '--for=condition=Established', 'crd/webapps.example.kubets.io', '--timeout=10s']);

  operator = spawn(process.execPath, ['--import', 'tsx', join(root, 'examples', 'webapp', 'main.ts')], {
    cwd: root,
    env: { ...process.env, KUBECONFIG: cluster.kubets.kubeconfig },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  operator.stdout!.on('data', (d: Buffer) => { operatorOutput += d.toString(); });
  operator.stderr!.on('data', (d: Buffer) => { operatorOutput += d.toString(); });
  await eventually(() => operatorOutput.includes('leading'), 20_000).catch(() => {
    throw new Error(`the operator did not start leading:\n${operatorOutput}`);
  });

  await cluster.kubectl.ok(['apply', '-f', '-'], `apiVersion: example.kubets.io/v1
kind: WebApp
metadata:
  name: hello
spec:
  image: nginx:1.27
  replicas: 2
`);

  // Its Deployment and Service, labelled and owned by the WebApp.
  await eventually(async () => (await jsonOf(['get', 'deployments,services', '-l', 'app.kubernetes.io/instance=hello'])).items?.length === 2);
  const deployment = await jsonOf(['get', 'deployment', 'hello']);
  expect(deployment.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'WebApp', name: 'hello', controller: true })]);

  // The Deployment's pods run on the node, and the WebApp's Ready condition turns True.
  await eventually(async () => (await jsonOf(['get', 'webapp', 'hello'])).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true, 60_000);
  const webapp = await jsonOf(['get', 'webapp', 'hello']);
  expect(webapp.metadata?.finalizers).toEqual(['example.kubets.io/cleanup']);
  expect(webapp.status?.conditions).toEqual(expect.arrayContaining([
    expect.objectContaining({ type: 'Ready', status: 'True', reason: 'ReplicasReady' }),
  ]));
  expect((await jsonOf(['get', 'pods', '-l', 'app.kubernetes.io/instance=hello', '--field-selector', 'status.phase=Running'])).items).toHaveLength(2);

  // The CRD's printer columns and its schema through kubectl explain.
  const [header, row] = (await cluster.kubectl.ok(['get', 'webapps'])).trim().split('\n');
  expect(header.split(/\s+/)).toEqual(['NAME', 'IMAGE', 'REPLICAS', 'READY', 'AGE']);
  expect(row.split(/\s+/).slice(0, 4)).toEqual(['hello', 'nginx:1.27', '2', 'True']);
  expect(await cluster.kubectl.ok(['explain', 'webapp.spec'])).toMatch(/image\s+<string> -required-/);

  // Delete: the operator's finalizer removes the Deployment and Service, then the WebApp goes.
  await cluster.kubectl.ok(['delete', 'webapp', 'hello', '--timeout=20s']);
  expect(await exists(['webapp', 'hello'])).toBe(false);
  await eventually(async () => !(await exists(['deployment', 'hello'])) && !(await exists(['service', 'hello'])));

  // SIGTERM stops the operator gracefully, releasing its Lease.
  expect(await stopOperator(operator)).toBe(0);
  const lease = JSON.parse(await cluster.kubectl.ok(['get', 'lease', 'webapp-controller', '-o', 'json'])) as { spec: { holderIdentity?: string } };
  expect(lease.spec.holderIdentity ?? '').toBe('');
}, 90_000);
