// What client-go's event correlator does to every event before it is written, with its keys,
// limits and texts:
// - aggregation: events alike but for their message (same source, object, type, reason) seen
//   with 10 different messages within 10 minutes become one Event whose message is
//   "(combined from similar events): <latest message>", counted up from then on;
// - counting: an event identical to one already written (source, object with field path,
//   type, reason, message) is a PATCH of that Event's count, message and lastTimestamp, not a
//   new Event;
// - spam filtering: a source may write 25 events about one object at once, then one per 5
//   minutes (a token bucket per source and object); the rest are dropped.
// Each cache holds the 4,096 most recently used keys.
import type { CoreV1Event } from '@kubernetes/client-node';
import { LruCache } from './lruCache.js';

const CACHE_ENTRIES = 4096;
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
const SPAM_BURST = 25;
const SPAM_QPS = 1 / 300;
const AGGREGATE_PREFIX = '(combined from similar events): ';

/** The event as the correlator sees and returns it: names and times filled in. */
export type CorrelatedEvent = CoreV1Event & { metadata: { name: string; namespace: string }; count: number; firstTimestamp: Date; lastTimestamp: Date };

export interface CorrelationResult {
  event: CorrelatedEvent;
  /** What the correlator knows the Event by: pass it back to `written`. */
  key: string;
  /** Set for an Event already written: the strategic merge patch to send instead of a create. */
  patch?: { count: number; lastTimestamp: Date; message: string };
}

const objectKey = (e: CoreV1Event) => {
  const o = e.involvedObject;
  return `${e.source?.component ?? ''}${e.source?.host ?? ''}${o.kind ?? ''}${o.namespace ?? ''}${o.name ?? ''}`;
};
/** getSpamKey: source and object. */
const spamKey = (e: CoreV1Event) => `${objectKey(e)}${e.involvedObject.uid ?? ''}${e.involvedObject.apiVersion ?? ''}`;
/** getEventKey: source, object with field path, type, reason and message. */
const eventKey = (e: CoreV1Event) => {
  const o = e.involvedObject;
  return `${objectKey(e)}${o.fieldPath ?? ''}${o.uid ?? ''}${o.apiVersion ?? ''}${e.type ?? ''}${e.reason ?? ''}${e.message ?? ''}`;
};
/** EventAggregatorByReasonFunc's aggregate key: all but the message (and the field path). */
const aggregateKey = (e: CoreV1Event) =>
  `${spamKey(e)}${e.type ?? ''}${e.reason ?? ''}${e.reportingComponent ?? ''}${e.reportingInstance ?? ''}`;

interface Aggregate {
  messages: Set<string>;
  last: number;
}

interface Observed {
  count: number;
  firstTimestamp: Date;
  name: string;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class EventCorrelator {
  private readonly aggregates = new LruCache<string, Aggregate>(CACHE_ENTRIES);
  private readonly observed = new LruCache<string, Observed>(CACHE_ENTRIES);
  private readonly buckets = new LruCache<string, Bucket>(CACHE_ENTRIES);

  constructor(private readonly now: () => number = Date.now) {}

  /** The event to write (created, or patched if `patch` is set), or undefined if it is dropped as spam. */
  correlate(event: CorrelatedEvent): CorrelationResult | undefined {
    const now = this.now();
    const [aggregated, key] = this.aggregate(event, now);
    const result = this.observe(aggregated, key);
    return this.allow(result.event, now) ? result : undefined;
  }

  /** Records what the server holds after a write (its name and count), as client-go's UpdateState. */
  written(key: string, event: CoreV1Event): void {
    // Writes finish after later events were observed: never take the count back.
    const counted = this.observed.get(key)?.count ?? 0;
    this.observed.set(key, {
      count: Math.max(counted, event.count ?? 1), firstTimestamp: event.firstTimestamp ?? new Date(this.now()), name: event.metadata?.name ?? '',
    });
  }

  private aggregate(event: CorrelatedEvent, now: number): [CorrelatedEvent, string] {
    const key = aggregateKey(event);
    let record = this.aggregates.get(key);
    if (!record || now - record.last > AGGREGATE_INTERVAL_MS) record = { messages: new Set(), last: now };
    record.messages.add(event.message ?? '');
    record.last = now;
    this.aggregates.set(key, record);
    if (record.messages.size < AGGREGATE_MAX_EVENTS) return [event, eventKey(event)];
    // Keep the set from growing past the limit: drop one message, as client-go's PopAny.
    record.messages.delete(record.messages.values().next().value as string);
    const at = new Date(now);
    const combined: CorrelatedEvent = {
      metadata: { name: `${event.involvedObject.name}.${(BigInt(now) * 1_000_000n).toString(16)}`, namespace: event.metadata.namespace },
      involvedObject: event.involvedObject,
      reason: event.reason,
      message: `${AGGREGATE_PREFIX}${event.message ?? ''}`,
      type: event.type,
      source: event.source,
      count: 1,
      firstTimestamp: at,
      lastTimestamp: at,
    };
    return [combined, key];
  }

  private observe(event: CorrelatedEvent, key: string): CorrelationResult {
    const last = this.observed.get(key);
    if (!last) {
      this.observed.set(key, { count: event.count, firstTimestamp: event.firstTimestamp, name: event.metadata.name });
      return { event, key };
    }
    const repeated: CorrelatedEvent = {
      ...event, metadata: { ...event.metadata, name: last.name }, firstTimestamp: last.firstTimestamp, count: last.count + 1,
    };
    this.observed.set(key, { count: repeated.count, firstTimestamp: last.firstTimestamp, name: last.name });
    return { event: repeated, key, patch: { count: repeated.count, lastTimestamp: repeated.lastTimestamp, message: repeated.message ?? '' } };
  }

  /** The spam filter's token bucket for the event's source and object: whether one is left. */
  private allow(event: CorrelatedEvent, now: number): boolean {
    const key = spamKey(event);
    const bucket = this.buckets.get(key) ?? { tokens: SPAM_BURST, at: now };
    bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + ((now - bucket.at) / 1000) * SPAM_QPS);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    return allowed;
  }
}
