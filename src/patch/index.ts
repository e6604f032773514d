// patch: the four PATCH content types and server-side apply, as pure functions over JSON objects
// that the API server's PATCH handler (and every create/update, for managedFields) calls.
//   application/json-patch+json            applyJsonPatch        (jsonPatch.ts)
//   application/merge-patch+json           applyMergePatch       (mergePatch.ts)
//   application/strategic-merge-patch+json applyStrategicMergePatch (strategicMergePatch.ts)
//   application/apply-patch+yaml           applyServerSide       (fieldManager.ts)
// and updateManagedFields for the field ownership every non-apply write records. Types and
// merge keys come from the kinds' OpenAPI v3 schemas (openapiSchema.ts), compiled once per group
// version. Failures are thrown as PatchError carrying the upstream code, reason and message.
// It imports nothing of kubets but src/api.
export {
  PatchError,
  badRequest,
  unsupportedPatchType,
  BUILTIN_PATCH_TYPES,
  CUSTOM_RESOURCE_PATCH_TYPES,
} from './patchError.js';
export type { StatusCause, StatusDetails, StatusObject } from './patchError.js';
export type { JsonMap, JsonValue } from './jsonValue.js';
export { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './jsonPatch.js';
export type { FieldValidation, JsonPatchResult } from './jsonPatch.js';
export { applyMergePatch } from './mergePatch.js';
export { applyStrategicMergePatch, decodeStrategicMergePatch } from './strategicMergePatch.js';
export {
  SchemaRegistry,
  SchemaCompiler,
  compileStructuralSchema,
  compileCustomResourceSchema,
  openApiV3FileName,
  kindDefinitions,
  UNTYPED_ATOM,
  DEDUCED_ATOM,
} from './openapiSchema.js';
export type {
  Atom,
  KindSchema,
  ListType,
  MapType,
  OpenApiDocumentLoader,
  OpenApiSchema,
  OpenApiV3Document,
  ScalarType,
  StructField,
} from './openapiSchema.js';
export {
  applyServerSide,
  updateManagedFields,
  fieldManagerName,
  applyConflictError,
  LAST_APPLIED_ANNOTATION,
  MAX_UPDATE_MANAGERS,
  FIELD_MANAGER_MAX_LENGTH,
} from './fieldManager.js';
export type { ApplyOptions, ApplyResult, FieldManagerOptions } from './fieldManager.js';
export { FieldSet } from './fieldSet.js';
export { pathToString } from './fieldPath.js';
export type { Path, PathElement } from './fieldPath.js';
export { decodeManagedFields, encodeManagedFields, managerIdentifier } from './managedFields.js';
export type { ManagedFieldsEntry, Managed, VersionedSet } from './managedFields.js';
export { goZeroObject } from './goZeroValue.js';
