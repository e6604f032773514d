// The status the kubelet computes from the runtime's view of a pod: the phase by upstream's
// rules for each restart policy, current and last container states, readiness from probes,
// waiting reasons, the conditions with their reasons, kept PodScheduled and transition times.
import type { V1Pod } from '@kubernetes/client-node';
import type { ContainerStatus, PodSandboxStatus } from '../../src/cri/types.js';
import { podStatus, type StatusInputs } from '../../src/kubelet/pods/podStatus.js';
import type { RuntimePod } from '../../src/kubelet/pods/runtimePod.js';

const s = 1e9;
const sandbox = { id: 'sb', state: 'SANDBOX_READY', createdAt: 1 * s, network: { ip: '10.244.0.9', additionalIps: [] } } as unknown as PodSandboxStatus;
function container(name: string, state: ContainerStatus['state'], restart: number, exitCode = 0): ContainerStatus {
  return {
    id: `${name}-${restart}`, metadata: { name, attempt: restart }, state, createdAt: (10 + restart) * s, startedAt: (11 + restart) * s,
    finishedAt: state === 'CONTAINER_EXITED' ? (12 + restart) * s : 0, exitCode, reason: '', message: '', imageRef: 'sha256:abc',
    labels: { 'io.kubernetes.container.name': name }, annotations: { 'io.kubernetes.container.restartCount': String(restart) },
  } as unknown as ContainerStatus;
}
const pod = (restartPolicy: string, names = ['a'], extra: Partial<V1Pod['spec']> = {}): V1Pod => ({
  metadata: { name: 'p', namespace: 'd', uid: 'u' },
  spec: { restartPolicy, containers: names.map((name) => ({ name, image: 'busybox' })), ...extra },
  status: { conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' as unknown as Date }] },
});
const inputs = (extra: Partial<StatusInputs> = {}): StatusInputs => ({
  runtimeName: 'containerd', hostIPs: ['10.0.0.1'], waiting: new Map(), readiness: new Map(), started: new Map(), now: '2026-11-21T00:00:00Z', ...extra,
});
const runtime = (containers: ContainerStatus[][]): RuntimePod => ({ sandboxes: [sandbox], containers: new Map(containers.map((list) => [list[0].metadata!.name, list])) });
const condition = (status: ReturnType<typeof podStatus>, type: string) => status.conditions?.find((c) => c.type === type);

test('running and ready: Running, the pod IP, containerd IDs, all conditions True, PodScheduled kept', () => {
  const status = podStatus(pod('Always'), runtime([[container('a', 'CONTAINER_RUNNING', 0)]]), inputs());
  expect(status.phase).toBe('Running');
  expect(status.podIP).toBe('10.244.0.9');
  expect(status.containerStatuses?.[0]).toMatchObject({ name: 'a', ready: true, started: true, restartCount: 0, containerID: 'containerd://a-0', imageID: 'sha256:abc' });
  expect(status.conditions?.map((c) => [c.type, c.status])).toEqual([
    ['PodReadyToStartContainers', 'True'], ['Initialized', 'True'], ['Ready', 'True'], ['ContainersReady', 'True'], ['PodScheduled', 'True'],
  ]);
});

test('a readiness probe not yet passed keeps the container and pod un-Ready with upstream\'s message', () => {
  const p = pod('Always', ['a', 'b']);
  p.spec!.containers[1].readinessProbe = { exec: { command: ['true'] } };
  const status = podStatus(p, runtime([[container('a', 'CONTAINER_RUNNING', 0)], [container('b', 'CONTAINER_RUNNING', 0)]]), inputs());
  expect(condition(status, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [b]' });
  const ready = podStatus(p, runtime([[container('a', 'CONTAINER_RUNNING', 0)], [container('b', 'CONTAINER_RUNNING', 0)]]), inputs({ readiness: new Map([['b', true]]) }));
  expect(condition(ready, 'Ready')?.status).toBe('True');
});

test('a crash-looping container: waiting CrashLoopBackOff, lastState terminated, phase Running', () => {
  const waiting = new Map([['a', { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=a pod=p_d(u)' }]]);
  const status = podStatus(pod('Always'), runtime([[container('a', 'CONTAINER_EXITED', 2, 1), container('a', 'CONTAINER_EXITED', 1, 1)]]), inputs({ waiting }));
  expect(status.phase).toBe('Running');
  expect(status.containerStatuses?.[0]).toMatchObject({
    restartCount: 2, ready: false,
    state: { waiting: { reason: 'CrashLoopBackOff' } },
    lastState: { terminated: { exitCode: 1, reason: 'Error', containerID: 'containerd://a-2' } },
  });
});

test('phases by restart policy when containers have exited', () => {
  const exited = (code: number) => runtime([[container('a', 'CONTAINER_EXITED', 0, code)]]);
  expect(podStatus(pod('Never'), exited(0), inputs()).phase).toBe('Succeeded');
  expect(podStatus(pod('Never'), exited(3), inputs()).phase).toBe('Failed');
  expect(podStatus(pod('OnFailure'), exited(0), inputs()).phase).toBe('Succeeded');
  const completed = podStatus(pod('Never'), exited(0), inputs());
  expect(condition(completed, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
  expect(completed.containerStatuses?.[0].state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
});

test('nothing started yet: Pending, ContainerCreating; init containers not done: Initialized False', () => {
  const empty: RuntimePod = { sandboxes: [], containers: new Map() };
  const status = podStatus(pod('Always'), empty, inputs());
  expect(status.phase).toBe('Pending');
  expect(status.containerStatuses?.[0].state?.waiting?.reason).toBe('ContainerCreating');
  expect(condition(status, 'PodReadyToStartContainers')?.status).toBe('False');
  const withInit = pod('Always', ['a'], { initContainers: [{ name: 'setup', image: 'busybox' }] });
  const initializing = podStatus(withInit, runtime([[container('setup', 'CONTAINER_RUNNING', 0)]]), inputs({ waiting: new Map([['a', { reason: 'PodInitializing' }]]) }));
  expect(initializing.phase).toBe('Pending');
  expect(condition(initializing, 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [setup]' });
  expect(initializing.containerStatuses?.[0].state?.waiting?.reason).toBe('PodInitializing');
});

test('a condition keeps its lastTransitionTime while its status holds', () => {
  const p = pod('Always');
  p.status!.conditions!.push({ type: 'Ready', status: 'True', lastTransitionTime: '2026-05-05T05:05:05Z' as unknown as Date });
  const status = podStatus(p, runtime([[container('a', 'CONTAINER_RUNNING', 0)]]), inputs());
  expect(condition(status, 'Ready')?.lastTransitionTime).toBe('2026-05-05T05:05:05Z');
  expect(condition(status, 'ContainersReady')?.lastTransitionTime).toBe('2026-11-21T00:00:00Z');
});
