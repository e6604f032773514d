// The Priority admission with the stock kubectl 1.33 against an in-process API server: the
// system PriorityClasses from bootstrap, pods given their class's priority and preemption
// policy (or the globalDefault's, or 0), upstream's refusals for an unknown class, a stated
// priority that differs, a second globalDefault, and PriorityClass validation.
import { Kubectl } from '../../helpers/kubectl.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../../helpers/apiServer.js';

let server: TestApiServer;
let kubectl: Kubectl;

beforeAll(async () => {
  server = await startTestApiServer();
  kubectl = new Kubectl('1.33', server.kubeconfig);
  await kubectl.ok(['create', 'namespace', 'prio']);
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server);
});

const podYaml = (name: string, spec = '') => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers: [{name: c, image: busybox}]
${spec}`;

async function create(name: string, spec = ''): Promise<{ code: number; stderr: string }> {
  return kubectl.run(['-n', 'prio', 'create', '-f', '-'], podYaml(name, spec));
}

async function scheduling(name: string): Promise<{ priorityClassName?: string; priority?: number; preemptionPolicy?: string }> {
  const pod = JSON.parse(await kubectl.ok(['-n', 'prio', 'get', 'pod', name, '-o', 'json']));
  const { priorityClassName, priority, preemptionPolicy } = pod.spec;
  return { priorityClassName, priority, preemptionPolicy };
}

test('the system PriorityClasses exist from the start and pods naming them get their values', async () => {
  const listed = await kubectl.ok(['get', 'priorityclasses', '-o', 'custom-columns=NAME:.metadata.name,VALUE:.value,DEFAULT:.globalDefault,POLICY:.preemptionPolicy', '--no-headers']);
  expect(listed.trim().split('\n').map((l) => l.split(/\s+/))).toEqual([
    ['system-cluster-critical', '2000000000', '<none>', 'PreemptLowerPriority'],
    ['system-node-critical', '2000001000', '<none>', 'PreemptLowerPriority'],
  ]);
  expect((await create('critical', '  priorityClassName: system-node-critical')).code).toBe(0);
  expect(await scheduling('critical')).toEqual({ priorityClassName: 'system-node-critical', priority: 2000001000, preemptionPolicy: 'PreemptLowerPriority' });
});

test('a pod without a class gets 0, one naming a class gets its value and policy, an unknown class is refused', async () => {
  expect((await create('plain')).code).toBe(0);
  expect(await scheduling('plain')).toEqual({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' });

  await kubectl.ok(['create', 'priorityclass', 'high', '--value=1000', '--preemption-policy=Never', '--description=batch']);
  expect((await create('important', '  priorityClassName: high')).code).toBe(0);
  expect(await scheduling('important')).toEqual({ priorityClassName: 'high', priority: 1000, preemptionPolicy: 'Never' });

  const unknown = await create('lost', '  priorityClassName: foo');
  expect(unknown.stderr.trim()).toBe('Error from server (Forbidden): error when creating "STDIN": pods "lost" is forbidden: no PriorityClass with name foo was found');

  const stated = await create('stated', '  priorityClassName: high\n  priority: 5');
  expect(stated.stderr.trim()).toBe('Error from server (Forbidden): error when creating "STDIN": pods "stated" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name');
  const policy = await create('policy', '  priorityClassName: high\n  preemptionPolicy: PreemptLowerPriority');
  expect(policy.stderr.trim()).toBe('Error from server (Forbidden): error when creating "STDIN": pods "policy" is forbidden: the string value of PreemptionPolicy (PreemptLowerPriority) must not be provided in pod spec; priority admission controller computed Never from the given PriorityClass name');
  // The same values stated are accepted.
  expect((await create('agreeing', '  priorityClassName: high\n  priority: 1000\n  preemptionPolicy: Never')).code).toBe(0);

  // A patch dropping the priority keeps it (and the pod's other fields stay valid).
  await kubectl.ok(['-n', 'prio', 'patch', 'pod', 'important', '--type=merge', '-p', '{"spec":{"priority":null,"preemptionPolicy":null},"metadata":{"labels":{"a":"b"}}}']);
  expect(await scheduling('important')).toEqual({ priorityClassName: 'high', priority: 1000, preemptionPolicy: 'Never' });
});

test('one globalDefault class gives pods without a class its name and value; a second is refused', async () => {
  await kubectl.ok(['create', 'priorityclass', 'everyday', '--value=10', '--global-default']);
  expect((await create('defaulted')).code).toBe(0);
  expect(await scheduling('defaulted')).toEqual({ priorityClassName: 'everyday', priority: 10, preemptionPolicy: 'PreemptLowerPriority' });

  const second = await kubectl.run(['create', 'priorityclass', 'other', '--value=20', '--global-default']);
  expect(second.stderr.trim()).toBe('error: failed to create priorityclass: priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass everyday is already marked as default. Only one default can exist');
  const marked = await kubectl.run(['patch', 'priorityclass', 'high', '--type=merge', '-p', '{"globalDefault":true}']);
  expect(marked.stderr.trim()).toBe('Error from server (Forbidden): priorityclasses.scheduling.k8s.io "high" is forbidden: PriorityClass everyday is already marked as default. Only one default can exist');
  // The default itself may be updated.
  await kubectl.ok(['label', 'priorityclass', 'everyday', 'tier=default']);
  await kubectl.ok(['delete', 'priorityclass', 'everyday']);
  expect((await create('after')).code).toBe(0);
  expect(await scheduling('after')).toEqual({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
});

test('PriorityClass validation: user values up to one billion, system- names reserved, value and policy fixed', async () => {
  const huge = await kubectl.run(['create', 'priorityclass', 'huge', '--value=1000000001']);
  expect(huge.stderr.trim()).toBe('error: failed to create priorityclass: PriorityClass.scheduling.k8s.io "huge" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000');
  await kubectl.ok(['create', 'priorityclass', 'billion', '--value=1000000000']);

  const reserved = await kubectl.run(['create', 'priorityclass', 'system-mine', '--value=5']);
  expect(reserved.stderr.trim()).toBe("error: failed to create priorityclass: PriorityClass.scheduling.k8s.io \"system-mine\" is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class");

  const changed = await kubectl.run(['patch', 'priorityclass', 'billion', '--type=merge', '-p', '{"value":7,"preemptionPolicy":"Never"}']);
  expect(changed.stderr.trim()).toBe('The PriorityClass "billion" is invalid: \n* value: Forbidden: may not be changed in an update.\n* preemptionPolicy: Invalid value: "Never": field is immutable');
});
