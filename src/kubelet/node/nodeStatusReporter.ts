// Registers the node and keeps its status current, as upstream's kubelet node status loop:
// the Node is created with its status in one request (or, when it exists, its labels brought up
// to date and its status reported), then every 10 s the
// status is computed and sent as a strategic merge patch when it changed or when 5 minutes have
// passed since the last report. A condition keeps its lastTransitionTime while its status holds.
import { PatchStrategy, setHeaderOptions, type CoreV1Api, type V1ContainerImage, type V1NodeCondition, type V1NodeStatus } from '@kubernetes/client-node';
import type { MachineInfo } from './machineInfo.js';
import { nodeObject, nodeStatus, type NodeIdentity, type RuntimeHealth } from './nodeObject.js';

export const NODE_STATUS_UPDATE_MS = 10_000;
export const NODE_STATUS_REPORT_MS = 5 * 60_000;

export interface NodeStatusSources {
  runtimeHealth(): Promise<RuntimeHealth>;
  images(): Promise<V1ContainerImage[]>;
}

const strategicMerge = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
const isCode = (error: unknown, code: number) => (error as { code?: number }).code === code;

/** The status without its heartbeat times: what decides whether there is news to report. */
function fingerprint(status: V1NodeStatus): string {
  const conditions = (status.conditions ?? []).map(({ type, status: s, reason, message }) => ({ type, s, reason, message }));
  return JSON.stringify({ ...status, conditions });
}

export class NodeStatusReporter {
  uid: string | undefined;
  private lastReported: { fingerprint: string; at: number; conditions: V1NodeCondition[] } | undefined;

  constructor(
    private readonly api: CoreV1Api,
    private readonly identity: NodeIdentity,
    private readonly machine: MachineInfo,
    private readonly sources: NodeStatusSources,
  ) {}

  /** Creates the Node, or adopts the one there is (as after a kubelet restart). */
  async register(): Promise<void> {
    const desired = nodeObject(this.identity, this.machine);
    const { status, fingerprint: print } = await this.current(new Date());
    try {
      this.uid = (await this.api.createNode({ body: { ...desired, status } })).metadata?.uid;
      this.lastReported = { fingerprint: print, at: Date.now(), conditions: status.conditions ?? [] };
    } catch (error) {
      if (!isCode(error, 409)) throw error;
      const patched = await this.api.patchNode({ name: this.identity.name, body: { metadata: { labels: desired.metadata!.labels } } }, strategicMerge);
      this.uid = patched.metadata?.uid;
      await this.report(true);
    }
  }

  private async current(now: Date): Promise<{ status: V1NodeStatus; fingerprint: string }> {
    const [health, images] = await Promise.all([this.sources.runtimeHealth(), this.sources.images()]);
    const status = nodeStatus(this.identity, this.machine, health, images, now);
    return { status, fingerprint: fingerprint(status) };
  }

  /** Sends the status if it changed, if the report is due, or if `force`. */
  async report(force = false): Promise<void> {
    const now = new Date();
    const { status, fingerprint: print } = await this.current(now);
    const last = this.lastReported;
    if (!force && last && last.fingerprint === print && now.getTime() - last.at < NODE_STATUS_REPORT_MS) return;
    for (const c of status.conditions ?? []) {
      const before = last?.conditions.find((p) => p.type === c.type);
      if (before && before.status === c.status) c.lastTransitionTime = before.lastTransitionTime;
    }
    await this.api.patchNodeStatus({ name: this.identity.name, body: { status } }, strategicMerge);
    this.lastReported = { fingerprint: print, at: now.getTime(), conditions: status.conditions ?? [] };
  }
}
