// fieldValidation: the `fieldValidation` query parameter of create (POST), update (PUT) and
// patch (PATCH) requests, as kube-apiserver v1.33 applies it. A pure module the write handlers
// call with the raw body; it never parses the object for them.
//
//   const mode = parseFieldValidation(query.fieldValidation, 'create');   // Warn when absent
//   const problems = findFieldProblems(body, contentType, apiVersion, kind);
//   const { warnings } = applyFieldValidation(mode, problems, { verb: 'create', kind, version });
//   for (const w of warnings) recorder.add(w);   // → `Warning: 299 - "unknown field \"spec.foo\""`
//
// Problems are the strict decoder's errors, in upstream's order and words:
//   unknown field "spec.template.spec.containers[0].imagePullPolicyy"
//   duplicate field "metadata.name"
//   yaml: unmarshal errors:\n  line 5: key "name" already set in map        (YAML bodies)
//   json patch unknown field "[0].foo"                                      (JSON patch operations)
// Strict turns them into `strict decoding error: <problems joined by ", ">` inside a 400
// BadRequest (create, update: `Deployment in version "v1" cannot be handled as a Deployment:
// ...`; apply: `error strict decoding YAML: ...`) or a 422 Invalid (json, merge and strategic
// merge patches: ` "" is invalid: patch: Invalid value: "...": ...`). Warn turns each into a
// Warning header text (a YAML duplicate-key error into one per line); Ignore drops them.
// Unknown fields are judged against the Go types of the built-in kinds (decodeSchema.ts, from
// the upstream OpenAPI v3 documents); protobuf bodies have neither problem; kinds without a
// schema (custom resources) get their duplicate fields from these, and their unknown fields
// (metadata's, then what their structural schema prunes) from customResourceUnknownFields.
export {
  parseFieldValidation,
  findFieldProblems,
  findPatchProblems,
  customResourceUnknownFields,
  applyFieldValidation,
  JSON_PATCH,
  MERGE_PATCH,
  STRATEGIC_MERGE_PATCH,
  APPLY_PATCH,
} from './fieldValidation.js';
export type { FieldValidationMode, FieldValidationContext, WriteVerb } from './fieldValidation.js';
export { warningHeaderValue, WarningRecorder, WARNING_TOTAL_RUNES, WARNING_ITEM_RUNES } from './warnings.js';
export { ShapeRegistry, ShapeCompiler, ANY, OPAQUE } from './decodeSchema.js';
export type { Shape } from './decodeSchema.js';
export { strictJsonFindings, findingText, MAX_STRICT_ERRORS } from './strictJson.js';
export type { StrictFinding } from './strictJson.js';
export { yamlDuplicateLines } from './yamlStrict.js';
export { goQuote } from './goText.js';
