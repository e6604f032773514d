// Pods and pod templates: ValidatePodCreate, ValidatePodUpdate (only images, activeDeadlineSeconds,
// added tolerations, removed scheduling gates and a few more may change) and
// ValidatePodTemplateSpec, the template check every workload runs.
import { defaultPodValidationOptions, type PodValidationOptions } from './containers.js';
import { forbidden, invalid, required, type FieldError } from './fieldErrors.js';
import { FieldPath } from './fieldPath.js';
import { inclusiveRangeError } from './formats.js';
import { GoValue, goStringMap } from './goFormat.js';
import { validateLabels } from './labelSelector.js';
import { nameIsDNSSubdomain, validateAnnotations, validateObjectMeta, validateObjectMetaUpdate } from './objectMeta.js';
import { validatePodSpec, validatePodSpecificAnnotations, validateSecurityAnnotationsMatchFields } from './podSpec.js';
import { validateTolerations } from './scheduling.js';
import { GoType, semanticEqual } from './semantic.js';
import { specDiff } from './specDiff.js';
import type { Container, Pod, PodSpec, PodTemplateSpec, Toleration } from './types.js';

const MAX_INT32 = 2147483647;

/** Options for validating a pod spec, relaxed where the old object already uses a relaxed form. */
export function podValidationOptionsFor(
  spec: PodSpec | undefined,
  oldSpec: PodSpec | undefined,
  resourceIsPod: boolean,
): PodValidationOptions {
  const opts = defaultPodValidationOptions(resourceIsPod);
  void spec;
  if (oldSpec) {
    const projectedTokenPaths = (oldSpec.volumes ?? []).flatMap((v) =>
      (v.projected?.sources ?? []).map((s) => s.serviceAccountToken?.path).filter((p): p is string => typeof p === 'string'),
    );
    opts.allowNonLocalProjectedTokenPath = projectedTokenPaths.some((p) => p.startsWith('/') || p.split('/').includes('..'));
    opts.allowNamespacedSysctlsForHostNetAndHostIPC = (oldSpec.securityContext?.sysctls ?? []).some(
      (s) => (oldSpec.hostNetwork && (s.name ?? '').startsWith('net.')) || oldSpec.hostIPC === true,
    );
    opts.allowOnlyRecursiveSELinuxChangePolicy = !(oldSpec.securityContext as { seLinuxChangePolicy?: string } | undefined)?.seLinuxChangePolicy;
  }
  return opts;
}

function validateContainersOnlyForPod(containers: Container[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (containers ?? []).forEach((ctr, i) => {
    const image = ctr.image ?? '';
    if (image.length !== image.trim().length) errs.push(invalid(path.at(i).child('image'), image, 'must not have leading or trailing whitespace'));
  });
  return errs;
}

function validatePodMetadataAndSpec(pod: Pod, opts: PodValidationOptions): FieldError[] {
  const metaPath = FieldPath.of('metadata');
  const specPath = FieldPath.of('spec');
  const spec = pod.spec ?? ({} as PodSpec);
  const errs = validateObjectMeta(pod.metadata, true, nameIsDNSSubdomain, metaPath);
  errs.push(...validatePodSpecificAnnotations(pod.metadata?.annotations, spec, metaPath.child('annotations'), opts));
  errs.push(...validatePodSpec(spec, pod.metadata?.name, specPath, opts, pod.metadata?.annotations));
  if (!spec.serviceAccountName) {
    (spec.volumes ?? []).forEach((volume, vi) => {
      (volume.projected?.sources ?? []).forEach((source, si) => {
        if (source.serviceAccountToken) {
          errs.push(
            forbidden(
              specPath.child('volumes').at(vi).child('projected').child('sources').at(si).child('serviceAccountToken'),
              'must not be specified when serviceAccountName is not set',
            ),
          );
        }
      });
    });
  }
  errs.push(...validateContainersOnlyForPod(spec.containers, specPath.child('containers')));
  errs.push(...validateContainersOnlyForPod(spec.initContainers, specPath.child('initContainers')));
  return errs;
}

/** ValidatePodCreate. */
export function validatePodCreate(pod: Pod, opts: PodValidationOptions = defaultPodValidationOptions(true)): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod, opts);
  const specPath = FieldPath.of('spec');
  const spec = pod.spec ?? ({} as PodSpec);
  if ((spec.ephemeralContainers ?? []).length > 0) errs.push(forbidden(specPath.child('ephemeralContainers'), 'cannot be set on create'));
  if (spec.nodeName && (spec.schedulingGates ?? []).length > 0) {
    errs.push(forbidden(specPath.child('nodeName'), 'cannot be set until all schedulingGates have been cleared'));
  }
  errs.push(...validateSecurityAnnotationsMatchFields(pod.metadata?.annotations, spec, specPath));
  return errs;
}

const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

const APPARMOR_CONTAINER_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

