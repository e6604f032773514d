// batch/v1: Job and CronJob. Job: the generated selector and its labels, parallelism and
// completions, indexed jobs, pod failure and success policies, the template's restart policy
// (OnFailure or Never); on update the selector, template, completion mode and policies are
// immutable. CronJob: schedule (robfig/cron syntax), time zone, concurrency policy, history
// limits, and a job template whose selector is generated.
import type { PodValidationOptions } from './containers.js';
import { cronScheduleError, isKnownTimeZone } from './cronSchedule.js';
import {
  duplicate,
  invalid,
  notSupported,
  OMIT_VALUE,
  required,
  tooLong,
  tooMany,
  type FieldError,
} from './fieldErrors.js';
import { FieldPath } from './fieldPath.js';
import { isDNS1123Label, isDomainPrefixedPath, isQualifiedName } from './formats.js';
import { goLabelSelector, goNumberSlice, goStringMap } from './goFormat.js';
import { goDump } from './goDump.js';
import { labelSelectorAsSelector, validateLabelSelector } from './labelSelector.js';
import {
  FIELD_IMMUTABLE,
  nameIsDNSSubdomain,
  validateNonnegativeField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './objectMeta.js';
import { podValidationOptionsFor, validatePodTemplateSpec } from './pod.js';
import { GoType, jsonEqual, semanticEqual } from './semantic.js';
import type { CronJob, Job, JobSpec, PodTemplateSpec } from './types.js';

export interface JobValidationOptions extends PodValidationOptions {
  requirePrefixedLabels: boolean;
  allowMutableSchedulingDirectives: boolean;
}

const LEGACY_CONTROLLER_UID = 'controller-uid';
const LEGACY_JOB_NAME = 'job-name';
const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
const JOB_NAME = 'batch.kubernetes.io/job-name';

function validateHasLabel(labels: Record<string, string> | undefined, path: FieldPath, key: string, expected: string): FieldError[] {
  const l = labels ?? {};
  if (!Object.prototype.hasOwnProperty.call(l, key)) return [required(path.child('labels').key(key), `must be '${expected}'`)];
  if (l[key] !== expected) return [invalid(path.child('labels').key(key), goStringMap(labels ?? null), `must be '${expected}'`)];
  return [];
}

function validateGeneratedSelector(job: Job, validateBatchLabels: boolean): FieldError[] {
  const spec = job.spec;
  if (spec?.manualSelector === true || !spec?.selector) return [];
  const errs: FieldError[] = [];
  const uid = job.metadata?.uid ?? '';
  const name = job.metadata?.name ?? '';
  if (!uid) errs.push(required(FieldPath.of('metadata').child('uid')));
  const tPath = FieldPath.of('spec').child('template').child('metadata');
  const labels = spec.template?.metadata?.labels;
  errs.push(...validateHasLabel(labels, tPath, LEGACY_CONTROLLER_UID, uid));
  errs.push(...validateHasLabel(labels, tPath, LEGACY_JOB_NAME, name));
  const expected: Record<string, string> = {};
  if (validateBatchLabels) {
    errs.push(...validateHasLabel(labels, tPath, CONTROLLER_UID, uid));
    errs.push(...validateHasLabel(labels, tPath, JOB_NAME, name));
    expected[CONTROLLER_UID] = uid;
    expected[JOB_NAME] = name;
  }
  expected[LEGACY_CONTROLLER_UID] = uid;
  expected[LEGACY_JOB_NAME] = name;
  const sel = labelSelectorAsSelector(spec.selector);
  if (sel && !sel.matches(expected)) {
    errs.push(invalid(FieldPath.of('spec').child('selector'), goLabelSelector(spec.selector), '`selector` not auto-generated'));
  }
  return errs;
}

function parseIndexInterval(interval: string, completions: number): [number, number] {
  const limits = interval.split('-');
  if (limits.length > 2) throw new Error(`the fragment "${interval}" violates the requirement that an index interval can have at most two parts separated by '-'`);
  const parse = (s: string): number => {
    if (!/^[+-]?\d+$/.test(s)) throw new Error(`cannot convert string to integer for index: "${s}"`);
    const n = Number(s);
    if (n >= completions) throw new Error(`too large index: "${s}"`);
    return n;
  };
  const x = parse(limits[0]!);
  if (limits.length === 1) return [x, x];
  const y = parse(limits[1]!);
  if (x >= y) throw new Error(`non-increasing order, previous: ${x}, current: ${y}`);
  return [x, y];
}

function validateIndexesFormat(indexes: string, completions: number): number {
  if (!indexes) return 0;
  let last: number | undefined;
  let total = 0;
  for (const interval of indexes.split(',')) {
    const [x, y] = parseIndexInterval(interval, completions);
    if (last !== undefined && last >= x) throw new Error(`non-increasing order, previous: ${last}, current: ${x}`);
    total += y - x + 1;
    last = y;
  }
  return total;
}

const POD_FAILURE_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];

