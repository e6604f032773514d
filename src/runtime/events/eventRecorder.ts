// Records core/v1 Events about objects, as client-go's event recorder does for the kubelet and
// the controllers: one Event per (object, reason, message, source); the same event again within
// ten minutes bumps its count and lastTimestamp instead of creating another. Recording never
// throws and never blocks the caller: a failed write is logged and dropped.
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1ObjectReference } from '@kubernetes/client-node';
import { logger } from '../../log/index.js';

const log = logger('events');
const REPEAT_WINDOW_MS = 10 * 60_000;
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
  component: string;
  host?: string;
}

/** The object an event is about: a reference, plus the field path (`spec.containers{web}`). */
export type InvolvedObject = V1ObjectReference;

interface Seen {
  name: string;
  namespace: string;
  count: number;
  at: number;
}

const stamp = (date: Date) => date.toISOString().replace(/\.\d+Z$/, 'Z');

export class EventRecorder {
  private readonly api: CoreV1Api;
  private readonly seen = new Map<string, Seen>();
  private prunedAt = 0;

  constructor(kubeConfig: KubeConfig, private readonly source: EventSource) {
    this.api = kubeConfig.makeApiClient(CoreV1Api);
  }

  event(object: InvolvedObject, type: EventType, reason: string, message: string): void {
    void this.record(object, type, reason, message).catch((error: Error) => log.warn('event not recorded', { reason, error: error.message }));
  }

  private async record(object: InvolvedObject, type: EventType, reason: string, message: string): Promise<void> {
    const namespace = object.namespace || 'default';
    const key = JSON.stringify([object.uid, object.fieldPath, type, reason, message]);
    const now = new Date();
    const seen = this.seen.get(key);
    if (seen && now.getTime() - seen.at < REPEAT_WINDOW_MS) {
      seen.count++;
      seen.at = now.getTime();
      await this.api.patchNamespacedEvent({ name: seen.name, namespace: seen.namespace, body: { count: seen.count, lastTimestamp: stamp(now) } }, mergePatch);
      return;
    }
    this.prune(now.getTime());
    const name = `${object.name}.${(BigInt(now.getTime()) * 1_000_000n + process.hrtime.bigint() % 1_000_000n).toString(16)}`;
    this.seen.set(key, { name, namespace, count: 1, at: now.getTime() });
    await this.api.createNamespacedEvent({
      namespace,
      body: {
        metadata: { name, namespace },
        involvedObject: object,
        reason,
        message,
        type,
        source: this.source,
        count: 1,
        firstTimestamp: now,
        lastTimestamp: now,
        reportingComponent: this.source.component,
        reportingInstance: this.source.host ?? '',
      },
    });
  }

  private prune(now: number): void {
    // At most once a minute: with thousands of recent events (a scheduler binding pods), a walk
    // of them all per event would cost more than the events.
    if (this.seen.size < 4096 || now - this.prunedAt < 60_000) return;
    this.prunedAt = now;
    for (const [key, seen] of this.seen) if (now - seen.at >= REPEAT_WINDOW_MS) this.seen.delete(key);
  }
}
