// Routes a resource request to its handler by verb and subresource.
import { StatusError } from '../../registry/statusError.js';
import { decodeObject, readBody } from '../http/body.js';
import { successStatus, writeObject } from '../http/respond.js';
import { evictPod } from './eviction.js';
import { patchObject } from './patch.js';
import { bindPod } from './podBinding.js';
import { getObject, listObjects } from './reads.js';
import { requestToken } from './tokenRequest.js';
import { dryRun, includeObject, sendWarnings, type ApiRequest } from './request.js';
import { toScale, updateScale } from './scale.js';
import { transformObject } from './transform.js';
import { watchObjects } from './watch.js';
import { createObject, deleteCollection, deleteObject, updateObject } from './writes.js';

export async function handleResource(r: ApiRequest): Promise<void> {
  const { verb, subresource } = r.info;
  sendWarnings(r, []);
  if ((subresource === 'status' || subresource === 'scale') && !r.store.info.subresources.some((s) => s.name === subresource)) {
    throw StatusError.of(404, 'NotFound', 'the server could not find the requested resource', {});
  }
  if (subresource === undefined) {
    switch (verb) {
      case 'get': return getObject(r);
      case 'list': return listObjects(r);
      case 'watch': return watchObjects(r);
      case 'create': return createObject(r);
      case 'update': return updateObject(r);
      case 'patch': return patchObject(r);
      case 'delete': return deleteObject(r);
      case 'deletecollection': return deleteCollection(r);
    }
  } else if (subresource === 'status') {
    switch (verb) {
      case 'get': return getObject(r);
      case 'update': return updateObject(r);
      case 'patch': return patchObject(r);
    }
  } else if (verb === 'create' && r.store.info.group === '' && (subresource === 'binding' || subresource === 'eviction' || subresource === 'token')) {
    const body = decodeObject(await readBody(r.request), r.request.headers['content-type']);
    const namespace = r.info.namespace!;
    if (subresource === 'token' && r.store.info.resource === 'serviceaccounts') {
      return writeObject(r.response, 201, await requestToken(r.store, r.serviceAccountKeys, namespace, r.info.name!, body), r.format);
    }
    if (r.store.info.resource === 'pods') {
      if (subresource === 'binding') await bindPod(r.store, namespace, r.info.name!, body, dryRun(r.query));
      else await evictPod(r.registries, namespace, r.info.name!, body, dryRun(r.query));
      return writeObject(r.response, 201, successStatus(undefined), r.format);
    }
  } else if (subresource === 'finalize' && verb === 'update') {
    return updateObject(r);
  } else if (subresource === 'scale') {
    switch (verb) {
      case 'get': {
        const scale = toScale(r.store.info, await r.store.get(r.info.namespace, r.info.name!));
        // a custom resource's columns print its Scale too (upstream's scale scope shares them)
        const answer = r.store.info.scale ? transformObject(r.store, scale, r.format, includeObject(r.query)) : scale;
        return writeObject(r.response, 200, answer, r.format);
      }
      case 'update': {
        const scale = decodeObject(await readBody(r.request), r.request.headers['content-type']);
        return writeObject(r.response, 200, await updateScale(r.store, r.info.namespace, r.info.name!, scale, dryRun(r.query)), r.format);
      }
      case 'patch': return patchObject(r);
    }
  }
  throw StatusError.methodNotSupported(r.store.target, verb);
}
