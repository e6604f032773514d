// The node lifecycle controller (upstream's `node-lifecycle-controller`, events from
// `node-controller`): a node whose kubelet has neither renewed its Lease in kube-node-lease nor
// posted status for the grace period (40 s by default) gets its conditions set to Unknown
// ("Kubelet stopped posting node status.") and its pods marked not Ready; the Ready condition
// decides the node's `not-ready`/`unreachable` NoSchedule and NoExecute taints.
import { CoreV1Api, PatchStrategy, setHeaderOptions, type V1Lease, type V1Node, type V1NodeCondition, type V1Pod } from '@kubernetes/client-node';
import type { KubeObject } from '../../runtime/cache/index.js';
import type { Controller } from '../../runtime/controller/index.js';
import { EventRecorder } from '../../runtime/events/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import { podsOnNode } from './podsByNode.js';
import { readinessTaintKey, withReadinessTaints } from './taints.js';

export const DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS = 40_000;
const LEASE_NAMESPACE = 'kube-node-lease';
const NODE_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];
const jsonPatch = setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);
const codeOf = (error: unknown) => (error as { code?: number }).code;
const stamp = (date: Date) => date.toISOString().replace(/\.\d+Z$/, 'Z');
const time = (value: unknown) => (value ? new Date(value as string).getTime() : 0);

export interface NodeLifecycleOptions {
  /** How long a node may go without a heartbeat before it is Unknown. */
  nodeMonitorGracePeriodMs?: number;
}

/** The node's latest sign of life: its Lease's renewal or its Ready condition's heartbeat. */
function lastHeartbeat(node: V1Node, lease: V1Lease | undefined): number {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  return Math.max(time(lease?.spec?.renewTime), time(ready?.lastHeartbeatTime), time(node.metadata?.creationTimestamp));
}

/** The conditions once the kubelet is given up on: every one Unknown (the Ready one added when never posted). */
function unknownConditions(node: V1Node, now: Date): V1NodeCondition[] | undefined {
  const conditions = [...(node.status?.conditions ?? [])];
  let changed = false;
  for (const type of NODE_CONDITIONS) {
    const index = conditions.findIndex((c) => c.type === type);
    const current = conditions[index];
    if (current?.status === 'Unknown') continue;
    changed = true;
    const condition = current
      ? { ...current, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: stamp(now) }
      : { type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: stamp(node.metadata?.creationTimestamp ? new Date(node.metadata.creationTimestamp) : now), lastTransitionTime: stamp(now) };
    if (index >= 0) conditions[index] = condition as unknown as V1NodeCondition;
    else conditions.push(condition as unknown as V1NodeCondition);
  }
  return changed ? conditions : undefined;
}

export function addNodeLifecycleController(manager: Manager, options: NodeLifecycleOptions = {}): Controller {
  const gracePeriodMs = options.nodeMonitorGracePeriodMs ?? DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS;
  const core = manager.kubeConfig.makeApiClient(CoreV1Api);
  const events = new EventRecorder(manager.kubeConfig, { component: 'node-controller' });
  const nodes = manager.informers.forResource('/api/v1/nodes').store;
  const leases = manager.informers.forResource(`/apis/coordination.k8s.io/v1/namespaces/${LEASE_NAMESPACE}/leases`).store;
  const pods = manager.informers.forResource('/api/v1/pods');
  const known = new Map<string, { uid: string; ready: string | undefined }>();
  return manager.controller()
    .named('node-lifecycle')
    .for('/api/v1/nodes')
    .watches(`/apis/coordination.k8s.io/v1/namespaces/${LEASE_NAMESPACE}/leases`, (lease: KubeObject) => [{ name: lease.metadata!.name! }])
    .complete(async ({ name }) => {
      const node = nodes.get(name) as V1Node | undefined;
      const seen = known.get(name);
      if (!node) {
        if (seen) {
          known.delete(name);
          events.event({ kind: 'Node', name, uid: seen.uid, apiVersion: 'v1' }, 'Normal', 'RemovingNode', `Node ${name} event: Removing Node ${name} from Controller`);
        }
        return;
      }
      const ref = { kind: 'Node', name, uid: node.metadata!.uid, apiVersion: 'v1' };
      if (!seen) events.event(ref, 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`);
      const now = new Date();
      const silentFor = now.getTime() - lastHeartbeat(node, leases.get(`${LEASE_NAMESPACE}/${name}`) as V1Lease | undefined);
      let conditions = node.status?.conditions ?? [];
      if (silentFor > gracePeriodMs) {
        const unknown = unknownConditions(node, now);
        if (unknown) {
          await core.patchNodeStatus({ name, body: [{ op: 'test', path: '/metadata/resourceVersion', value: node.metadata!.resourceVersion }, { op: node.status?.conditions ? 'replace' : 'add', path: '/status/conditions', value: unknown }] }, jsonPatch);
          conditions = unknown;
        }
      }
      const ready = conditions.find((c) => c.type === 'Ready')?.status;
      if (seen && seen.ready === 'True' && ready !== 'True') {
        events.event(ref, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
        await markPodsNotReady(core, events, podsOnNode(pods, name));
      }
      known.set(name, { uid: node.metadata!.uid!, ready });
      const taints = withReadinessTaints(node.spec?.taints ?? [], readinessTaintKey(ready), now);
      if (taints) {
        const current = nodes.get(name) as V1Node;
        await core.patchNode({ name, body: [{ op: 'test', path: '/metadata/resourceVersion', value: current.metadata!.resourceVersion }, { op: current.spec?.taints ? 'replace' : 'add', path: '/spec/taints', value: taints }] }, jsonPatch)
          .catch((error) => { if (codeOf(error) !== 404) throw error; });
      }
      // Look again once the grace period would run out without news.
      return ready === 'Unknown' ? undefined : { requeueAfter: Math.max(gracePeriodMs - silentFor, 0) + 1000 };
    });
}

/** The pods of a node gone quiet lose their Ready condition, so endpoints stop sending them traffic. */
async function markPodsNotReady(core: CoreV1Api, events: EventRecorder, pods: V1Pod[]): Promise<void> {
  for (const pod of pods) {
    const conditions = pod.status?.conditions ?? [];
    const index = conditions.findIndex((c) => c.type === 'Ready');
    if (index < 0 || conditions[index].status === 'False' || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    const value = { ...conditions[index], status: 'False', lastTransitionTime: stamp(new Date()) };
    await core.patchNamespacedPodStatus({ namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, body: [{ op: 'replace', path: `/status/conditions/${index}`, value }] }, jsonPatch)
      .catch((error) => { if (codeOf(error) !== 404 && codeOf(error) !== 422) throw error; });
    events.event({ kind: 'Pod', namespace: pod.metadata!.namespace, name: pod.metadata!.name, uid: pod.metadata!.uid, apiVersion: 'v1' }, 'Warning', 'NodeNotReady', 'Node is not ready');
  }
}
