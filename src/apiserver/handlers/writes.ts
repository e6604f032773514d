// POST, PUT, DELETE and DELETE of a collection.
import { deleteNamespace } from '../../registry/namespaceDeletion.js';
import type { KubeObject } from '../../registry/object.js';
import type { DeleteOptions } from '../../registry/store.js';
import { StatusError } from '../../registry/statusError.js';
import { decodeObject, readBody } from '../http/body.js';
import { successStatus, writeObject } from '../http/respond.js';
import { admitCreate } from '../admission/createAdmission.js';
import { admitCreateInNamespace, admitNamespaceDelete } from '../admission/namespaceLifecycle.js';
import { admitUpdate } from '../admission/updateAdmission.js';
import { applyFieldValidation, customResourceUnknownFields, findFieldProblems, parseFieldValidation } from '../fieldValidation/index.js';
import { dryRun, fieldManager, integer, sendWarnings, type ApiRequest } from './request.js';
import { transformObject } from './transform.js';

/** The request's object, with the fieldValidation directive applied to its raw body. */
async function bodyObject(r: ApiRequest, verb: 'create' | 'update'): Promise<KubeObject> {
  const mode = parseFieldValidation(r.query.getAll('fieldValidation'), verb);
  const body = await readBody(r.request);
  const contentType = r.request.headers['content-type'];
  const object = decodeObject(body, contentType);
  if (mode !== 'Ignore') {
    const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : r.store.apiVersion;
    const kind = typeof object.kind === 'string' ? object.kind : r.store.info.kind;
    const problems = findFieldProblems(body, contentType, apiVersion, kind);
    const unknown = r.store.strategy.unknownFields?.(object);
    if (unknown) problems.push(...customResourceUnknownFields(object, unknown));
    const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
    sendWarnings(r, applyFieldValidation(mode, problems, { verb, kind, version, objectKind: r.store.info.kind }).warnings);
  }
  return object;
}

export async function createObject(r: ApiRequest): Promise<void> {
  const object = await bodyObject(r, 'create');
  if (r.info.namespace !== undefined) await admitCreateInNamespace(r.registries, r.store, r.info.namespace, object.metadata?.name);
  await admitCreate(r.registries, r.store, r.info.namespace, object, dryRun(r.query));
  const created = await r.store.create(r.info.namespace, object, { dryRun: dryRun(r.query), fieldManager: fieldManager(r) });
  writeObject(r.response, 201, transformObject(r.store, created, r.format, 'Object'), r.format);
}

export async function updateObject(r: ApiRequest): Promise<void> {
  const object = await bodyObject(r, 'update');
  if (!r.info.subresource) await admitUpdate(r.registries, r.store, object);
  const updated = await r.store.update(r.info.namespace, r.info.name!, object, {
    dryRun: dryRun(r.query), subresource: r.info.subresource, fieldManager: fieldManager(r),
  });
  writeObject(r.response, 200, transformObject(r.store, updated, r.format, 'Object'), r.format);
}

/** DeleteOptions from the body (kubectl sends JSON, client-go clients set to protobuf such as Helm's send protobuf) or the query string. */
async function deleteOptions(r: ApiRequest): Promise<DeleteOptions> {
  const body = await readBody(r.request);
  const fromBody = body.length > 0 ? decodeObject(body, r.request.headers['content-type']) as Record<string, unknown> : {};
  const propagation = (fromBody.propagationPolicy ?? r.query.get('propagationPolicy') ?? undefined) as string | undefined;
  if (propagation !== undefined && !['Background', 'Foreground', 'Orphan'].includes(propagation)) {
    throw StatusError.invalid('DeleteOptions', '', '', [{ reason: 'FieldValueNotSupported', message: `Unsupported value: "${propagation}": supported values: "Foreground", "Background", "Orphan"`, field: 'propagationPolicy' }],
      `DeleteOptions "" is invalid: propagationPolicy: Unsupported value: "${propagation}": supported values: "Foreground", "Background", "Orphan"`);
  }
  const orphan = (fromBody.orphanDependents ?? (r.query.get('orphanDependents') === null ? undefined : r.query.get('orphanDependents') === 'true')) as boolean | undefined;
  const bodyDryRun = Array.isArray(fromBody.dryRun) && (fromBody.dryRun as string[]).includes('All');
  return {
    gracePeriodSeconds: (fromBody.gracePeriodSeconds as number | undefined) ?? integer(r.query, 'gracePeriodSeconds'),
    propagationPolicy: (propagation ?? (orphan === true ? 'Orphan' : orphan === false ? 'Background' : undefined)) as DeleteOptions['propagationPolicy'],
    preconditions: fromBody.preconditions as DeleteOptions['preconditions'],
    dryRun: bodyDryRun || dryRun(r.query),
  };
}

export async function deleteObject(r: ApiRequest): Promise<void> {
  const options = await deleteOptions(r);
  const namespace = r.store.info.group === '' && r.store.info.resource === 'namespaces';
  if (namespace) admitNamespaceDelete(r.info.name!);
  const result = namespace
    ? await deleteNamespace(r.registries, r.info.name!, options)
    : await r.store.delete(r.info.namespace, r.info.name!, options);
  if (result.deleted) {
    const { name, uid } = result.object.metadata;
    writeObject(r.response, 200, successStatus({ name, ...(r.store.info.group ? { group: r.store.info.group } : {}), kind: r.store.info.resource, uid }), r.format);
  } else {
    writeObject(r.response, 202, result.object, r.format);
  }
}

export async function deleteCollection(r: ApiRequest): Promise<void> {
  const options = await deleteOptions(r);
  const items = await r.store.deleteCollection(r.info.namespace, {
    labelSelector: r.query.get('labelSelector') ?? undefined,
    fieldSelector: r.query.get('fieldSelector') ?? undefined,
  }, options);
  writeObject(r.response, 200, { kind: `${r.store.info.kind}List`, apiVersion: r.store.apiVersion, metadata: {}, items }, r.format);
}
