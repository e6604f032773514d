// apps/v1 workloads: Deployment, ReplicaSet, StatefulSet, DaemonSet. Spec rules (selector
// present, non-empty and matching the template labels, strategies, int-or-percent values,
// template restart policy) and the update rules (selector immutable; StatefulSet spec mostly
// immutable).
import type { PodValidationOptions } from './containers.js';
import { forbidden, invalid, notSupported, required, type FieldError } from './fieldErrors.js';
import { FieldPath } from './fieldPath.js';
import { isValidPercent } from './formats.js';
import { GoValue, goIntOrString, goLabelSelector, goPointer, goQuote, goStringMap, goStruct } from './goFormat.js';
import { labelSelectorAsSelector, validateLabels, validateLabelSelector, type LabelSelector } from './labelSelector.js';
import {
  FIELD_IMMUTABLE,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateAnnotations,
  validateNonnegativeField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './objectMeta.js';
import { podValidationOptionsFor, validatePodTemplateSpec } from './pod.js';
import { validatePodSpecificAnnotations } from './podSpec.js';
import { GoType, semanticEqual } from './semantic.js';
import type { DaemonSet, Deployment, PodSpec, PodTemplateSpec, ReplicaSet, StatefulSet } from './types.js';

type IntOrString = number | string | undefined | null;

function intOrStringValue(value: IntOrString): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (isValidPercent(value).length === 0) return Number(value.slice(0, -1));
    return /^[+-]?\d+$/.test(value) ? Number(value) : 0;
  }
  return 0;
}

/** ValidatePositiveIntOrPercent. */
export function validatePositiveIntOrPercent(value: IntOrString, path: FieldPath): FieldError[] {
  if (typeof value === 'string') return isValidPercent(value).map((m) => invalid(path, goIntOrString(value), m));
  return validateNonnegativeField(value ?? 0, path);
}

function isNotMoreThan100Percent(value: IntOrString, path: FieldPath): FieldError[] {
  if (typeof value !== 'string' || isValidPercent(value).length > 0) return [];
  return Number(value.slice(0, -1)) <= 100 ? [] : [invalid(path, goIntOrString(value), 'must not be greater than 100%')];
}

/** The selector checks shared by Deployments, ReplicaSets and StatefulSets. */
function validateWorkloadSelector(selector: LabelSelector | undefined, kind: string, path: FieldPath): FieldError[] {
  if (!selector) return [required(path)];
  const errs = validateLabelSelector(selector, { allowInvalidLabelValueInSelector: false }, path);
  if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
    errs.push(invalid(path, goLabelSelector(selector), `empty selector is invalid for ${kind}`));
  }
  return errs;
}

