// The entry points the generic store calls: validateCreate and validateUpdate by apiVersion and
// kind, returning upstream's field errors (empty when valid). Kinds without specific rules get
// ObjectMeta validation with their upstream name rule.
import { validateDaemonSet, validateDaemonSetUpdate, validateDeployment, validateDeploymentUpdate, validateReplicaSet, validateReplicaSetUpdate, validateStatefulSet, validateStatefulSetUpdate } from './apps.js';
import { validateCronJob, validateCronJobUpdate, validateJob, validateJobUpdate } from './batch.js';
import {
  validateConfigMap,
  validateConfigMapUpdate,
  validateNamespace,
  validateNamespaceUpdate,
  validateSecret,
  validateSecretUpdate,
} from './configAndNamespace.js';
import type { FieldError } from './fieldErrors.js';
import { FieldPath } from './fieldPath.js';
import { validateIngressCreate, validateIngressUpdate } from './ingress.js';
import {
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  nameIsPathSegment,
  validateObjectMeta,
  validateObjectMetaUpdate,
  type NameRule,
  type ObjectMeta,
} from './objectMeta.js';
import {
  validatePersistentVolume,
  validatePersistentVolumeClaim,
  validatePersistentVolumeClaimUpdate,
  validatePersistentVolumeUpdate,
} from './persistentVolume.js';
import { validatePodCreate, validatePodUpdate } from './pod.js';
import { validatePriorityClass, validatePriorityClassUpdate } from './priorityClass.js';
import { validateServiceCreate, validateServiceUpdate } from './service.js';
import type { KubeObject } from './types.js';

type Validator = (object: never) => FieldError[];
type UpdateValidator = (object: never, old: never) => FieldError[];

interface KindRules {
  create: Validator;
  update: UpdateValidator;
  /** Cluster-scoped kinds set this to false. */
  namespaced?: boolean;
}

const rules: Record<string, KindRules> = {
  'v1/Pod': { create: validatePodCreate as Validator, update: validatePodUpdate as UpdateValidator },
  'v1/Service': { create: validateServiceCreate as Validator, update: validateServiceUpdate as UpdateValidator },
  'v1/ConfigMap': { create: validateConfigMap as Validator, update: validateConfigMapUpdate as UpdateValidator },
  'v1/Secret': { create: validateSecret as Validator, update: validateSecretUpdate as UpdateValidator },
  'v1/Namespace': { create: validateNamespace as Validator, update: validateNamespaceUpdate as UpdateValidator, namespaced: false },
  'v1/PersistentVolumeClaim': {
    create: validatePersistentVolumeClaim as Validator,
    update: validatePersistentVolumeClaimUpdate as UpdateValidator,
  },
  'v1/PersistentVolume': {
    create: validatePersistentVolume as Validator,
    update: validatePersistentVolumeUpdate as UpdateValidator,
    namespaced: false,
  },
  'apps/v1/Deployment': { create: validateDeployment as Validator, update: validateDeploymentUpdate as UpdateValidator },
  'apps/v1/ReplicaSet': { create: ((o: never) => validateReplicaSet(o)) as Validator, update: validateReplicaSetUpdate as UpdateValidator },
  'apps/v1/StatefulSet': { create: validateStatefulSet as Validator, update: validateStatefulSetUpdate as UpdateValidator },
  'apps/v1/DaemonSet': { create: ((o: never) => validateDaemonSet(o)) as Validator, update: validateDaemonSetUpdate as UpdateValidator },
  'batch/v1/Job': { create: ((o: never) => validateJob(o)) as Validator, update: validateJobUpdate as UpdateValidator },
  'batch/v1/CronJob': { create: validateCronJob as Validator, update: validateCronJobUpdate as UpdateValidator },
  'networking.k8s.io/v1/Ingress': { create: validateIngressCreate as Validator, update: validateIngressUpdate as UpdateValidator },
  'scheduling.k8s.io/v1/PriorityClass': { create: validatePriorityClass as Validator, update: validatePriorityClassUpdate as UpdateValidator, namespaced: false },
};

