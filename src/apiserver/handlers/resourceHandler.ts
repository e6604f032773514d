// Routes a resource request to its handler by verb and subresource.
import { StatusError } from '../../registry/statusError.js';
import { decodeObject, readBody } from '../http/body.js';
import { writeObject } from '../http/respond.js';
import { getObject, listObjects } from './reads.js';
import { dryRun, type ApiRequest } from './request.js';
import { toScale, updateScale } from './scale.js';
import { watchObjects } from './watch.js';
import { createObject, deleteCollection, deleteObject, updateObject } from './writes.js';

export async function handleResource(r: ApiRequest): Promise<void> {
  const { verb, subresource } = r.info;
  if (subresource === undefined) {
    switch (verb) {
      case 'get': return getObject(r);
      case 'list': return listObjects(r);
      case 'watch': return watchObjects(r);
      case 'create': return createObject(r);
      case 'update': return updateObject(r);
      case 'delete': return deleteObject(r);
      case 'deletecollection': return deleteCollection(r);
    }
  } else if (subresource === 'status') {
    switch (verb) {
      case 'get': return getObject(r);
      case 'update': return updateObject(r);
    }
  } else if (subresource === 'finalize' && verb === 'update') {
    return updateObject(r);
  } else if (subresource === 'scale') {
    switch (verb) {
      case 'get': {
        const object = await r.store.get(r.info.namespace, r.info.name!);
        return writeObject(r.response, 200, toScale(object), r.format);
      }
      case 'update': {
        const scale = decodeObject(await readBody(r.request), r.request.headers['content-type']);
        return writeObject(r.response, 200, await updateScale(r.store, r.info.namespace, r.info.name!, scale, dryRun(r.query)), r.format);
      }
    }
  }
  throw StatusError.methodNotSupported(r.store.target, verb);
}
