// GET of one object and LIST of a collection. Plain JSON answers are built from the stored
// bytes, with only the resourceVersion spliced in: no parsing or re-encoding per object.
import type { ListResult } from '../../registry/store.js';
import { JSON_TYPE } from '../http/mediaTypes.js';
import { writeObject } from '../http/respond.js';
import { includeObject, integer, type ApiRequest } from './request.js';
import { listMeta, transformList, transformObject } from './transform.js';

const plainJson = (r: ApiRequest) => r.format.type === JSON_TYPE && r.format.transform === undefined;

export async function getObject(r: ApiRequest): Promise<void> {
  if (plainJson(r)) {
    const bytes = await r.store.getBytes(r.info.namespace, r.info.name!);
    r.response.writeHead(200, { 'Content-Type': JSON_TYPE, 'Content-Length': bytes.length });
    r.response.end(bytes);
    return;
  }
  const object = await r.store.get(r.info.namespace, r.info.name!);
  writeObject(r.response, 200, transformObject(r.store, object, r.format, includeObject(r.query)), r.format);
}

export async function listObjects(r: ApiRequest): Promise<void> {
  const list = await r.store.list(r.info.namespace, {
    labelSelector: r.query.get('labelSelector') ?? undefined,
    fieldSelector: r.query.get('fieldSelector') ?? undefined,
    limit: integer(r.query, 'limit'),
    continue: r.query.get('continue') ?? undefined,
    resourceVersion: r.query.get('resourceVersion') ?? undefined,
    resourceVersionMatch: r.query.get('resourceVersionMatch') ?? undefined,
  });
  if (plainJson(r)) return writeListBytes(r, list);
  writeObject(r.response, 200, transformList(r.store, list, r.format, includeObject(r.query)), r.format);
}

function writeListBytes(r: ApiRequest, list: ListResult): void {
  const head = Buffer.from(JSON.stringify({ kind: `${r.store.info.kind}List`, apiVersion: r.store.apiVersion, metadata: listMeta(list) }).slice(0, -1) + ',"items":[');
  const parts: Buffer[] = [head];
  list.kvs.forEach((kv, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(...r.store.served(kv));
  });
  parts.push(END);
  // Written piece by piece: a large list is never copied into one buffer.
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  r.response.writeHead(200, { 'Content-Type': JSON_TYPE, 'Content-Length': length });
  r.response.cork();
  for (const part of parts) r.response.write(part);
  r.response.end();
}

const COMMA = Buffer.from(',');
const END = Buffer.from(']}');