function validatePodFailurePolicy(spec: JobSpec, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const rules = spec.podFailurePolicy?.rules ?? [];
  const rulesPath = path.child('rules');
  if (rules.length > 20) errs.push(tooMany(rulesPath, rules.length, 20));
  const containerNames = new Set([...(spec.template?.spec?.containers ?? []), ...(spec.template?.spec?.initContainers ?? [])].map((c) => c.name ?? ''));
  rules.forEach((rule, i) => {
    const rulePath = rulesPath.at(i);
    const actionPath = rulePath.child('action');
    const action = rule.action ?? '';
    if (action === '') errs.push(required(actionPath, `valid values: ["${POD_FAILURE_ACTIONS.join('" "')}"]`));
    else if (action === 'FailIndex') {
      if (spec.backoffLimitPerIndex === undefined || spec.backoffLimitPerIndex === null) {
        errs.push(invalid(actionPath, action, 'requires the backoffLimitPerIndex to be set'));
      }
    } else if (!POD_FAILURE_ACTIONS.includes(action)) errs.push(notSupported(actionPath, action, POD_FAILURE_ACTIONS));
    const onExit = rule.onExitCodes;
    if (onExit) {
      const p = rulePath.child('onExitCodes');
      const op = onExit.operator ?? '';
      if (op === '') errs.push(required(p.child('operator'), 'valid values: ["In" "NotIn"]'));
      else if (op !== 'In' && op !== 'NotIn') errs.push(notSupported(p.child('operator'), op, ['In', 'NotIn']));
      if (onExit.containerName !== undefined && onExit.containerName !== null && !containerNames.has(onExit.containerName)) {
        errs.push(invalid(p.child('containerName'), onExit.containerName, 'must be one of the container or initContainer names in the pod template'));
      }
      const values = onExit.values ?? [];
      const valuesPath = p.child('values');
      if (values.length === 0) errs.push(invalid(valuesPath, goNumberSlice(onExit.values ?? null), 'at least one value is required'));
      else if (values.length > 255) errs.push(tooMany(valuesPath, values.length, 255));
      let ordered = true;
      const seen = new Set<number>();
      values.forEach((v, j) => {
        if (op === 'In' && v === 0) errs.push(invalid(valuesPath.at(j), v, 'must not be 0 for the In operator'));
        if (seen.has(v)) errs.push(duplicate(valuesPath.at(j), v));
        else seen.add(v);
        if (j > 0 && values[j - 1]! > v) ordered = false;
      });
      if (!ordered) errs.push(invalid(valuesPath, goNumberSlice(values), 'must be ordered'));
    }
    const onConditions = rule.onPodConditions ?? [];
    if (onConditions.length > 0) {
      const p = rulePath.child('onPodConditions');
      if (onConditions.length > 20) errs.push(tooMany(p, onConditions.length, 20));
      onConditions.forEach((pattern, j) => {
        const type = pattern.type ?? '';
        errs.push(...isQualifiedName(type).map((m) => invalid(p.at(j).child('type'), type, m)));
        const status = pattern.status ?? '';
        if (status === '') errs.push(required(p.at(j).child('status'), 'valid values: ["False" "True" "Unknown"]'));
        else if (!['False', 'True', 'Unknown'].includes(status)) errs.push(notSupported(p.at(j).child('status'), status, ['False', 'True', 'Unknown']));
      });
    }
    if (onExit && onConditions.length > 0) errs.push(invalid(rulePath, OMIT_VALUE, 'specifying both OnExitCodes and OnPodConditions is not supported'));
    if (!onExit && onConditions.length === 0) errs.push(invalid(rulePath, OMIT_VALUE, 'specifying one of OnExitCodes and OnPodConditions is required'));
  });
  return errs;
}