function validatePodSpecificAnnotationUpdates(pod: Pod, old: Pod, path: FieldPath, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const next = pod.metadata?.annotations ?? {};
  const prev = old.metadata?.annotations ?? {};
  for (const [k, v] of Object.entries(prev)) {
    if (Object.prototype.hasOwnProperty.call(next, k) && next[k] === v) continue;
    if (k.startsWith(APPARMOR_CONTAINER_PREFIX)) errs.push(forbidden(path.key(k), 'may not remove or update AppArmor annotations'));
    if (k === MIRROR_POD_ANNOTATION) errs.push(forbidden(path.key(k), 'may not remove or update mirror pod annotation'));
  }
  for (const k of Object.keys(next)) {
    if (Object.prototype.hasOwnProperty.call(prev, k)) continue;
    if (k.startsWith(APPARMOR_CONTAINER_PREFIX)) errs.push(forbidden(path.key(k), 'may not add AppArmor annotations'));
    if (k === MIRROR_POD_ANNOTATION) errs.push(forbidden(path.key(k), 'may not add mirror pod annotation'));
  }
  errs.push(...validatePodSpecificAnnotations(next, pod.spec ?? ({} as PodSpec), path, opts));
  return errs;
}

function validateContainerUpdates(next: Container[] | undefined, prev: Container[] | undefined, path: FieldPath): { errs: FieldError[]; stop: boolean } {
  const a = next ?? [];
  const b = prev ?? [];
  if (a.length !== b.length) return { errs: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  a.forEach((ctr, i) => {
    const image = ctr.image ?? '';
    if (!image) errs.push(required(path.at(i).child('image')));
    if (image.trim().length !== image.length) errs.push(invalid(path.at(i).child('image'), image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

function validateOnlyAddedTolerations(next: Toleration[] | undefined, prev: Toleration[] | undefined, path: FieldPath): FieldError[] {
  for (const old of prev ?? []) {
    const found = (next ?? []).some((t) =>
      semanticEqual({ ...old, tolerationSeconds: t.tolerationSeconds }, t, GoType.Toleration),
    );
    if (!found) return [forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(next, path);
}

function validateOnlyDeletedSchedulingGates(next: PodSpec['schedulingGates'], prev: PodSpec['schedulingGates'], path: FieldPath): FieldError[] {
  if (!next || next.length === 0) return [];
  const additional = new Map<string, number>();
  next.forEach((g, i) => additional.set(g.name ?? '', i));
  for (const g of prev ?? []) additional.delete(g.name ?? '');
  return [...additional].map(([gate, i]) =>
    forbidden(path.at(i).child('name'), `only deletion is allowed, but found new scheduling gate '${gate}'`),
  );
}

type NodeAffinity = NonNullable<NonNullable<PodSpec['affinity']>['nodeAffinity']>;

function validateNodeAffinityMutation(path: FieldPath, next: NodeAffinity | undefined, prev: NodeAffinity | undefined): FieldError[] {
  const oldTerms = prev?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!oldTerms) return [];
  const newTerms = next?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const termsPath = path.child('requiredDuringSchedulingIgnoredDuringExecution').child('nodeSelectorTerms');
  if (oldTerms.length > 0 && oldTerms.length !== newTerms.length) {
    return [invalid(termsPath, new GoValue(`[]core.NodeSelectorTerm${JSON.stringify(newTerms)}`), 'no additions/deletions to non-empty NodeSelectorTerms list are allowed')];
  }
  const errs: FieldError[] = [];
  const reqType = 'k8s.io.api.core.v1.NodeSelectorRequirement';
  oldTerms.forEach((oldTerm, i) => {
    const newTerm = newTerms[i]!;
    const oe = oldTerm.matchExpressions ?? [];
    const of = oldTerm.matchFields ?? [];
    const ne = newTerm.matchExpressions ?? [];
    const nf = newTerm.matchFields ?? [];
    let ok = true;
    if (oe.length === 0 && of.length === 0 && (ne.length > 0 || nf.length > 0)) ok = false;
    if (oe.length > 0 && (ne.length < oe.length || !oe.every((r, j) => semanticEqual(ne[j], r, reqType)))) ok = false;
    if (of.length > 0 && (nf.length < of.length || !of.every((r, j) => semanticEqual(nf[j], r, reqType)))) ok = false;
    if (!ok) errs.push(invalid(termsPath.at(i), new GoValue(`core.NodeSelectorTerm${JSON.stringify(newTerm)}`), 'only additions are allowed (no mutations or deletions)'));
  });
  return errs;
}

/** ValidatePodUpdate. */
export function validatePodUpdate(pod: Pod, old: Pod, opts: PodValidationOptions = podValidationOptionsFor(pod.spec, old.spec, true)): FieldError[] {
  const metaPath = FieldPath.of('metadata');
  const specPath = FieldPath.of('spec');
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata, metaPath);
  errs.push(...validatePodMetadataAndSpec(pod, opts));
  errs.push(...validatePodSpecificAnnotationUpdates(pod, old, metaPath.child('annotations'), opts));
  const spec = pod.spec ?? ({} as PodSpec);
  const oldSpec = old.spec ?? ({} as PodSpec);

  let result = validateContainerUpdates(spec.containers, oldSpec.containers, specPath.child('containers'));
  errs.push(...result.errs);
  if (result.stop) return errs;
  result = validateContainerUpdates(spec.initContainers, oldSpec.initContainers, specPath.child('initContainers'));
  errs.push(...result.errs);
  if (result.stop) return errs;

  const ads = spec.activeDeadlineSeconds;
  const oldAds = oldSpec.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null) {
    if (ads < 0 || ads > MAX_INT32) {
      errs.push(invalid(specPath.child('activeDeadlineSeconds'), ads, inclusiveRangeError(0, MAX_INT32)));
      return errs;
    }
    if (oldAds !== undefined && oldAds !== null && oldAds < ads) {
      errs.push(invalid(specPath.child('activeDeadlineSeconds'), ads, 'must be less than or equal to previous value'));
      return errs;
    }
  } else if (oldAds !== undefined && oldAds !== null) {
    errs.push(invalid(specPath.child('activeDeadlineSeconds'), null, 'must not update from a positive integer to nil value'));
  }

  errs.push(...validateOnlyAddedTolerations(spec.tolerations, oldSpec.tolerations, specPath.child('tolerations')));
  errs.push(...validateOnlyDeletedSchedulingGates(spec.schedulingGates, oldSpec.schedulingGates, specPath.child('schedulingGates')));

  if (semanticEqual(spec, oldSpec, GoType.PodSpec)) return errs;

  const munged: PodSpec = structuredClone(spec);
  munged.containers = (munged.containers ?? []).map((c, i) => ({ ...c, image: oldSpec.containers?.[i]?.image }));
  if (munged.initContainers) {
    munged.initContainers = munged.initContainers.map((c, i) => ({ ...c, image: oldSpec.initContainers?.[i]?.image }));
  }
  munged.activeDeadlineSeconds = oldAds;
  if (munged.activeDeadlineSeconds === undefined) delete munged.activeDeadlineSeconds;
  munged.schedulingGates = oldSpec.schedulingGates;
  munged.tolerations = oldSpec.tolerations;
  const oldGrace = oldSpec.terminationGracePeriodSeconds;
  if (oldGrace !== undefined && oldGrace !== null && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldGrace;
  }
  if ((oldSpec.schedulingGates ?? []).length > 0) {
    const nodeSelectorPath = specPath.child('nodeSelector');
    if (!semanticEqual({ nodeSelector: munged.nodeSelector }, { nodeSelector: oldSpec.nodeSelector }, GoType.PodSpec)) {
      const next = munged.nodeSelector ?? {};
      for (const [k, v] of Object.entries(oldSpec.nodeSelector ?? {})) {
        if (next[k] !== v) {
          errs.push(invalid(nodeSelectorPath, goStringMap(munged.nodeSelector ?? null), 'only additions to spec.nodeSelector are allowed (no mutations or deletions)'));
          break;
        }
      }
      munged.nodeSelector = oldSpec.nodeSelector;
    }
    const oldNodeAffinity = oldSpec.affinity?.nodeAffinity;
    const newNodeAffinity = munged.affinity?.nodeAffinity;
    if (!semanticEqual(oldNodeAffinity, newNodeAffinity, GoType.NodeAffinity)) {
      errs.push(...validateNodeAffinityMutation(specPath.child('affinity').child('nodeAffinity'), newNodeAffinity, oldNodeAffinity));
      if (!munged.affinity && oldNodeAffinity) munged.affinity = { nodeAffinity: oldNodeAffinity };
      else if (munged.affinity && !oldSpec.affinity && !munged.affinity.podAntiAffinity && !munged.affinity.podAffinity) delete munged.affinity;
      else if (munged.affinity) {
        if (oldNodeAffinity) munged.affinity.nodeAffinity = oldNodeAffinity;
        else delete munged.affinity.nodeAffinity;
      }
    }
  }
  if (!semanticEqual(munged, oldSpec, GoType.PodSpec)) {
    const diff = specDiff(oldSpec, munged, GoType.PodSpec);
    errs.push(forbidden(specPath, `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${diff}`));
  }
  return errs;
}

/** ValidatePodTemplateSpec: the template of a workload (labels at `<path>.labels`, as upstream reports them). */
export function validatePodTemplateSpec(template: PodTemplateSpec | undefined, path: FieldPath, opts: PodValidationOptions): FieldError[] {
  const t = template ?? ({} as PodTemplateSpec);
  const meta = t.metadata ?? {};
  const spec = t.spec ?? ({} as PodSpec);
  const errs = validateLabels(meta.labels, path.child('labels'));
  errs.push(...validateAnnotations(meta.annotations, path.child('annotations')));
  errs.push(...validatePodSpecificAnnotations(meta.annotations, spec, path.child('annotations'), opts));
  errs.push(...validatePodSpec(spec, undefined, path.child('spec'), opts));
  errs.push(...validateSecurityAnnotationsMatchFields(meta.annotations, spec, path.child('spec')));
  if ((spec.ephemeralContainers ?? []).length > 0) {
    errs.push(forbidden(path.child('spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}
