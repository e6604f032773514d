// PATCH in its four content types, applied to the current object inside the store's
// read-modify-write loop, so a concurrent write makes the patch re-apply, not fail.
import { mediaTypeOf, readBody } from '../http/body.js';
import { writeObject } from '../http/respond.js';
import {
  applyJsonPatch, applyMergePatch, BUILTIN_PATCH_TYPES, CUSTOM_RESOURCE_PATCH_TYPES, applyStrategicMergePatch, PatchError, SchemaRegistry, unsupportedPatchType,
  type JsonMap,
} from '../../patch/index.js';
import type { KubeObject } from '../../registry/object.js';
import { StatusError, type Status } from '../../registry/statusError.js';
import { dryRun, type ApiRequest } from './request.js';
import { toScale } from './scale.js';
import { transformObject } from './transform.js';

const schemas = SchemaRegistry.builtin();

function asStatusError(error: unknown): unknown {
  return error instanceof PatchError ? new StatusError(error.toStatus() as unknown as Status) : error;
}

/** The patched object, from the current one, by the request's patch type. */
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

export async function patchObject(r: ApiRequest): Promise<void> {
  const type = mediaTypeOf(r.request.headers['content-type']);
  const body = await readBody(r.request);
  const { store, info } = r;
  const scale = info.subresource === 'scale';
  try {
    const result = await store.guaranteedUpdate(info.namespace, info.name!, async (current) => {
      if (scale) {
        const view = toScale(current);
        const next = patched(view, type, body, 'autoscaling/v1', 'Scale');
        const replicas = (next.spec as { replicas?: number } | undefined)?.replicas;
        return { ...current, spec: { ...(current.spec as object), replicas } };
      }
      const next = patched(current, type, body, store.apiVersion, store.info.kind);
      const expected = next.metadata?.resourceVersion;
      if (expected && expected !== current.metadata.resourceVersion) throw StatusError.modified(store.target, info.name!);
      return next;
    }, { dryRun: dryRun(r.query), subresource: scale ? undefined : info.subresource });
    const answer = scale ? toScale(result) : transformObject(store, result, r.format, 'Object');
    writeObject(r.response, 200, answer, r.format);
  } catch (error) {
    throw asStatusError(error);
  }
}
