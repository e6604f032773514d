// Records core/v1 Events about objects, as client-go's event recorder does for the kubelet and
// the controllers: every event goes through an EventCorrelator (eventCorrelator.ts) first, so
// a repeat is a PATCH of the existing Event's count and lastTimestamp, many similar events are
// combined into one, and a source spamming an object is held back. The writes of one Event go
// in order. Recording never throws and never blocks the caller: a failed write is logged and
// dropped.
import type { KubeConfig, V1ObjectReference } from '@kubernetes/client-node';
import { logger } from '../../log/index.js';
import { ApiWriter } from '../client/index.js';
import { EventCorrelator, type CorrelatedEvent, type CorrelationResult } from './eventCorrelator.js';

const log = logger('events');

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
  component: string;
  host?: string;
}

/** The object an event is about: a reference, plus the field path (`spec.containers{web}`). */
export type InvolvedObject = V1ObjectReference;

const stamp = (date: Date) => date.toISOString().replace(/\.\d+Z$/, 'Z');

export class EventRecorder {
  private readonly api: ApiWriter;
  private readonly correlator: EventCorrelator;
  /** The last write queued for each Event (namespace/name) still under way. */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(kubeConfig: KubeConfig, private readonly source: EventSource, now: () => number = Date.now) {
    this.api = new ApiWriter(kubeConfig);
    this.correlator = new EventCorrelator(now);
  }

  event(object: InvolvedObject, type: EventType, reason: string, message: string): void {
    const now = new Date();
    const namespace = object.namespace || 'default';
    const event: CorrelatedEvent = {
      metadata: { name: `${object.name}.${(BigInt(now.getTime()) * 1_000_000n + process.hrtime.bigint() % 1_000_000n).toString(16)}`, namespace },
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
    };
    const result = this.correlator.correlate(event);
    if (!result) return;
    // Writes of one Event (its create, then its count patches) go in order; others side by side.
    const name = `${result.event.metadata.namespace}/${result.event.metadata.name}`;
    const write = (this.writing.get(name) ?? Promise.resolve())
      .then(() => this.write(result))
      .catch((error: Error) => log.warn('event not recorded', { reason, error: error.message }));
    this.writing.set(name, write);
    void write.then(() => {
      if (this.writing.get(name) === write) this.writing.delete(name);
    });
  }

  /** Patches the Event's count, or creates it (also when the Event to patch is gone); the
   * correlator then knows it as written (the reply, the Event as sent, is not read). */
  private async write({ event, key, patch }: CorrelationResult): Promise<void> {
    const { name, namespace } = event.metadata;
    const events = `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`;
    const patched = patch && await this.api.patch(
      `${events}/${encodeURIComponent(name)}`,
      { count: patch.count, lastTimestamp: stamp(patch.lastTimestamp), message: patch.message },
      'application/strategic-merge-patch+json',
    ).then(() => true, (error: { code?: number }) => {
      if (error.code !== 404) throw error;
      return false;
    });
    if (!patched) await this.api.post(events, { apiVersion: 'v1', kind: 'Event', ...event, firstTimestamp: stamp(event.firstTimestamp), lastTimestamp: stamp(event.lastTimestamp) });
    this.correlator.written(key, event);
  }
}
