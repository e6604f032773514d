// validation: kube-apiserver v1.33's validation of the kinds users write by hand (Pod and pod
// templates, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, Service, ConfigMap,
// Secret, Namespace, PersistentVolumeClaim, PersistentVolume, Ingress) and ObjectMeta rules for
// every kind, as pure functions returning upstream's field errors with its exact field paths
// and texts; invalidStatus() turns them into the 422 metav1.Status upstream answers with.
// Imports only src/api (types and the Go field facts); the store calls it, it calls nothing.
// ../tables reuses its Quantity and name formats (one way: nothing here imports ../tables).
export { validateCreate, validateUpdate, hasKindRules, type ValidateOptions } from './validate.js';
export { invalidStatus, invalidStatusFor, aggregateMessage, type InvalidStatus, type InvalidStatusCause } from './invalidStatus.js';
export {
  errorBody,
  errorString,
  required,
  invalid,
  notSupported,
  notFound,
  duplicate,
  forbidden,
  tooLong,
  tooMany,
  typeInvalid,
  internalError,
  OMIT_VALUE,
  type FieldError,
  type FieldErrorType,
} from './fieldErrors.js';
export { FieldPath } from './fieldPath.js';
export { GoValue, goQuote } from './goFormat.js';
export {
  validateObjectMeta,
  validateObjectMetaUpdate,
  nameIsDNSSubdomain,
  nameIsDNSLabel,
  nameIsDNS1035Label,
  type NameRule,
} from './objectMeta.js';
export {
  isDNS1123Label,
  isDNS1123Subdomain,
  isDNS1035Label,
  isQualifiedName,
  isValidLabelValue,
} from './formats.js';
export { labelSelectorAsSelector, validateLabelSelector, type LabelSelector, type Selector } from './labelSelector.js';
export {
  Quantity,
  QuantityParseError,
  tryParseQuantity,
  QUANTITY_FORMAT_ERROR,
  QUANTITY_SUFFIX_ERROR,
  QUANTITY_NUMERIC_ERROR,
} from '../../api/quantity.js';
export { validatePodCreate, validatePodUpdate, validatePodTemplateSpec } from './pod.js';
export { validateNamespaceFinalizeUpdate, validateNamespaceStatusUpdate } from './configAndNamespace.js';
export { cronScheduleError } from './cronSchedule.js';
export { semanticEqual, GoType } from './semantic.js';
export type { KubeObject } from './types.js';