function validateSuccessPolicy(spec: JobSpec, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const rules = spec.successPolicy?.rules ?? [];
  const rulesPath = path.child('rules');
  if (rules.length === 0) errs.push(required(rulesPath, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > 20) errs.push(tooMany(rulesPath, rules.length, 20));
  const completions = spec.completions ?? 0;
  rules.forEach((rule, i) => {
    const p = rulesPath.at(i);
    if ((rule.succeededCount === undefined || rule.succeededCount === null) && (rule.succeededIndexes === undefined || rule.succeededIndexes === null)) {
      errs.push(required(p, 'at least one of succeededCount or succeededIndexes must be specified'));
    }
    let totalIndexes = 0;
    if (rule.succeededIndexes !== undefined && rule.succeededIndexes !== null) {
      const ip = p.child('succeededIndexes');
      if (rule.succeededIndexes.length > 64 * 1024) errs.push(tooLong(ip, 64 * 1024));
      try {
        totalIndexes = validateIndexesFormat(rule.succeededIndexes, completions);
      } catch (e) {
        errs.push(invalid(ip, rule.succeededIndexes, `error parsing succeededIndexes: ${(e as Error).message}`));
      }
    }
    if (rule.succeededCount !== undefined && rule.succeededCount !== null) {
      const cp = p.child('succeededCount');
      errs.push(...validateNonnegativeField(rule.succeededCount, cp));
      if (rule.succeededCount > completions) {
        errs.push(invalid(cp, rule.succeededCount, `must be less than or equal to ${completions} (the number of specified completions)`));
      }
      if (rule.succeededIndexes !== undefined && rule.succeededIndexes !== null && rule.succeededCount > totalIndexes) {
        errs.push(invalid(cp, rule.succeededCount, `must be less than or equal to ${totalIndexes} (the number of indexes in the specified succeededIndexes field)`));
      }
    }
  });
  return errs;
}

function isSet<T>(v: T | null | undefined): v is T {
  return v !== undefined && v !== null;
}

/** validateJobSpec: everything but the selector. */
function validateJobSpecCommon(spec: JobSpec | undefined, path: FieldPath, opts: PodValidationOptions): FieldError[] {
  const s = spec ?? ({} as JobSpec);
  const errs: FieldError[] = [];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex'] as const) {
    const v = s[f];
    if (isSet(v)) errs.push(...validateNonnegativeField(v, path.child(f)));
  }
  if (isSet(s.maxFailedIndexes)) {
    errs.push(...validateNonnegativeField(s.maxFailedIndexes, path.child('maxFailedIndexes')));
    if (!isSet(s.backoffLimitPerIndex)) errs.push(required(path.child('backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  }
  if (isSet(s.managedBy)) {
    const result = isDomainPrefixedPath(s.managedBy);
    if (result === 'required') errs.push(required(path.child('managedBy')));
    else for (const e of result) errs.push(invalid(path.child('managedBy'), e.value, e.message));
    if (s.managedBy.length > 63) errs.push(tooLong(path.child('managedBy'), 63));
  }
  const mode = s.completionMode;
  if (isSet(mode)) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported(path.child('completionMode'), mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed') {
      if (!isSet(s.completions)) errs.push(required(path.child('completions'), 'when completion mode is Indexed'));
      if (isSet(s.parallelism) && s.parallelism > 100000) {
        errs.push(invalid(path.child('parallelism'), s.parallelism, 'must be less than or equal to 100000 when completion mode is Indexed'));
      }
      if (isSet(s.completions) && isSet(s.maxFailedIndexes) && s.maxFailedIndexes > s.completions) {
        errs.push(invalid(path.child('maxFailedIndexes'), s.maxFailedIndexes, 'must be less than or equal to completions'));
      }
      if (isSet(s.maxFailedIndexes) && s.maxFailedIndexes > 100000) {
        errs.push(invalid(path.child('maxFailedIndexes'), s.maxFailedIndexes, 'must be less than or equal to 100000'));
      }
      if (isSet(s.completions) && s.completions > 100000 && isSet(s.backoffLimitPerIndex)) {
        if (!isSet(s.maxFailedIndexes)) errs.push(required(path.child('maxFailedIndexes'), 'must be specified when completions is above 100000'));
        if (isSet(s.parallelism) && s.parallelism > 10000) {
          errs.push(invalid(path.child('parallelism'), s.parallelism, 'must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index'));
        }
        if (isSet(s.maxFailedIndexes) && s.maxFailedIndexes > 10000) {
          errs.push(invalid(path.child('maxFailedIndexes'), s.maxFailedIndexes, 'must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index'));
        }
      }
    }
  }
  if (!isSet(mode) || mode === 'NonIndexed') {
    if (isSet(s.backoffLimitPerIndex)) errs.push(invalid(path.child('backoffLimitPerIndex'), s.backoffLimitPerIndex, 'requires indexed completion mode'));
    if (isSet(s.maxFailedIndexes)) errs.push(invalid(path.child('maxFailedIndexes'), s.maxFailedIndexes, 'requires indexed completion mode'));
  }
  if (s.podFailurePolicy) errs.push(...validatePodFailurePolicy(s, path.child('podFailurePolicy')));
  if (s.successPolicy) {
    if (mode !== 'Indexed') {
      errs.push(invalid(path.child('successPolicy'), goDump(s.successPolicy, GoType.SuccessPolicy), 'requires indexed completion mode'));
    } else {
      errs.push(...validateSuccessPolicy(s, path.child('successPolicy')));
    }
  }
  const prp = s.podReplacementPolicy;
  if (isSet(prp)) {
    if (s.podFailurePolicy) {
      if (prp !== 'Failed') errs.push(notSupported(path.child('podReplacementPolicy'), prp, ['Failed']));
    } else if (prp !== 'Failed' && prp !== 'TerminatingOrFailed') {
      errs.push(notSupported(path.child('podReplacementPolicy'), prp, ['Failed', 'TerminatingOrFailed']));
    }
  }
  errs.push(...validatePodTemplateSpec(s.template, path.child('template'), opts));
  const restartPolicy = s.template?.spec?.restartPolicy ?? '';
  const rpPath = path.child('template', 'spec', 'restartPolicy');
  if (restartPolicy === 'Always' || restartPolicy === '') {
    errs.push(required(rpPath, 'valid values: "OnFailure", "Never"'));
  } else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    errs.push(notSupported(rpPath, restartPolicy, ['OnFailure', 'Never']));
  } else if (s.podFailurePolicy && restartPolicy !== 'Never') {
    errs.push(invalid(rpPath, restartPolicy, 'only "Never" is supported when podFailurePolicy is specified'));
  }
  return errs;
}

function validateJobSpec(spec: JobSpec | undefined, path: FieldPath, opts: JobValidationOptions): FieldError[] {
  const errs = validateJobSpecCommon(spec, path, opts);
  if (!spec?.selector) errs.push(required(path.child('selector')));
  else errs.push(...validateLabelSelector(spec.selector, { allowInvalidLabelValueInSelector: opts.allowInvalidLabelValueInSelector }, path.child('selector')));
  const sel = labelSelectorAsSelector(spec?.selector);
  const labels = spec?.template?.metadata?.labels;
  if (sel && !sel.matches(labels)) {
    errs.push(invalid(path.child('template', 'metadata', 'labels'), goStringMap(labels ?? null), '`selector` does not match template `labels`'));
  }
  return errs;
}

export function jobValidationOptions(job: Job, old: Job | undefined): JobValidationOptions {
  const opts: JobValidationOptions = {
    ...podValidationOptionsFor(job.spec?.template?.spec, old?.spec?.template?.spec, false),
    requirePrefixedLabels: true,
    allowMutableSchedulingDirectives: false,
  };
  if (old) {
    opts.allowMutableSchedulingDirectives = old.spec?.suspend === true && !old.status?.startTime;
    const labels = old.spec?.template?.metadata?.labels ?? {};
    opts.requirePrefixedLabels = JOB_NAME in labels && CONTROLLER_UID in labels;
  }
  return opts;
}

export function validateJob(job: Job, opts: JobValidationOptions = jobValidationOptions(job, undefined)): FieldError[] {
  const errs = validateObjectMeta(job.metadata, true, nameIsDNSSubdomain);
  errs.push(...validateGeneratedSelector(job, opts.requirePrefixedLabels));
  errs.push(...validateJobSpec(job.spec, FieldPath.of('spec'), opts));
  const spec = job.spec;
  if (spec?.completionMode === 'Indexed' && isSet(spec.completions) && spec.completions > 0) {
    const name = job.metadata?.name ?? '';
    const hostname = `${name}-${spec.completions - 1}`;
    if (isDNS1123Label(hostname).length > 0) {
      errs.push(invalid(FieldPath.of('metadata').child('name'), name, `will not able to create pod with invalid DNS label: ${hostname}`));
    }
  }
  return errs;
}

function immutable(next: unknown, prev: unknown, typeName: string | undefined, path: FieldPath, render: () => unknown): FieldError[] {
  const same = typeName ? semanticEqual(next, prev, typeName) && isSet(next) === isSet(prev) : jsonEqual(next ?? null, prev ?? null);
  return same ? [] : [invalid(path, render(), FIELD_IMMUTABLE)];
}

export function validateJobUpdate(job: Job, old: Job): FieldError[] {
  const opts = jobValidationOptions(job, old);
  const specPath = FieldPath.of('spec');
  const spec = job.spec ?? ({} as JobSpec);
  const oldSpec = old.spec ?? ({} as JobSpec);
  const errs = [...validateJob(job, opts), ...validateObjectMetaUpdate(job.metadata, old.metadata)];
  errs.push(...validateJobSpec(spec, specPath, opts));
  if (spec.completionMode !== 'Indexed') {
    errs.push(...immutable(spec.completions, oldSpec.completions, undefined, specPath.child('completions'), () => spec.completions ?? null));
  } else if (!jsonEqual(spec.completions ?? null, oldSpec.completions ?? null) && isSet(spec.completions) && spec.completions !== spec.parallelism) {
    errs.push(invalid(specPath.child('completions'), spec.completions, 'can only be modified in tandem with spec.parallelism'));
  }
  errs.push(...immutable(spec.selector, oldSpec.selector, GoType.LabelSelector, specPath.child('selector'), () => (spec.selector ? goLabelSelector(spec.selector) : null)));
  let oldTemplate: PodTemplateSpec | undefined = oldSpec.template;
  if (opts.allowMutableSchedulingDirectives && oldTemplate) {
    const t = structuredClone(oldTemplate);
    const next = spec.template;
    const tspec = (t.spec ??= { containers: [] });
    if (!next?.spec?.affinity && tspec.affinity) {
      delete tspec.affinity.nodeAffinity;
      if (Object.keys(tspec.affinity).length === 0) delete tspec.affinity;
    } else if (next?.spec?.affinity && !tspec.affinity) {
      tspec.affinity = { nodeAffinity: next.spec.affinity.nodeAffinity };
    } else if (next?.spec?.affinity && tspec.affinity) {
      tspec.affinity.nodeAffinity = next.spec.affinity.nodeAffinity;
    }
    tspec.nodeSelector = next?.spec?.nodeSelector;
    tspec.tolerations = next?.spec?.tolerations;
    tspec.schedulingGates = next?.spec?.schedulingGates;
    t.metadata = { ...(t.metadata ?? {}), annotations: next?.metadata?.annotations, labels: next?.metadata?.labels };
    oldTemplate = t;
  }
  if (!semanticEqual(spec.template, oldTemplate, GoType.PodTemplateSpec)) {
    errs.push(invalid(specPath.child('template'), goDump(spec.template, GoType.PodTemplateSpec), FIELD_IMMUTABLE));
  }
  errs.push(...immutable(spec.completionMode, oldSpec.completionMode, undefined, specPath.child('completionMode'), () => spec.completionMode ?? null));
  errs.push(
    ...immutable(spec.podFailurePolicy, oldSpec.podFailurePolicy, GoType.PodFailurePolicy, specPath.child('podFailurePolicy'), () =>
      spec.podFailurePolicy ? goDump(spec.podFailurePolicy, GoType.PodFailurePolicy) : null,
    ),
  );
  errs.push(...immutable(spec.backoffLimitPerIndex, oldSpec.backoffLimitPerIndex, undefined, specPath.child('backoffLimitPerIndex'), () => spec.backoffLimitPerIndex ?? null));
  errs.push(...immutable(spec.managedBy, oldSpec.managedBy, undefined, specPath.child('managedBy'), () => spec.managedBy ?? null));
  errs.push(
    ...immutable(spec.successPolicy, oldSpec.successPolicy, GoType.SuccessPolicy, specPath.child('successPolicy'), () =>
      spec.successPolicy ? goDump(spec.successPolicy, GoType.SuccessPolicy) : null,
    ),
  );
  return errs;
}

type CronJobSpec = NonNullable<CronJob['spec']>;

function validateTimeZone(tz: string | null | undefined, path: FieldPath): FieldError[] {
  if (tz === undefined || tz === null) return [];
  if (tz.length === 0) return [invalid(path, tz, 'timeZone must be nil or non-empty string')];
  for (const part of tz.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part)) {
      return [invalid(path, tz, `unknown time zone ${tz}`)];
    }
  }
  const errs: FieldError[] = [];
  if (tz.toLowerCase() === 'local') {
    errs.push(invalid(path, tz, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  }
  if (!isKnownTimeZone(tz)) errs.push(invalid(path, tz, `unknown time zone ${tz}`));
  return errs;
}

function validateCronJobSpec(spec: CronJobSpec | undefined, oldSpec: CronJobSpec | undefined, path: FieldPath, opts: PodValidationOptions): FieldError[] {
  const s = spec ?? ({} as CronJobSpec);
  const errs: FieldError[] = [];
  const schedule = s.schedule ?? '';
  if (!schedule) {
    errs.push(required(path.child('schedule')));
  } else {
    const allowTZ = oldSpec ? (oldSpec.schedule ?? '').includes('TZ') : false;
    const err = cronScheduleError(schedule);
    if (err) errs.push(invalid(path.child('schedule'), schedule, err));
    if (allowTZ && schedule.includes('TZ') && isSet(s.timeZone)) {
      errs.push(invalid(path.child('schedule'), schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
    } else if (!allowTZ && schedule.includes('TZ')) {
      errs.push(invalid(path.child('schedule'), schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
    }
  }
  if (isSet(s.startingDeadlineSeconds)) errs.push(...validateNonnegativeField(s.startingDeadlineSeconds, path.child('startingDeadlineSeconds')));
  if (!oldSpec || (oldSpec.timeZone ?? null) !== (s.timeZone ?? null)) errs.push(...validateTimeZone(s.timeZone, path.child('timeZone')));
  const cp = s.concurrencyPolicy ?? '';
  if (cp === '') errs.push(required(path.child('concurrencyPolicy')));
  else if (!['Allow', 'Forbid', 'Replace'].includes(cp)) errs.push(notSupported(path.child('concurrencyPolicy'), cp, ['Allow', 'Forbid', 'Replace']));
  const jt = path.child('jobTemplate');
  const jobSpec = s.jobTemplate?.spec;
  errs.push(...validateJobSpecCommon(jobSpec, jt.child('spec'), opts));
  if (jobSpec?.selector) errs.push(invalid(jt.child('spec', 'selector'), goLabelSelector(jobSpec.selector), '`selector` will be auto-generated'));
  if (jobSpec?.manualSelector === true) {
    errs.push(notSupported(jt.child('spec', 'manualSelector'), true, ['nil', 'false']));
  }
  if (isSet(s.successfulJobsHistoryLimit)) errs.push(...validateNonnegativeField(s.successfulJobsHistoryLimit, path.child('successfulJobsHistoryLimit')));
  if (isSet(s.failedJobsHistoryLimit)) errs.push(...validateNonnegativeField(s.failedJobsHistoryLimit, path.child('failedJobsHistoryLimit')));
  return errs;
}

export function validateCronJob(cj: CronJob): FieldError[] {
  const opts = podValidationOptionsFor(cj.spec?.jobTemplate?.spec?.template?.spec, undefined, false);
  const errs = validateObjectMeta(cj.metadata, true, nameIsDNSSubdomain);
  errs.push(...validateCronJobSpec(cj.spec, undefined, FieldPath.of('spec'), opts));
  const name = cj.metadata?.name ?? '';
  if (name.length > 52) errs.push(invalid(FieldPath.of('metadata').child('name'), name, 'must be no more than 52 characters'));
  return errs;
}

export function validateCronJobUpdate(cj: CronJob, old: CronJob): FieldError[] {
  const opts = podValidationOptionsFor(cj.spec?.jobTemplate?.spec?.template?.spec, old.spec?.jobTemplate?.spec?.template?.spec, false);
  return [...validateObjectMetaUpdate(cj.metadata, old.metadata), ...validateCronJobSpec(cj.spec, old.spec, FieldPath.of('spec'), opts)];
}

