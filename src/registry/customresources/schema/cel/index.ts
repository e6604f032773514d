// cel: the x-kubernetes-validations rules of CustomResourceDefinition schemas, in CEL with
// the Kubernetes libraries (@marcbachmann/cel-js underneath). Rules are type-checked against
// the schema and compiled once per schema object; validateRules runs them against custom
// objects (create, update, status update) with upstream's field errors; ruleCompilationErrors
// refuses definitions whose rules do not compile. May import the CEL library, the schema
// types and the registry's field errors; nothing of the apiserver.
export { validateRules, hasValidationRules } from './evaluate.js';
export { ruleCompilationErrors, ruleCompilationCauses } from './definitionRules.js';
export type { ValidationRule } from './compile.js';
