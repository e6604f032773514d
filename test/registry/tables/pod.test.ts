import { tableConvertorFor } from '../../../src/registry/tables/index.js';
import { MIN, NOW, ago, cells, columnNames, narrowCells } from './fixtures.js';

const container = { name: 'app', image: 'nginx:1.27' };
const running = { running: { startedAt: ago(4 * MIN) } };

function pod(status: object, spec: object = {}, metadata: object = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(5 * MIN), ...metadata },
    spec: { containers: [container], ...spec },
    status,
  };
}

const narrow = (p: object) => narrowCells('', 'Pod', p);

describe('Pod table', () => {
  it('has the upstream columns', () => {
    expect(columnNames('', 'Pod')).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP*',
      'Node*',
      'Nominated Node*',
      'Readiness Gates*',
    ]);
    const columns = tableConvertorFor('', 'Pod').columns;
    expect(columns[0]).toMatchObject({ name: 'Name', type: 'string', format: 'name', priority: 0 });
    expect(columns[3]).toMatchObject({ name: 'Restarts', type: 'string', format: '' });
  });

  it('shows a running pod and its restarts with the time since the last one', () => {
    const ready = [{ type: 'Ready', status: 'True' }];
    expect(narrow(pod({ phase: 'Running', conditions: ready, containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }] }))).toEqual(
      ['web', '1/1', 'Running', '0', '5m'],
    );
    const restarted = {
      name: 'app',
      ready: true,
      restartCount: 2,
      state: running,
      lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(2 * MIN + 5) } },
    };
    expect(narrow(pod({ phase: 'Running', conditions: ready, containerStatuses: [restarted] }))).toEqual([
      'web',
      '1/1',
      'Running',
      '2 (2m5s ago)',
      '5m',
    ]);
  });

  it('shows waiting and terminated container reasons', () => {
    const crashing = {
      name: 'app',
      ready: false,
      restartCount: 5,
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s' } },
      lastState: { terminated: { exitCode: 1, finishedAt: ago(30) } },
    };
    expect(narrow(pod({ phase: 'Running', containerStatuses: [crashing] }))).toEqual(['web', '0/1', 'CrashLoopBackOff', '5 (30s ago)', '5m']);
    expect(narrow(pod({ phase: 'Pending' }))).toEqual(['web', '0/1', 'Pending', '0', '5m']);
    const creating = { name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } };
    expect(narrow(pod({ phase: 'Pending', containerStatuses: [creating] }))[2]).toBe('ContainerCreating');
    const exitCode = { name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 137 } } };
    expect(narrow(pod({ phase: 'Running', containerStatuses: [exitCode] }))[2]).toBe('ExitCode:137');
    const signal = { name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, signal: 9 } } };
    expect(narrow(pod({ phase: 'Running', containerStatuses: [signal] }))[2]).toBe('Signal:9');
    expect(narrow(pod({ phase: 'Failed', reason: 'Evicted', message: 'low on memory' }))[2]).toBe('Evicted');
  });

  it('marks completed and failed pods with the Completed row condition', () => {
    const convertor = tableConvertorFor('', 'Pod');
    const done = pod({
      phase: 'Succeeded',
      containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
    });
    expect(narrow(done)).toEqual(['web', '0/1', 'Completed', '0', '5m']);
    expect(convertor.conditions?.(done)).toEqual([
      { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
    ]);
    const failed = pod({
      phase: 'Failed',
      containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }],
    });
    expect(narrow(failed)[2]).toBe('Error');
    expect(convertor.conditions?.(failed)).toEqual([{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }]);
    expect(convertor.conditions?.(pod({ phase: 'Running' }))).toBeUndefined();
  });

  it('shows init container progress and failures', () => {
    const spec = { initContainers: [{ name: 'migrate', image: 'm' }, { name: 'seed', image: 's' }] };
    const status = (initContainerStatuses: object[]) => ({ phase: 'Pending', initContainerStatuses, containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] });
    const waitingInit = { name: 'seed', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } };
    const done = { name: 'migrate', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } };
    expect(narrow(pod(status([{ name: 'migrate', ready: false, restartCount: 0, state: running }, waitingInit]), spec))).toEqual([
      'web',
      '0/1',
      'Init:0/2',
      '0',
      '5m',
    ]);
    expect(narrow(pod(status([done, waitingInit]), spec))[2]).toBe('Init:1/2');
    const crashing = {
      name: 'seed',
      ready: false,
      restartCount: 3,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 1, finishedAt: ago(10) } },
    };
    expect(narrow(pod(status([done, crashing]), spec))).toEqual(['web', '0/1', 'Init:CrashLoopBackOff', '3 (10s ago)', '5m']);
    const failed = (terminated: object) => ({ name: 'migrate', ready: false, restartCount: 0, state: { terminated } });
    expect(narrow(pod(status([failed({ exitCode: 1, reason: 'Error' })]), spec))[2]).toBe('Init:Error');
    expect(narrow(pod(status([failed({ exitCode: 3 })]), spec))[2]).toBe('Init:ExitCode:3');
    // a zero exit code counts as done, so the main container's state shows
    expect(narrow(pod(status([failed({ exitCode: 0, signal: 15 })]), spec))[2]).toBe('PodInitializing');
    expect(narrow(pod(status([failed({ exitCode: 2, signal: 15 })]), spec))[2]).toBe('Init:Signal:15');
  });

  it('counts started sidecars (restartable init containers) as containers', () => {
    const spec = { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] };
    const status = {
      phase: 'Running',
      conditions: [
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: 'True' },
      ],
      initContainerStatuses: [
        {
          name: 'proxy',
          ready: true,
          started: true,
          restartCount: 1,
          state: running,
          lastState: { terminated: { exitCode: 1, finishedAt: ago(60) } },
        },
      ],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }],
    };
    expect(narrow(pod(status, spec))).toEqual(['web', '2/2', 'Running', '1 (60s ago)', '5m']);
  });

  it('counts only restartable init container restarts once initialization is over', () => {
    const spec = {
      initContainers: [
        { name: 'sidecar-a', image: 'a', restartPolicy: 'Always' },
        { name: 'sidecar-b', image: 'b', restartPolicy: 'Always' },
      ],
    };
    const sidecarA = (state: object, started: boolean) => ({
      name: 'sidecar-a',
      ready: false,
      restartCount: 3,
      started,
      state,
      lastState: { terminated: { exitCode: 1, finishedAt: ago(10) } },
    });
    const sidecarB = (state: object, started: boolean) => ({ name: 'sidecar-b', ready: false, restartCount: 0, started, state });
    const app = (state: object, ready: boolean) => ({
      name: 'app',
      ready,
      restartCount: 4,
      state,
      lastState: { terminated: { exitCode: 1, finishedAt: ago(20) } },
    });
    const starting = {
      phase: 'Pending',
      conditions: [{ type: 'Initialized', status: 'False' }],
      initContainerStatuses: [sidecarA(running, true), sidecarB(running, false)],
      containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: {} } }],
    };
    expect(narrow(pod(starting, spec))).toEqual(['web', '0/3', 'Init:1/2', '3 (10s ago)', '5m']);
    const up = {
      phase: 'Running',
      conditions: [{ type: 'Initialized', status: 'True' }],
      initContainerStatuses: [sidecarA(running, true), sidecarB(running, true)],
      containerStatuses: [app(running, true)],
    };
    expect(narrow(pod(up, spec))).toEqual(['web', '1/3', 'Running', '7 (10s ago)', '5m']);
    const killed = { terminated: { exitCode: 137, reason: 'Error' } };
    const done = {
      phase: 'Succeeded',
      conditions: [{ type: 'Initialized', status: 'True' }],
      initContainerStatuses: [sidecarA(killed, false), sidecarB(killed, false)],
      containerStatuses: [app({ terminated: { exitCode: 0, reason: 'Completed' } }, false)],
    };
    expect(narrow(pod(done, spec))).toEqual(['web', '0/3', 'Completed', '7 (10s ago)', '5m']);
  });

  it('shows NotReady when a container completed while another runs without pod readiness', () => {
    const spec = { containers: [container, { name: 'job', image: 'busybox' }] };
    const statuses = [
      { name: 'app', ready: true, restartCount: 0, state: running },
      { name: 'job', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
    ];
    expect(narrow(pod({ phase: 'Running', containerStatuses: statuses }, spec))[1]).toBe('1/2');
    expect(narrow(pod({ phase: 'Running', containerStatuses: statuses }, spec))[2]).toBe('NotReady');
    const ready = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: statuses };
    expect(narrow(pod(ready, spec))[2]).toBe('Running');
  });

  it('shows Terminating, Unknown (lost node) and SchedulingGated', () => {
    const deleting = { deletionTimestamp: ago(3), deletionGracePeriodSeconds: 30 };
    expect(narrow(pod({ phase: 'Running' }, {}, deleting))[2]).toBe('Terminating');
    expect(narrow(pod({ phase: 'Succeeded' }, {}, deleting))[2]).toBe('Succeeded');
    expect(narrow(pod({ phase: 'Running', reason: 'NodeLost' }, {}, deleting))[2]).toBe('Unknown');
    const gated = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] };
    expect(narrow(pod(gated, { schedulingGates: [{ name: 'wait' }] }))[2]).toBe('SchedulingGated');
  });

  it('fills the wide columns: first pod IP, node, nominated node, readiness gates', () => {
    const p = pod(
      {
        phase: 'Running',
        podIPs: [{ ip: '10.1.0.5' }, { ip: 'fd00::5' }],
        nominatedNodeName: 'node-2',
        conditions: [
          { type: 'example.com/a', status: 'True' },
          { type: 'example.com/b', status: 'False' },
        ],
      },
      { nodeName: 'node-1', readinessGates: [{ conditionType: 'example.com/a' }, { conditionType: 'example.com/b' }] },
    );
    expect(cells('', 'Pod', p).slice(5)).toEqual(['10.1.0.5', 'node-1', 'node-2', '1/2']);
    expect(cells('', 'Pod', pod({ phase: 'Pending', podIP: '10.1.0.6' })).slice(5)).toEqual(['10.1.0.6', '<none>', '<none>', '<none>']);
  });

  it('ages against the given clock', () => {
    expect(tableConvertorFor('', 'Pod').cells(pod({ phase: 'Pending' }), new Date(NOW.getTime() + 3 * 86400_000))[4]).toBe('3d');
  });
});
