// Watches of the API (`?watch=true`): storage changes under a resource, filtered by label and
// field selectors, turned into ADDED/MODIFIED/DELETED events with upstream's rules: an object
// that starts or stops matching the selectors is ADDED or DELETED; resourceVersion unset or
// "0" (or sendInitialEvents) first sends the current state as ADDED events; bookmarks carry
// the latest revision when asked for. Decoded objects are shared between watchers.
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

type Decoded = { object: KubeObject; previous?: KubeObject };

/** Per store (each may convert differently), the objects of each event, decoded once for the
 * watchers it is fanned out to. */
const decodedByStore = new WeakMap<Store, EventMemo<Decoded>>();

function objectsOf(store: Store, event: WatchEvent): Decoded {
  let decoded = decodedByStore.get(store);
  if (!decoded) decodedByStore.set(store, (decoded = new EventMemo()));
  return decoded.get(event, () => ({
    object: store.decode(event.kv),
    previous: event.prevValue ? store.decode({ ...event.kv, value: event.prevValue }) : undefined,
  }));
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
  const matches = (object: KubeObject | undefined) => object !== undefined && store.matches(object, labels, fields);
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
        const { object, previous } = objectsOf(store, event);
        if (event.type === 'DELETED') {
          if (matches(previous ?? object)) sink.send({ type: 'DELETED', object, source: event });
          continue;
        }
        const now = matches(object);
        const before = event.type === 'MODIFIED' && matches(previous);
        if (now && before) sink.send({ type: 'MODIFIED', object, source: event });
        else if (now) sink.send({ type: 'ADDED', object, source: event });
        else if (before) sink.send({ type: 'DELETED', object, source: event });
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
