// Resources that are only ever created and never stored: the `bindings` of core/v1 and the
// review kinds of authentication.k8s.io and authorization.k8s.io.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceInfo } from '../../registry/catalog.js';
import { StatusError } from '../../registry/statusError.js';
import { decodeObject, readBody } from '../http/body.js';
import type { ResponseFormat } from '../http/mediaTypes.js';
import type { RequestInfo } from '../http/requestInfo.js';
import { successStatus, writeObject } from '../http/respond.js';
import type { UserInfo } from '../http/user.js';
import { bindPod } from './podBinding.js';
import { dryRun, type ServerContext } from './request.js';
import { review } from './reviews.js';

export interface VirtualRequest extends ServerContext {
  info: RequestInfo;
  resource: ResourceInfo;
  user: UserInfo;
  query: URLSearchParams;
  format: ResponseFormat;
  request: IncomingMessage;
  response: ServerResponse;
}

export async function handleVirtualResource(r: VirtualRequest): Promise<void> {
  if (r.info.verb !== 'create' || r.info.name !== undefined) {
    throw StatusError.methodNotSupported({ group: r.resource.group, resource: r.resource.resource }, r.info.verb);
  }
  const body = decodeObject(await readBody(r.request), r.request.headers['content-type']);
  if (r.resource.group === '' && r.resource.resource === 'bindings') {
    await bindPod(r.registries.store('', 'v1', 'pods')!, r.info.namespace!, body.metadata?.name ?? '', body, dryRun(r.query));
    return writeObject(r.response, 201, successStatus(undefined), r.format);
  }
  const answer = await review(r.resource.resource, body, r.user, r.serviceAccountKeys);
  writeObject(r.response, 201, { ...answer, apiVersion: body.apiVersion ?? `${r.resource.group}/${r.resource.version}`, kind: r.resource.kind }, r.format);
}
