// GET of one object and LIST of a collection.
import { writeObject } from '../http/respond.js';
import { includeObject, integer, type ApiRequest } from './request.js';
import { transformList, transformObject } from './transform.js';

export async function getObject(r: ApiRequest): Promise<void> {
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
  writeObject(r.response, 200, transformList(r.store, list, r.format, includeObject(r.query)), r.format);
}