function validateTemplateForReplicaSet(
  template: PodTemplateSpec | undefined,
  selector: LabelSelector | undefined,
  kind: string,
  path: FieldPath,
  opts: PodValidationOptions,
): FieldError[] {
  const sel = labelSelectorAsSelector(selector);
  if (!sel) return [invalid(FieldPath.of('spec', 'selector'), goLabelSelector(selector), 'invalid label selector')];
  const errs: FieldError[] = [];
  const labels = template?.metadata?.labels;
  if (!sel.empty && !sel.matches(labels)) {
    errs.push(invalid(path.child('metadata', 'labels'), goStringMap(labels ?? null), '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplateSpec(template, path, opts));
  errs.push(...templateRestartRules(template?.spec, kind, path));
  return errs;
}

function templateRestartRules(spec: PodSpec | undefined, kind: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const restartPolicy = spec?.restartPolicy ?? '';
  if (restartPolicy !== 'Always') errs.push(notSupported(path.child('spec', 'restartPolicy'), restartPolicy, ['Always']));
  if (spec?.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    errs.push(forbidden(path.child('spec', 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${kind} is not Supported`));
  }
  return errs;
}

type DeploymentSpec = NonNullable<Deployment['spec']>;

function goDeploymentStrategy(strategy: DeploymentSpec['strategy']): GoValue {
  return goStruct('apps.DeploymentStrategy', [
    ['Type', goQuote(strategy?.type ?? '')],
    ['RollingUpdate', goPointer('apps.RollingUpdateDeployment', Boolean(strategy?.rollingUpdate))],
  ]);
}

function validateDeploymentSpec(spec: DeploymentSpec | undefined, path: FieldPath, opts: PodValidationOptions): FieldError[] {
  const s = spec ?? ({} as DeploymentSpec);
  const errs = validateNonnegativeField(s.replicas ?? 0, path.child('replicas'));
  errs.push(...validateWorkloadSelector(s.selector, 'deployment', path.child('selector')));
  errs.push(...validateTemplateForReplicaSet(s.template, s.selector, 'ReplicaSet', path.child('template'), opts));
  const strategy = s.strategy;
  const strategyPath = path.child('strategy');
  switch (strategy?.type) {
    case 'Recreate':
      if (strategy.rollingUpdate) errs.push(forbidden(strategyPath.child('rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'"));
      break;
    case 'RollingUpdate': {
      const ru = strategy.rollingUpdate;
      if (!ru) {
        errs.push(required(strategyPath.child('rollingUpdate'), 'this should be defaulted and never be nil'));
        break;
      }
      const ruPath = strategyPath.child('rollingUpdate');
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, ruPath.child('maxUnavailable')));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, ruPath.child('maxSurge')));
      if (intOrStringValue(ru.maxUnavailable) === 0 && intOrStringValue(ru.maxSurge) === 0) {
        errs.push(invalid(ruPath.child('maxUnavailable'), goIntOrString(ru.maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
      }
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, ruPath.child('maxUnavailable')));
      break;
    }
    default:
      errs.push(notSupported(strategyPath, goDeploymentStrategy(strategy), ['Recreate', 'RollingUpdate']));
  }
  errs.push(...validateNonnegativeField(s.minReadySeconds ?? 0, path.child('minReadySeconds')));
  if (s.revisionHistoryLimit !== undefined && s.revisionHistoryLimit !== null) {
    errs.push(...validateNonnegativeField(s.revisionHistoryLimit, path.child('revisionHistoryLimit')));
  }
  if (s.progressDeadlineSeconds !== undefined && s.progressDeadlineSeconds !== null) {
    errs.push(...validateNonnegativeField(s.progressDeadlineSeconds, path.child('progressDeadlineSeconds')));
    if (s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0)) {
      errs.push(invalid(path.child('progressDeadlineSeconds'), s.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

function selectorImmutable(selector: LabelSelector | undefined, old: LabelSelector | undefined): FieldError[] {
  if (semanticEqual(selector, old, GoType.LabelSelector) && Boolean(selector) === Boolean(old)) return [];
  return [invalid(FieldPath.of('spec').child('selector'), selector ? goLabelSelector(selector) : null, FIELD_IMMUTABLE)];
}

export function validateDeployment(d: Deployment): FieldError[] {
  const opts = podValidationOptionsFor(d.spec?.template?.spec, undefined, false);
  return [...validateObjectMeta(d.metadata, true, nameIsDNSSubdomain), ...validateDeploymentSpec(d.spec, FieldPath.of('spec'), opts)];
}

export function validateDeploymentUpdate(d: Deployment, old: Deployment): FieldError[] {
  const opts = podValidationOptionsFor(d.spec?.template?.spec, old.spec?.template?.spec, false);
  return [
    ...validateObjectMetaUpdate(d.metadata, old.metadata),
    ...validateDeploymentSpec(d.spec, FieldPath.of('spec'), opts),
    ...selectorImmutable(d.spec?.selector, old.spec?.selector),
  ];
}

type ReplicaSetSpec = NonNullable<ReplicaSet['spec']>;

function validateReplicaSetSpec(spec: ReplicaSetSpec | undefined, path: FieldPath, opts: PodValidationOptions): FieldError[] {
  const s = spec ?? ({} as ReplicaSetSpec);
  const errs = validateNonnegativeField(s.replicas ?? 0, path.child('replicas'));
  errs.push(...validateNonnegativeField(s.minReadySeconds ?? 0, path.child('minReadySeconds')));
  errs.push(...validateWorkloadSelector(s.selector, 'deployment', path.child('selector')));
  errs.push(...validateTemplateForReplicaSet(s.template, s.selector, 'ReplicaSet', path.child('template'), opts));
  return errs;
}

export function validateReplicaSet(rs: ReplicaSet, opts = podValidationOptionsFor(rs.spec?.template?.spec, undefined, false)): FieldError[] {
  return [...validateObjectMeta(rs.metadata, true, nameIsDNSSubdomain), ...validateReplicaSetSpec(rs.spec, FieldPath.of('spec'), opts)];
}

export function validateReplicaSetUpdate(rs: ReplicaSet, old: ReplicaSet): FieldError[] {
  const opts = podValidationOptionsFor(rs.spec?.template?.spec, old.spec?.template?.spec, false);
  return [
    ...validateReplicaSet(rs, opts),
    ...validateObjectMetaUpdate(rs.metadata, old.metadata),
    ...validateReplicaSetSpec(rs.spec, FieldPath.of('spec'), opts),
    ...selectorImmutable(rs.spec?.selector, old.spec?.selector),
  ];
}

type StatefulSetSpec = NonNullable<StatefulSet['spec']>;

function goStatefulSetStrategy(strategy: StatefulSetSpec['updateStrategy']): GoValue {
  return goStruct('apps.StatefulSetUpdateStrategy', [
    ['Type', goQuote(strategy?.type ?? '')],
    ['RollingUpdate', goPointer('apps.RollingUpdateStatefulSetStrategy', Boolean(strategy?.rollingUpdate))],
  ]);
}

function validateStatefulSetSpec(spec: StatefulSetSpec | undefined, path: FieldPath, opts: PodValidationOptions, allowInvalidServiceName: boolean): FieldError[] {
  const s = spec ?? ({} as StatefulSetSpec);
  const errs: FieldError[] = [];
  const pmp = s.podManagementPolicy ?? '';
  if (pmp === '') errs.push(required(path.child('podManagementPolicy')));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') errs.push(invalid(path.child('podManagementPolicy'), pmp, "must be 'OrderedReady' or 'Parallel'"));
  const strategy = s.updateStrategy;
  switch (strategy?.type ?? '') {
    case '':
      errs.push(required(path.child('updateStrategy')));
      break;
    case 'OnDelete':
      if (strategy?.rollingUpdate) {
        const ru = strategy.rollingUpdate;
        const value = goStruct('apps.RollingUpdateStatefulSetStrategy', [
          ['Partition', String(ru.partition ?? 0)],
          ['MaxUnavailable', goPointer('intstr.IntOrString', ru.maxUnavailable !== undefined && ru.maxUnavailable !== null)],
        ]);
        errs.push(invalid(path.child('updateStrategy').child('rollingUpdate'), value, "only allowed for updateStrategy 'RollingUpdate'"));
      }
      break;
    case 'RollingUpdate': {
      const ru = strategy?.rollingUpdate;
      if (ru) {
        const ruPath = path.child('updateStrategy', 'rollingUpdate');
        errs.push(...validateNonnegativeField(ru.partition ?? 0, ruPath.child('partition')));
        if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) {
          const p = ruPath.child('maxUnavailable');
          errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, p));
          if (intOrStringValue(ru.maxUnavailable) === 0) errs.push(invalid(p, goIntOrString(ru.maxUnavailable), 'cannot be 0'));
          errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, p));
        }
      }
      break;
    }
    default:
      errs.push(invalid(path.child('updateStrategy'), goStatefulSetStrategy(strategy), "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const retention = s.persistentVolumeClaimRetentionPolicy;
  if (retention) {
    for (const f of ['whenDeleted', 'whenScaled'] as const) {
      const v = retention[f] ?? '';
      if (v !== 'Retain' && v !== 'Delete') errs.push(notSupported(path.child('persistentVolumeClaimRetentionPolicy').child(f), v, ['Retain', 'Delete']));
    }
  }
  errs.push(...validateNonnegativeField(s.replicas ?? 0, path.child('replicas')));
  errs.push(...validateNonnegativeField(s.minReadySeconds ?? 0, path.child('minReadySeconds')));
  if (s.ordinals) errs.push(...validateNonnegativeField(s.ordinals.start ?? 0, path.child('ordinals.start')));
  if (!allowInvalidServiceName && s.serviceName) {
    errs.push(...nameIsDNSLabel(s.serviceName, false).map((m) => invalid(path.child('serviceName'), s.serviceName, m)));
  }
  errs.push(...validateWorkloadSelector(s.selector, 'statefulset', path.child('selector')));
  const sel = labelSelectorAsSelector(s.selector);
  if (!sel) {
    errs.push(invalid(path.child('selector'), goLabelSelector(s.selector), ''));
  } else {
    const tPath = path.child('template');
    const meta = s.template?.metadata ?? {};
    if (!sel.empty && !sel.matches(meta.labels)) {
      errs.push(invalid(tPath.child('metadata', 'labels'), goStringMap(meta.labels ?? null), '`selector` does not match template `labels`'));
    }
    errs.push(...validateLabels(meta.labels, tPath.child('labels')));
    errs.push(...validateAnnotations(meta.annotations, tPath.child('annotations')));
    errs.push(...validatePodSpecificAnnotations(meta.annotations, s.template?.spec ?? ({} as PodSpec), tPath.child('annotations'), opts));
  }
  errs.push(...templateRestartRules(s.template?.spec, 'StatefulSet', path.child('template')));
  return errs;
}

export function validateStatefulSet(ss: StatefulSet): FieldError[] {
  const opts = podValidationOptionsFor(ss.spec?.template?.spec, undefined, false);
  return [...validateObjectMeta(ss.metadata, true, nameIsDNSLabel), ...validateStatefulSetSpec(ss.spec, FieldPath.of('spec'), opts, false)];
}

export function validateStatefulSetUpdate(ss: StatefulSet, old: StatefulSet): FieldError[] {
  const opts = podValidationOptionsFor(ss.spec?.template?.spec, old.spec?.template?.spec, false);
  const errs = [...validateObjectMetaUpdate(ss.metadata, old.metadata), ...validateStatefulSetSpec(ss.spec, FieldPath.of('spec'), opts, true)];
  const next = { ...(ss.spec ?? {}) } as Record<string, unknown>;
  const prev = (old.spec ?? {}) as Record<string, unknown>;
  for (const f of ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy']) {
    next[f] = prev[f];
  }
  if (!semanticEqual(next, prev, GoType.StatefulSetSpec)) {
    errs.push(
      forbidden(
        FieldPath.of('spec'),
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return errs;
}

type DaemonSetSpec = NonNullable<DaemonSet['spec']>;

function validateDaemonSetSpec(spec: DaemonSetSpec | undefined, path: FieldPath, opts: PodValidationOptions): FieldError[] {
  const s = spec ?? ({} as DaemonSetSpec);
  const errs = validateLabelSelector(s.selector, { allowInvalidLabelValueInSelector: opts.allowInvalidLabelValueInSelector }, path.child('selector'));
  const sel = labelSelectorAsSelector(s.selector);
  const labels = s.template?.metadata?.labels;
  if (sel && !sel.matches(labels)) {
    errs.push(invalid(path.child('template', 'metadata', 'labels'), goStringMap(labels ?? null), '`selector` does not match template `labels`'));
  }
  if (s.selector && Object.keys(s.selector.matchLabels ?? {}).length + (s.selector.matchExpressions ?? []).length === 0) {
    errs.push(invalid(path.child('selector'), goLabelSelector(s.selector), 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(s.template, path.child('template'), opts));
  errs.push(...templateRestartRules(s.template?.spec, 'DaemonSet', path.child('template')));
  errs.push(...validateNonnegativeField(s.minReadySeconds ?? 0, path.child('minReadySeconds')));
  const strategy = s.updateStrategy;
  const sPath = path.child('updateStrategy');
  switch (strategy?.type) {
    case 'OnDelete':
      break;
    case 'RollingUpdate': {
      const ru = strategy.rollingUpdate;
      if (!ru) {
        errs.push(required(sPath.child('rollingUpdate')));
        break;
      }
      const ruPath = sPath.child('rollingUpdate');
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, ruPath.child('maxUnavailable')));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, ruPath.child('maxSurge')));
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, ruPath.child('maxUnavailable')));
      errs.push(...isNotMoreThan100Percent(ru.maxSurge, ruPath.child('maxSurge')));
      const hasUnavailable = intOrStringValue(ru.maxUnavailable) !== 0;
      const hasSurge = intOrStringValue(ru.maxSurge) !== 0;
      if (hasUnavailable && hasSurge) errs.push(invalid(ruPath.child('maxSurge'), goIntOrString(ru.maxSurge), 'may not be set when maxUnavailable is non-zero'));
      if (!hasUnavailable && !hasSurge) errs.push(required(ruPath.child('maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
      break;
    }
    default:
      errs.push(
        notSupported(
          sPath,
          goStruct('apps.DaemonSetUpdateStrategy', [
            ['Type', goQuote(strategy?.type ?? '')],
            ['RollingUpdate', goPointer('apps.RollingUpdateDaemonSet', Boolean(strategy?.rollingUpdate))],
          ]),
          ['RollingUpdate', 'OnDelete'],
        ),
      );
  }
  if (s.revisionHistoryLimit !== undefined && s.revisionHistoryLimit !== null) {
    errs.push(...validateNonnegativeField(s.revisionHistoryLimit, path.child('revisionHistoryLimit')));
  }
  return errs;
}

export function validateDaemonSet(ds: DaemonSet, opts = podValidationOptionsFor(ds.spec?.template?.spec, undefined, false)): FieldError[] {
  return [...validateObjectMeta(ds.metadata, true, nameIsDNSSubdomain), ...validateDaemonSetSpec(ds.spec, FieldPath.of('spec'), opts)];
}

export function validateDaemonSetUpdate(ds: DaemonSet, old: DaemonSet): FieldError[] {
  const opts = podValidationOptionsFor(ds.spec?.template?.spec, old.spec?.template?.spec, false);
  const oldSelectorInvalid = (old.spec?.selector?.matchExpressions ?? []).some((e) =>
    (e.values ?? []).some((v) => validateLabels({ k: v }, FieldPath.of('x')).length > 0),
  );
  opts.allowInvalidLabelValueInSelector ||= oldSelectorInvalid;
  return [
    ...validateDaemonSet(ds, opts),
    ...validateObjectMetaUpdate(ds.metadata, old.metadata),
    ...validateDaemonSetSpec(ds.spec, FieldPath.of('spec'), opts),
    ...selectorImmutable(ds.spec?.selector, old.spec?.selector),
  ];
}

