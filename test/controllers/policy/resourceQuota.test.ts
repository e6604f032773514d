// ResourceQuota under `kubets up --nodes 2` with kubectl 1.33: the controller's status.used
// (pods, compute requests and limits, object counts, count/<resource>.<group>), and the
// admission refusing what would exceed it with upstream's 403 texts, until usage drops.
import { eventually } from '../../helpers/kubectl.js';
import { useKubetsUp } from '../../helpers/kubetsProcess.js';

const cluster = useKubetsUp('quota', ['--nodes', '2']);

const podYaml = (name: string, cpu = '100m', memory = '256Mi') => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers:
  - name: c
    image: busybox
    command: [sh, -c, 'sleep 3600']
    resources: {requests: {cpu: ${cpu}, memory: ${memory}}, limits: {cpu: 200m}}
`;

// Empty until the quota controller first writes the status.
const used = async () => JSON.parse((await cluster.kubectl.ok(['-n', 'qa', 'get', 'quota', 'q', '-o', 'jsonpath={.status.used}'])) || '{}') as Record<string, string>;

beforeAll(async () => {
  await cluster.kubectl.ok(['create', 'namespace', 'qa']);
}, 60_000);

test('the quota status counts the namespace, and creates beyond it are refused with upstream messages', async () => {
  await cluster.kubectl.ok(['-n', 'qa', 'create', 'quota', 'q', '--hard=pods=2,requests.cpu=1,requests.memory=1Gi,limits.cpu=2,configmaps=3,services=1,count/deployments.apps=1']);
  // kube-root-ca.crt is the namespace's one ConfigMap, once published.
  await eventually(async () => { const now = await used(); return now.pods === '0' && now.configmaps === '1'; }, 20_000);
  expect(await used()).toEqual({
    configmaps: '1', 'count/deployments.apps': '0', 'limits.cpu': '0', pods: '0', 'requests.cpu': '0', 'requests.memory': '0', services: '0',
  });

  const bare = await cluster.kubectl.run(['-n', 'qa', 'run', 'bare', '--image=busybox', '--', 'sleep', '3600']);
  expect(bare.stderr.trim()).toBe('Error from server (Forbidden): pods "bare" is forbidden: failed quota: q: must specify limits.cpu for: bare; requests.cpu for: bare; requests.memory for: bare');

  await cluster.kubectl.ok(['-n', 'qa', 'apply', '-f', '-'], podYaml('one'));
  await cluster.kubectl.ok(['-n', 'qa', 'apply', '-f', '-'], podYaml('two'));
  const third = await cluster.kubectl.run(['-n', 'qa', 'apply', '-f', '-'], podYaml('three'));
  expect(third.stderr.trim()).toBe('Error from server (Forbidden): error when creating "STDIN": pods "three" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2');
  await eventually(async () => (await used())['requests.memory'] === '512Mi', 20_000);
  expect(await used()).toMatchObject({ pods: '2', 'requests.cpu': '200m', 'limits.cpu': '400m', 'requests.memory': '512Mi' });
  const described = await cluster.kubectl.ok(['-n', 'qa', 'describe', 'quota', 'q']);
  expect(described).toMatch(/pods\s+2\s+2/);
  expect(described).toMatch(/requests\.memory\s+512Mi\s+1Gi/);

  await cluster.kubectl.ok(['-n', 'qa', 'create', 'deployment', 'web', '--image=nginx', '--replicas=0']);
  const second = await cluster.kubectl.run(['-n', 'qa', 'create', 'deployment', 'web2', '--image=nginx', '--replicas=0']);
  expect(second.stderr.trim()).toBe('error: failed to create deployment: deployments.apps "web2" is forbidden: exceeded quota: q, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1');

  // A pod gone frees its share; one asking too much memory is refused for that alone.
  await cluster.kubectl.ok(['-n', 'qa', 'delete', 'pod', 'two', '--wait=true']);
  await eventually(async () => (await used()).pods === '1', 20_000);
  const greedy = await cluster.kubectl.run(['-n', 'qa', 'apply', '-f', '-'], podYaml('greedy', '100m', '900Mi'));
  expect(greedy.stderr.trim()).toBe('Error from server (Forbidden): error when creating "STDIN": pods "greedy" is forbidden: exceeded quota: q, requested: requests.memory=900Mi, used: requests.memory=256Mi, limited: requests.memory=1Gi');
  await cluster.kubectl.ok(['-n', 'qa', 'apply', '-f', '-'], podYaml('three'));
}, 120_000);

test('a BestEffort-scoped quota counts and limits only pods without requests or limits', async () => {
  await cluster.kubectl.ok(['create', 'namespace', 'scoped']);
  await cluster.kubectl.ok(['-n', 'scoped', 'create', 'quota', 'be', '--hard=pods=1', '--scopes=BestEffort']);
  await eventually(async () => (await cluster.kubectl.run(['-n', 'scoped', 'get', 'quota', 'be', '-o', 'jsonpath={.status.used.pods}'])).stdout === '0', 20_000);
  await cluster.kubectl.ok(['-n', 'scoped', 'run', 'free', '--image=busybox', '--', 'sleep', '3600']);
  const second = await cluster.kubectl.run(['-n', 'scoped', 'run', 'free2', '--image=busybox', '--', 'sleep', '3600']);
  expect(second.stderr.trim()).toBe('Error from server (Forbidden): pods "free2" is forbidden: exceeded quota: be, requested: pods=1, used: pods=1, limited: pods=1');
  // A pod with requests is out of the scope.
  await cluster.kubectl.ok(['-n', 'scoped', 'apply', '-f', '-'], podYaml('guaranteed'));
  await cluster.kubectl.ok(['-n', 'scoped', 'delete', 'pod', 'guaranteed', '--wait=true']);
  await cluster.kubectl.ok(['-n', 'scoped', 'delete', 'pod', 'free', '--wait=true']);
  await eventually(async () => (await cluster.kubectl.ok(['-n', 'scoped', 'get', 'quota', 'be', '-o', 'jsonpath={.status.used.pods}'])) === '0', 20_000);
}, 60_000);
