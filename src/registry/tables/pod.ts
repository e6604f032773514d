// The Pod table: READY `1/2`, STATUS as kubectl derives it from the phase and the container
// states (`Running`, `Completed`, `CrashLoopBackOff`, `Init:0/1`, `Init:Error`,
// `Terminating`, `SchedulingGated`, ...), RESTARTS with `(5m ago)` for the last restart, and
// the wide IP / NODE / NOMINATED NODE / READINESS GATES columns. Completed pods' rows carry
// the `Completed` row condition.
import type { Pod } from '../../api/index.js';
import { AGE, NAME, ageOf, column, defineTable, doc, nameOf } from './columns.js';
import { durationSince, parseTimestamp } from './humanDuration.js';
import type { TableRowCondition } from './types.js';

type PodSpec = NonNullable<Pod['spec']>;
type PodStatus = NonNullable<Pod['status']>;
type Container = PodSpec['containers'][number];
type ContainerStatus = NonNullable<PodStatus['containerStatuses']>[number];

/** The pod reason the node lifecycle controller sets on pods of unreachable nodes. */
const NODE_LOST = 'NodeLost';

const isRestartableInit = (c: Container | undefined): boolean => c?.restartPolicy === 'Always';

/** Tracks the latest `lastState.terminated.finishedAt` (undefined plays Go's zero time). */
function later(current: number | undefined, status: ContainerStatus): number | undefined {
  const finished = status.lastState?.terminated ? parseTimestamp(status.lastState.terminated.finishedAt) : undefined;
  if (finished === undefined) return current;
  return current === undefined || current < finished ? finished : current;
}

function conditionIsTrue(status: PodStatus, type: string): boolean {
  return (status.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** Only the first PodInitialized condition counts. */
function initializedConditionTrue(status: PodStatus): boolean {
  const first = (status.conditions ?? []).find((c) => c.type === 'Initialized');
  return first?.status === 'True';
}

/** The READY, STATUS and RESTARTS cells. */
export function podStatusCells(pod: Pod, now: Date): [string, string, string] {
  const spec: Partial<PodSpec> = pod.spec ?? {};
  const status: PodStatus = pod.status ?? {};
  const initSpecs = spec.initContainers ?? [];
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;

  const phase = status.phase ?? '';
  let reason: string = phase;
  if (status.reason) reason = status.reason;
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initContainers = new Map<string, Container>();
  for (const c of initSpecs) {
    initContainers.set(c.name, c);
    if (isRestartableInit(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i]!;
    const restartable = isRestartableInit(initContainers.get(container.name));
    restarts += container.restartCount ?? 0;
    lastRestart = later(lastRestart, container);
    if (restartable) {
      restartableInitRestarts += container.restartCount ?? 0;
      lastRestartableInitRestart = later(lastRestartableInitRestart, container);
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      // initialization failed
      if (!terminated.reason) {
        reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || initializedConditionTrue(status)) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i]!;
      restarts += container.restartCount ?? 0;
      lastRestart = later(lastRestart, container);
      const { waiting, terminated, running } = container.state ?? {};
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (terminated?.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (container.ready && running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // a pod whose containers completed but one still runs is Running again
    if (reason === 'Completed' && hasRunning) {
      reason = conditionIsTrue(status, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata?.deletionTimestamp && status.reason === NODE_LOST) {
    reason = 'Unknown';
  } else if (pod.metadata?.deletionTimestamp && phase !== 'Failed' && phase !== 'Succeeded') {
    reason = 'Terminating';
  }

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined) {
    restartsText = `${restarts} (${durationSince(lastRestart, now)} ago)`;
  }
  return [`${readyContainers}/${totalContainers}`, reason, restartsText];
}

/** The first pod IP, as the internal PodIPs list holds it (status.podIP wins over podIPs). */
function podIP(status: PodStatus): string {
  return status.podIP || status.podIPs?.[0]?.ip || '<none>';
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  let trueConditions = 0;
  for (const gate of gates) {
    const condition = conditions.find((c) => c.type === gate.conditionType);
    if (condition?.status === 'True') trueConditions++;
  }
  return `${trueConditions}/${gates.length}`;
}

const SUCCEEDED: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const FAILED: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

export const podTable = defineTable<Pod>({
  columns: [
    NAME,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    AGE,
    column('IP', 'string', doc('core/v1.PodStatus.podIP'), { wide: true }),
    column('Node', 'string', doc('core/v1.PodSpec.nodeName'), { wide: true }),
    column('Nominated Node', 'string', doc('core/v1.PodStatus.nominatedNodeName'), { wide: true }),
    column('Readiness Gates', 'string', doc('core/v1.PodSpec.readinessGates'), { wide: true }),
  ],
  cells(pod, now) {
    const [ready, status, restarts] = podStatusCells(pod, now);
    return [
      nameOf(pod),
      ready,
      status,
      restarts,
      ageOf(pod, now),
      podIP(pod.status ?? {}),
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGates(pod),
    ];
  },
  conditions(pod) {
    if (pod.status?.phase === 'Succeeded') return SUCCEEDED;
    if (pod.status?.phase === 'Failed') return FAILED;
    return undefined;
  },
});
