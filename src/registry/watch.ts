// Watches of the API (`?watch=true`): storage changes under a resource, filtered by label and
// field selectors, turned into ADDED/MODIFIED/DELETED events with upstream's rules: an object
// that starts or stops matching the selectors is ADDED or DELETED; resourceVersion unset or
// "0" (or sendInitialEvents) first sends the current state as ADDED events; bookmarks carry
// the latest revision when asked for. Decoded objects are shared between watchers, and decoded
// only when a selector or a transformation needs them.
import { EventMemo, isStorageError, type WatchEvent } from '../storage/index.js';
import type { KubeObject } from './object.js';
import { StatusError, type Status } from './statusError.js';
import { parseResourceVersion, type ListQuery, type Store } from './store.js';

export type ApiEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface ApiWatchEvent {
  type: ApiEventType;
  object: KubeObject | Status;
  /** The storage event behind it, when there is one: a key for sharing encodings. */
  source?: WatchEvent;
}

export interface WatchQuery extends ListQuery {
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
}

export interface WatchSink {
  send(event: ApiWatchEvent): void;
  /** The watch ended from the server side (after an ERROR event, or storage closing). */
  end(): void;
}

export interface WatchOptions {
  bookmarkIntervalMs?: number;
}

/** An event's objects, each decoded on first use: a watch without selectors whose events are
 * sent as the stored bytes never decodes them. */
class Decoded {
  private decodedObject: KubeObject | undefined;
  private decodedPrevious: KubeObject | undefined;

  constructor(private readonly store: Store, private readonly event: WatchEvent) {}

  get object(): KubeObject {
    return (this.decodedObject ??= this.store.decode(this.event.kv));
  }

  get previous(): KubeObject | undefined {
    if (!this.event.prevValue) return undefined;
    return (this.decodedPrevious ??= this.store.decode({ ...this.event.kv, value: this.event.prevValue }));
  }
}

/** Per store (each may convert differently), the objects of each event, decoded once for the
 * watchers it is fanned out to. */
const decodedByStore = new WeakMap<Store, EventMemo<Decoded>>();

function objectsOf(store: Store, event: WatchEvent): Decoded {
  let decoded = decodedByStore.get(store);
  if (!decoded) decodedByStore.set(store, (decoded = new EventMemo()));
  return decoded.get(event, () => new Decoded(store, event));
}

/** The API event for a storage event; its object is decoded when first read. */
function apiEvent(type: ApiEventType, objects: Decoded, source: WatchEvent): ApiWatchEvent {
  return { type, get object() { return objects.object; }, source };
}

export function bookmark(store: Store, revision: number, annotations?: Record<string, string>): KubeObject {
  return {
    kind: store.info.kind,
    apiVersion: store.apiVersion,
    metadata: { resourceVersion: String(revision), ...(annotations ? { annotations } : {}) },
  };
}

/** Validates the query and starts the watch; returns a function that stops it. */
export async function watchStore(store: Store, namespace: string | undefined, query: WatchQuery, sink: WatchSink, options: WatchOptions = {}): Promise<() => void> {
  const { labels, fields } = store.selectors(query);
  const everything = labels.empty && fields.empty;
  const matches = (object: KubeObject | undefined) => object !== undefined && (everything || store.matches(object, labels, fields));
  const rv = query.resourceVersion ?? '';
  if (query.sendInitialEvents !== undefined) {
    if (!query.allowWatchBookmarks) throw StatusError.badRequest('sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled: allowWatchBookmarks must be true');
    if (query.resourceVersionMatch !== 'NotOlderThan') {
      throw StatusError.invalid('ListOptions', 'meta.k8s.io', '', [{ reason: 'FieldValueForbidden', message: 'Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan', field: 'resourceVersionMatch' }],
        'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
    }
  }
  const initialEvents = query.sendInitialEvents ?? (rv === '' || rv === '0');
  let from: number;
  let stopped = false;
  let lastRevision = 0;
  if (initialEvents) {
    const listed = await store.list(namespace, {
      labelSelector: query.labelSelector, fieldSelector: query.fieldSelector,
      resourceVersion: rv === '' ? undefined : rv,
    });
    for (const item of listed.items) sink.send({ type: 'ADDED', object: item });
    from = Number(listed.resourceVersion);
    if (query.sendInitialEvents) {
      sink.send({ type: 'BOOKMARK', object: bookmark(store, from, { 'k8s.io/initial-events-end': 'true' }) });
    }
  } else {
    from = parseResourceVersion(rv);
  }
  lastRevision = from;

  const fail = (status: StatusError) => {
    if (stopped) return;
    sink.send({ type: 'ERROR', object: status.status });
    stop();
    sink.end();
  };

  const watch = store.storage.watch(store.listPrefix(namespace), from, {
    onEvents(events) {
      for (const event of events) {
        lastRevision = event.kv.modRevision;
        const objects = objectsOf(store, event);
        if (event.type === 'DELETED') {
          if (everything || matches(objects.previous ?? objects.object)) sink.send(apiEvent('DELETED', objects, event));
          continue;
        }
        const now = everything || matches(objects.object);
        const before = event.type === 'MODIFIED' && (everything ? Boolean(event.prevValue) : matches(objects.previous));
        if (now && before) sink.send(apiEvent('MODIFIED', objects, event));
        else if (now) sink.send(apiEvent('ADDED', objects, event));
        else if (before) sink.send(apiEvent('DELETED', objects, event));
      }
    },
    onProgress(revision) {
      lastRevision = Math.max(lastRevision, revision);
    },
    onError(error) {
      if (isStorageError(error, 'Compacted')) {
        fail(StatusError.expired(`too old resource version: ${from} (${error.revision})`));
      } else if (isStorageError(error, 'FutureRevision')) {
        fail(StatusError.timeout(`Too large resource version: ${from}, current: ${error.revision}`));
      } else {
        fail(StatusError.internal(error.message));
      }
    },
  });

  let lastBookmark = from;
  const timer = query.allowWatchBookmarks
    ? setInterval(() => {
      if (lastRevision > lastBookmark) {
        lastBookmark = lastRevision;
        sink.send({ type: 'BOOKMARK', object: bookmark(store, lastRevision) });
      }
    }, options.bookmarkIntervalMs ?? 60_000)
    : undefined;
  timer?.unref();

  function stop(): void {
    if (stopped) return;
    stopped = true;
    if (timer) clearInterval(timer);
    watch.stop();
  }
  return stop;
}
