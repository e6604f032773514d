// apps/v1 and batch/v1 defaulting: Deployment (1 replica, RollingUpdate 25%/25%, 10 revisions,
// 600 s progress deadline), ReplicaSet, StatefulSet (OrderedReady, RollingUpdate partition 0,
// Retain claims), DaemonSet (RollingUpdate 1/0), Job (completions/parallelism, backoffLimit 6,
// NonIndexed, pod replacement policy), CronJob (Allow, history 3/1); each template's pod spec
// gets the pod spec defaults.
import type { CronJob, DaemonSet, Deployment, Job, PodSpec, PodTemplateSpec, ReplicaSet, StatefulSet } from '../validation/types.js';
import { defaultPersistentVolumeClaimSpec, defaultPodSpec } from './podDefaults.js';

function unset(v: unknown): boolean {
  return v === undefined || v === null;
}

function defaultTemplate(template: PodTemplateSpec | undefined): void {
  if (!template) return;
  template.spec ??= { containers: [] } as PodSpec;
  defaultPodSpec(template.spec);
}

export function defaultDeployment(d: Deployment): void {
  const spec = (d.spec ??= {} as NonNullable<Deployment['spec']>);
  if (unset(spec.replicas)) spec.replicas = 1;
  const strategy = (spec.strategy ??= {});
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    if (unset(ru.maxUnavailable)) ru.maxUnavailable = '25%';
    if (unset(ru.maxSurge)) ru.maxSurge = '25%';
  }
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  if (unset(spec.progressDeadlineSeconds)) spec.progressDeadlineSeconds = 600;
  spec.template ??= {} as PodTemplateSpec;
  defaultTemplate(spec.template);
}

export function defaultReplicaSet(rs: ReplicaSet): void {
  const spec = (rs.spec ??= {} as NonNullable<ReplicaSet['spec']>);
  if (unset(spec.replicas)) spec.replicas = 1;
  spec.template ??= {} as PodTemplateSpec;
  defaultTemplate(spec.template);
}

export function defaultDaemonSet(ds: DaemonSet): void {
  const spec = (ds.spec ??= {} as NonNullable<DaemonSet['spec']>);
  const strategy = (spec.updateStrategy ??= {});
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    if (unset(ru.maxUnavailable)) ru.maxUnavailable = 1;
    if (unset(ru.maxSurge)) ru.maxSurge = 0;
  }
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  spec.template ??= {} as PodTemplateSpec;
  defaultTemplate(spec.template);
}

export function defaultStatefulSet(ss: StatefulSet): void {
  const spec = (ss.spec ??= {} as NonNullable<StatefulSet['spec']>);
  if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady';
  const strategy = (spec.updateStrategy ??= {});
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    strategy.rollingUpdate ??= {};
  }
  if (strategy.type === 'RollingUpdate' && strategy.rollingUpdate) {
    if (unset(strategy.rollingUpdate.partition)) strategy.rollingUpdate.partition = 0;
    // MaxUnavailableStatefulSet is alpha (off) in v1.33: maxUnavailable is not defaulted
  }
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  if (!retention.whenDeleted) retention.whenDeleted = 'Retain';
  if (!retention.whenScaled) retention.whenScaled = 'Retain';
  if (unset(spec.replicas)) spec.replicas = 1;
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  spec.template ??= {} as PodTemplateSpec;
  defaultTemplate(spec.template);
  for (const claim of spec.volumeClaimTemplates ?? []) {
    // the v1 conversion writes apiVersion/kind into the claim templates
    claim.apiVersion = 'v1';
    claim.kind = 'PersistentVolumeClaim';
    claim.spec ??= {};
    defaultPersistentVolumeClaimSpec(claim.spec);
    claim.status ??= {};
    if (!claim.status.phase) claim.status.phase = 'Pending';
  }
}

export function defaultJob(job: Job): void {
  const spec = (job.spec ??= {} as NonNullable<Job['spec']>);
  if (unset(spec.completions) && unset(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (unset(spec.parallelism)) spec.parallelism = 1;
  if (unset(spec.backoffLimit)) spec.backoffLimit = unset(spec.backoffLimitPerIndex) ? 6 : 2147483647;
  const templateLabels = spec.template?.metadata?.labels;
  const meta = (job.metadata ??= {});
  if (templateLabels && Object.keys(meta.labels ?? {}).length === 0) meta.labels = { ...templateLabels };
  if (unset(spec.completionMode)) spec.completionMode = 'NonIndexed';
  if (unset(spec.suspend)) spec.suspend = false;
  for (const rule of spec.podFailurePolicy?.rules ?? []) {
    for (const pattern of rule.onPodConditions ?? []) if (!pattern.status) pattern.status = 'True';
  }
  if (unset(spec.podReplacementPolicy)) spec.podReplacementPolicy = spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  if (unset(spec.manualSelector)) spec.manualSelector = false;
  spec.template ??= {} as PodTemplateSpec;
  defaultTemplate(spec.template);
}

export function defaultCronJob(cj: CronJob): void {
  const spec = (cj.spec ??= {} as NonNullable<CronJob['spec']>);
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = 'Allow';
  if (unset(spec.suspend)) spec.suspend = false;
  if (unset(spec.successfulJobsHistoryLimit)) spec.successfulJobsHistoryLimit = 3;
  if (unset(spec.failedJobsHistoryLimit)) spec.failedJobsHistoryLimit = 1;
  const jobTemplate = (spec.jobTemplate ??= {});
  const jobSpec = (jobTemplate.spec ??= {} as NonNullable<NonNullable<CronJob['spec']>['jobTemplate']['spec']>);
  jobSpec.template ??= {} as PodTemplateSpec;
  defaultTemplate(jobSpec.template);
}
