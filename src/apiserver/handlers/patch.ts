// PATCH in its four content types, applied to the current object inside the store's
// read-modify-write loop, so a concurrent write makes the patch re-apply, not fail.
// Server-side apply (application/apply-patch+yaml) also creates the object when it is absent.
import { mediaTypeOf, readBody } from '../http/body.js';
import { writeObject } from '../http/respond.js';
import {
  applyJsonPatch, applyMergePatch, applyServerSide, applyStrategicMergePatch, BUILTIN_PATCH_TYPES, compileCustomResourceSchema,
  CUSTOM_RESOURCE_PATCH_TYPES, PatchError, SchemaRegistry, unsupportedPatchType, type Atom, type JsonMap, type OpenApiSchema,
} from '../../patch/index.js';
import { CustomResourceStrategy } from '../../registry/customresources/index.js';
import type { KubeObject } from '../../registry/object.js';
import type { Store } from '../../registry/store.js';
import { StatusError, type Status } from '../../registry/statusError.js';
import { admitCreate } from '../admission/createAdmission.js';
import { admitCreateInNamespace } from '../admission/namespaceLifecycle.js';
import { admitUpdate } from '../admission/updateAdmission.js';
import { applyFieldValidation, customResourceUnknownFields, findPatchProblems, parseFieldValidation } from '../fieldValidation/index.js';
import { dryRun, fieldManager, flag, sendWarnings, type ApiRequest } from './request.js';
import { toScale, withReplicas } from './scale.js';
import { transformObject } from './transform.js';

const APPLY = 'application/apply-patch+yaml';
const schemas = SchemaRegistry.builtin();

function asStatusError(error: unknown): unknown {
  return error instanceof PatchError ? new StatusError(error.toStatus() as unknown as Status) : error;
}

/** The patched object, from the current one, by the request's (non-apply) patch type. */
function patched(current: KubeObject, type: string, body: Buffer, apiVersion: string, kind: string): KubeObject {
  switch (type) {
    case 'application/json-patch+json':
      return applyJsonPatch(current as unknown as JsonMap, body).object as unknown as KubeObject;
    case 'application/merge-patch+json':
      return applyMergePatch(current as unknown as JsonMap, body) as unknown as KubeObject;
    case 'application/strategic-merge-patch+json': {
      const schema = schemas.kind(apiVersion, kind);
      if (!schema) throw unsupportedPatchType(CUSTOM_RESOURCE_PATCH_TYPES);
      return applyStrategicMergePatch(current as unknown as JsonMap, body, schema.root) as unknown as KubeObject;
    }
    default:
      throw unsupportedPatchType(BUILTIN_PATCH_TYPES);
  }
}

/** Custom resources' types for server-side apply, compiled once per schema. */
const customResourceTypes = new WeakMap<object, Atom>();

/** A custom resource version's type (its structural schema), for server-side apply. */
function customResourceType(store: Store): Atom | undefined {
  if (!(store.strategy instanceof CustomResourceStrategy)) return undefined;
  const schema = store.strategy.schema;
  if (!schema) return undefined;
  let type = customResourceTypes.get(schema);
  if (!type) customResourceTypes.set(schema, (type = compileCustomResourceSchema(schema as OpenApiSchema)));
  return type;
}

function applied(store: Store, live: KubeObject | undefined, body: Buffer, r: ApiRequest, manager: string, scale = false): KubeObject {
  const schema = scale ? undefined : customResourceType(store);
  return applyServerSide(live as unknown as JsonMap | undefined, body.toString(), {
    apiVersion: scale ? 'autoscaling/v1' : store.apiVersion,
    kind: scale ? 'Scale' : store.info.kind,
    ...(schema ? { schema } : {}),
    subresource: r.info.subresource ?? '',
    manager,
    force: flag(r.query, 'force') ?? false,
    resetFields: store.resetFields(r.info.subresource),
    // its body's duplicate keys are judged before (patchObject), by the request's directive
    fieldValidation: 'Ignore',
  }).object as unknown as KubeObject;
}

export async function patchObject(r: ApiRequest): Promise<void> {
  const type = mediaTypeOf(r.request.headers['content-type']);
  const body = await readBody(r.request);
  const { store, info } = r;
  const scale = info.subresource === 'scale';
  const apply = type === APPLY;
  const manager = fieldManager(r);
  const mode = parseFieldValidation(r.query.getAll('fieldValidation'), 'patch');
  let warnings: string[] = [];
  if (apply && !r.query.get('fieldManager')) {
    throw StatusError.invalid('PatchOptions', 'meta.k8s.io', '', [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  }
  if (apply && mode !== 'Ignore') {
    const problems = findPatchProblems(type, body, undefined, store.apiVersion, store.info.kind);
    warnings = applyFieldValidation(mode, problems, { verb: 'patch', patchType: type, body }).warnings;
  }
  try {
    const options = { dryRun: dryRun(r.query), subresource: scale ? undefined : info.subresource, fieldManager: apply ? undefined : manager };
    let result: KubeObject;
    try {
      result = await store.guaranteedUpdate(info.namespace, info.name!, async (current) => {
        if (scale) {
          const view = toScale(store.info, current, true);
          const next = apply ? applied(store, view, body, r, manager, true) : patched(view, type, body, 'autoscaling/v1', 'Scale');
          const expected = next.metadata?.resourceVersion;
          if (expected && expected !== current.metadata.resourceVersion) throw StatusError.modified(store.target, info.name!);
          return withReplicas(store.info, current, next);
        }
        const next = apply ? applied(store, current, body, r, manager) : patched(current, type, body, store.apiVersion, store.info.kind);
        if (!apply && mode !== 'Ignore') {
          const problems = findPatchProblems(type, body, next as unknown as JsonMap, store.apiVersion, store.info.kind);
          const unknown = store.strategy.unknownFields?.(next);
          if (unknown) problems.push(...customResourceUnknownFields(next, unknown));
          warnings = applyFieldValidation(mode, problems, { verb: 'patch', patchType: type, body, patched: next as unknown as JsonMap }).warnings;
        }
        const expected = next.metadata?.resourceVersion;
        if (expected && expected !== current.metadata.resourceVersion) throw StatusError.modified(store.target, info.name!);
        if (!info.subresource) await admitUpdate(r.registries, store, next);
        return next;
      }, options);
    } catch (error) {
      // Server-side apply of an absent object creates it.
      if (!(apply && !info.subresource && error instanceof StatusError && error.code === 404)) throw error;
      const object = applied(store, undefined, body, r, manager);
      object.metadata.name ??= info.name;
      if (info.namespace !== undefined) await admitCreateInNamespace(r.registries, store, info.namespace, info.name);
      await admitCreate(r.registries, store, info.namespace, object, options.dryRun);
      const created = await store.create(info.namespace, object, { dryRun: options.dryRun });
      sendWarnings(r, warnings);
      return writeObject(r.response, 201, transformObject(store, created, r.format, 'Object'), r.format);
    }
    const answer = scale ? toScale(store.info, result) : transformObject(store, result, r.format, 'Object');
    sendWarnings(r, warnings);
    writeObject(r.response, 200, answer, r.format);
  } catch (error) {
    throw asStatusError(error);
  }
}