/** Name rule and scope of kinds validated by ObjectMeta only: [rule, namespaced]. */
const metaOnly: Record<string, [NameRule, boolean]> = {
  'v1/ServiceAccount': [nameIsDNSSubdomain, true],
  'v1/Endpoints': [nameIsDNSSubdomain, true],
  'v1/ReplicationController': [nameIsDNSSubdomain, true],
  'v1/PodTemplate': [nameIsDNSSubdomain, true],
  'v1/ResourceQuota': [nameIsDNSSubdomain, true],
  'v1/LimitRange': [nameIsDNSSubdomain, true],
  'v1/Event': [nameIsDNSSubdomain, true],
  'v1/Node': [nameIsDNSSubdomain, false],
  'apps/v1/ControllerRevision': [nameIsDNSSubdomain, true],
  'networking.k8s.io/v1/NetworkPolicy': [nameIsDNSSubdomain, true],
  'networking.k8s.io/v1/IngressClass': [nameIsDNSSubdomain, false],
  'discovery.k8s.io/v1/EndpointSlice': [nameIsDNSSubdomain, true],
  'policy/v1/PodDisruptionBudget': [nameIsDNSSubdomain, true],
  'autoscaling/v1/HorizontalPodAutoscaler': [nameIsPathSegment, true],
  'autoscaling/v2/HorizontalPodAutoscaler': [nameIsPathSegment, true],
  'rbac.authorization.k8s.io/v1/Role': [nameIsPathSegment, true],
  'rbac.authorization.k8s.io/v1/RoleBinding': [nameIsPathSegment, true],
  'rbac.authorization.k8s.io/v1/ClusterRole': [nameIsPathSegment, false],
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': [nameIsPathSegment, false],
  'storage.k8s.io/v1/StorageClass': [nameIsDNSSubdomain, false],
  'coordination.k8s.io/v1/Lease': [nameIsDNSSubdomain, true],
};

export interface ValidateOptions {
  /** For kinds without rules here: whether the kind is namespaced (default: has metadata.namespace). */
  namespaced?: boolean;
  /** For kinds without rules here: the name rule (default: DNS-1123 subdomain). */
  nameRule?: 'subdomain' | 'label' | 'dns1035' | 'pathSegment';
}

const nameRules: Record<NonNullable<ValidateOptions['nameRule']>, NameRule> = {
  subdomain: nameIsDNSSubdomain,
  label: nameIsDNSLabel,
  dns1035: nameIsDNS1035Label,
  pathSegment: nameIsPathSegment,
};

function metaRuleFor(key: string, object: KubeObject, options: ValidateOptions): [NameRule, boolean] {
  const known = metaOnly[key];
  if (known) return known;
  const rule = nameRules[options.nameRule ?? 'subdomain'];
  const namespaced = options.namespaced ?? Boolean((object.metadata as ObjectMeta | undefined)?.namespace);
  return [rule, namespaced];
}

/** Field errors for creating `object` (already defaulted, as the API server validates after defaulting). */
export function validateCreate(apiVersion: string, kind: string, object: KubeObject, options: ValidateOptions = {}): FieldError[] {
  const key = `${apiVersion}/${kind}`;
  const kindRules = rules[key];
  const meta = object.metadata as ObjectMeta | undefined;
  let errs: FieldError[];
  let namespaced: boolean;
  if (kindRules) {
    errs = kindRules.create(object as never);
    namespaced = kindRules.namespaced ?? true;
  } else {
    const [rule, ns] = metaRuleFor(key, object, options);
    errs = validateObjectMeta(meta, ns, rule, FieldPath.of('metadata'));
    namespaced = ns;
  }
  if (errs.length > 0) return errs;
  // the generic store's common check runs only once the kind's own validation passed
  return validateObjectMeta(meta, namespaced, nameIsPathSegment, FieldPath.of('metadata'), false);
}

/** Field errors for replacing `oldObject` by `object` (both defaulted). */
export function validateUpdate(
  apiVersion: string,
  kind: string,
  object: KubeObject,
  oldObject: KubeObject,
  options: ValidateOptions = {},
): FieldError[] {
  const key = `${apiVersion}/${kind}`;
  const kindRules = rules[key];
  const meta = object.metadata as ObjectMeta | undefined;
  const oldMeta = oldObject.metadata as ObjectMeta | undefined;
  const [rule, metaNamespaced] = metaRuleFor(key, object, options);
  const namespaced = kindRules ? (kindRules.namespaced ?? true) : metaNamespaced;
  // the generic store validates the common metadata first (rest.BeforeUpdate), then the kind
  const common = [
    ...validateObjectMeta(meta, namespaced, nameIsPathSegment, FieldPath.of('metadata'), false),
    ...validateObjectMetaUpdate(meta, oldMeta, FieldPath.of('metadata'), false),
  ];
  if (kindRules) return [...common, ...kindRules.update(object as never, oldObject as never)];
  return [...common, ...validateObjectMetaUpdate(meta, oldMeta), ...validateObjectMeta(meta, metaNamespaced, rule, FieldPath.of('metadata'))];
}

/** Whether validateCreate/validateUpdate have kind-specific rules for this apiVersion and kind. */
export function hasKindRules(apiVersion: string, kind: string): boolean {
  return `${apiVersion}/${kind}` in rules;
}

