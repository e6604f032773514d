// `?watch=true`: a stream of JSON events, one per line. Plain events are made once from the
// stored bytes (nothing decoded or encoded) and shared by every watcher; Table watches wrap each object in a one-row Table, with the
// column definitions on the first event only. The stream ends at timeoutSeconds, on an
// ERROR event, or when the client goes.
import { encodeOnce } from '../../storage/index.js';
import type { KubeObject } from '../../registry/object.js';
import { watchStore, type ApiWatchEvent } from '../../registry/watch.js';
import { flag, includeObject, integer, type ApiRequest } from './request.js';
import { renderTable } from './tables.js';

const DEFAULT_TIMEOUT_SECONDS = [1800, 3600];
const LINE_END = Buffer.from('}\n');

export async function watchObjects(r: ApiRequest): Promise<void> {
  const { response, request, format, store } = r;
  const table = format.transform === 'Table';
  const include = includeObject(r.query);
  const version = format.transformVersion ?? 'v1';
  let first = true;

  const encode = (event: ApiWatchEvent): Buffer => {
    if (table && event.type !== 'ERROR') {
      const object = event.type === 'BOOKMARK' ? event.object : renderTable(store.info, [event.object as KubeObject], {
        includeObject: include, version, noHeaders: !first,
        listMeta: { resourceVersion: (event.object as KubeObject).metadata.resourceVersion },
      });
      if (event.type !== 'BOOKMARK') first = false;
      return Buffer.from(JSON.stringify({ type: event.type, object }) + '\n');
    }
    if (format.transform === 'PartialObjectMetadata' || format.transform === 'PartialObjectMetadataList') {
      const object = event.type === 'ERROR' ? event.object : { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: (event.object as KubeObject).metadata };
      return Buffer.from(JSON.stringify({ type: event.type, object }) + '\n');
    }
    if (!event.source) return Buffer.from(JSON.stringify({ type: event.type, object: event.object }) + '\n');
    const source = event.source;
    return encodeOnce(source, `${store.apiVersion}/${event.type}`, () => Buffer.concat([Buffer.from(`{"type":"${event.type}","object":`), ...store.served(source.kv), LINE_END]));
  };

  let ended = false;
  let stop: (() => void) | undefined = undefined;
  const end = () => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    stop?.();
    response.end();
  };
  const contentType = format.transform === 'Table'
    ? `application/json;as=Table;v=${version};g=meta.k8s.io`
    : 'application/json';
  const timeoutSeconds = integer(r.query, 'timeoutSeconds') ??
    DEFAULT_TIMEOUT_SECONDS[0] + Math.random() * (DEFAULT_TIMEOUT_SECONDS[1] - DEFAULT_TIMEOUT_SECONDS[0]);
  const timer = setTimeout(end, timeoutSeconds * 1000);

  stop = await watchStore(store, r.info.namespace, {
    labelSelector: r.query.get('labelSelector') ?? undefined,
    fieldSelector: r.query.get('fieldSelector') ?? undefined,
    resourceVersion: r.query.get('resourceVersion') ?? undefined,
    resourceVersionMatch: r.query.get('resourceVersionMatch') ?? undefined,
    allowWatchBookmarks: flag(r.query, 'allowWatchBookmarks'),
    sendInitialEvents: flag(r.query, 'sendInitialEvents'),
  }, {
    send(event) {
      if (ended) return;
      if (!response.headersSent) response.writeHead(200, { 'Content-Type': contentType, 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
      response.write(encode(event));
    },
    end,
  });
  if (ended) stop();
  if (!response.headersSent && !ended) {
    response.writeHead(200, { 'Content-Type': contentType, 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    response.flushHeaders();
  }
  request.on('close', end);
  response.on('close', end);
}
