// schema: what a CustomResourceDefinition version's structural schema (openAPIV3Schema) does
// to the objects written: validation with upstream's field errors, pruning of unknown fields,
// and defaulting, and the x-kubernetes-validations (CEL) rules of cel/.
export { validateAgainstSchema, validateCustomObject, jsonEqual } from './validation.js';
export { ruleCompilationErrors, ruleCompilationCauses } from './cel/index.js';
export { prune } from './pruning.js';
export { applySchemaDefaults } from './defaulting.js';
export { checkFormat } from './formats.js';
export type { JSONSchemaProps } from './types.js';
