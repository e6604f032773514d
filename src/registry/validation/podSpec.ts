// PodSpec validation (ValidatePodSpec) and the pod-specific annotation rules, used by Pods and by
// every pod template (Deployment, ReplicaSet, DaemonSet, Job, CronJob, ReplicationController).
import {
  validateAppArmorProfileField,
  validateContainers,
  validateContainerResourceRequirements,
  validateEphemeralContainers,
  validateInitContainers,
  validateSeccompProfileField,
  type ContainerContext,
  type PodValidationOptions,
} from './containers.js';
import {
  duplicate,
  forbidden,
  invalid,
  notSupported,
  required,
  type FieldError,
} from './fieldErrors.js';
import type { FieldPath } from './fieldPath.js';
import {
  inclusiveRangeError,
  ipLegacyErrors,
  isDNS1123Label,
  isDNS1123Subdomain,
  isDNS1123SubdomainWithUnderscore,
  isQualifiedName,
  isValidGroupID,
  isValidUserID,
} from './formats.js';
import { GoValue, goPointer, goQuote, goStringSlice, goStruct } from './goFormat.js';
import { validateLabels } from './labelSelector.js';
import { nameIsDNSSubdomain } from './objectMeta.js';
import { validateAffinity, validateTolerations, validateTopologySpreadConstraints } from './scheduling.js';
import type { Container, PodSecurityContext, PodSpec, Toleration } from './types.js';
import { validateLocalDescendingPath, validateVolumes } from './volumeSources.js';

const MAX_INT32 = 2147483647;

const SYSCTL_SEGMENT = '[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const SYSCTL_RE_SOURCE = `^(${SYSCTL_SEGMENT}[\\./])*${SYSCTL_SEGMENT}$`;
const sysctlRe = new RegExp(SYSCTL_RE_SOURCE);

function sysctlNamespace(name: string): 'net' | 'ipc' | undefined {
  const n = name.replace(/\//g, '.');
  if (n.startsWith('net.')) return 'net';
  if (n === 'kernel.sem' || n.startsWith('kernel.shm') || n.startsWith('kernel.msg') || n.startsWith('fs.mqueue.')) return 'ipc';
  return undefined;
}

function validateSysctls(spec: PodSpec, sc: PodSecurityContext, path: FieldPath, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (sc.sysctls ?? []).forEach((s, i) => {
    const name = s.name ?? '';
    const p = path.at(i).child('name');
    if (!name) errs.push(required(p));
    else if (name.length > 253 || !sysctlRe.test(name)) {
      errs.push(invalid(p, name, `must have at most 253 characters and match regex ${SYSCTL_RE_SOURCE}`));
    } else if (names.has(name)) errs.push(duplicate(p, name));
    if (!opts.allowNamespacedSysctlsForHostNetAndHostIPC) {
      const ns = sysctlNamespace(name);
      if (spec.hostNetwork && ns === 'net') errs.push(invalid(p, name, "may not be specified when 'hostNetwork' is true"));
      else if (spec.hostIPC && ns === 'ipc') errs.push(invalid(p, name, "may not be specified when 'hostIPC' is true"));
    }
    names.add(name);
  });
  return errs;
}

function validatePodSecurityContext(spec: PodSpec, path: FieldPath, opts: PodValidationOptions): FieldError[] {
  const sc = spec.securityContext;
  if (!sc) return [];
  const errs: FieldError[] = [];
  if (sc.fsGroup !== undefined && sc.fsGroup !== null) {
    for (const m of isValidGroupID(sc.fsGroup)) errs.push(invalid(path.child('fsGroup'), sc.fsGroup, m));
  }
  if (sc.runAsUser !== undefined && sc.runAsUser !== null) {
    for (const m of isValidUserID(sc.runAsUser)) errs.push(invalid(path.child('runAsUser'), sc.runAsUser, m));
  }
  if (sc.runAsGroup !== undefined && sc.runAsGroup !== null) {
    for (const m of isValidGroupID(sc.runAsGroup)) errs.push(invalid(path.child('runAsGroup'), sc.runAsGroup, m));
  }
  (sc.supplementalGroups ?? []).forEach((gid, g) => {
    for (const m of isValidGroupID(gid)) errs.push(invalid(path.child('supplementalGroups').at(g), gid, m));
  });
  if (spec.shareProcessNamespace === true && spec.hostPID) {
    errs.push(invalid(path.child('shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  }
  if ((sc.sysctls ?? []).length > 0) errs.push(...validateSysctls(spec, sc, path.child('sysctls'), opts));
  if (sc.fsGroupChangePolicy !== undefined && sc.fsGroupChangePolicy !== null) {
    if (sc.fsGroupChangePolicy !== 'Always' && sc.fsGroupChangePolicy !== 'OnRootMismatch') {
      errs.push(notSupported(path.child('fsGroupChangePolicy'), sc.fsGroupChangePolicy, ['Always', 'OnRootMismatch']));
    }
  }
  errs.push(...validateSeccompProfileField(sc.seccompProfile, path.child('seccompProfile')));
  errs.push(...validateAppArmorProfileField(sc.appArmorProfile, path.child('appArmorProfile')));
  if (sc.supplementalGroupsPolicy !== undefined && sc.supplementalGroupsPolicy !== null) {
    if (sc.supplementalGroupsPolicy !== 'Merge' && sc.supplementalGroupsPolicy !== 'Strict') {
      errs.push(notSupported(path.child('supplementalGroupsPolicy'), sc.supplementalGroupsPolicy, ['Merge', 'Strict']));
    }
  }
  const selinux = (sc as { seLinuxChangePolicy?: string }).seLinuxChangePolicy;
  if (selinux !== undefined && selinux !== null) {
    if (opts.allowOnlyRecursiveSELinuxChangePolicy) {
      if (selinux !== 'Recursive') errs.push(notSupported(path.child('seLinuxChangePolicy'), selinux, ['Recursive']));
    } else if (selinux !== 'MountOption' && selinux !== 'Recursive') {
      errs.push(notSupported(path.child('seLinuxChangePolicy'), selinux, ['MountOption', 'Recursive']));
    }
  }
  return errs;
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

function validatePodDNSConfig(spec: PodSpec, path: FieldPath, opts: PodValidationOptions): FieldError[] {
  const cfg = spec.dnsConfig;
  if (spec.dnsPolicy === 'None') {
    if (!cfg) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if ((cfg.nameservers ?? []).length === 0) {
      return [required(path.child('nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
    }
  }
  if (!cfg) return [];
  const errs: FieldError[] = [];
  const nameservers = cfg.nameservers ?? [];
  const searches = cfg.searches ?? [];
  if (nameservers.length > 3) errs.push(invalid(path.child('nameservers'), goStringSlice(nameservers), 'must not have more than 3 nameservers'));
  nameservers.forEach((ns, i) => errs.push(...ipLegacyErrors(ns).map((m) => invalid(path.child('nameservers').at(i), ns, m))));
  if (searches.length > 32) errs.push(invalid(path.child('searches'), goStringSlice(searches), 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) {
    errs.push(invalid(path.child('searches'), goStringSlice(searches), 'must not have more than 2048 characters (including spaces) in the search list'));
  }
  searches.forEach((search, i) => {
    const p = path.child('searches').at(i);
    if (opts.allowRelaxedDNSSearchValidation) {
      if (search !== '.') {
        const s = search.endsWith('.') ? search.slice(0, -1) : search;
        errs.push(...isDNS1123SubdomainWithUnderscore(s).map((m) => invalid(p, s, m)));
      }
    } else {
      const s = search.endsWith('.') ? search.slice(0, -1) : search;
      errs.push(...isDNS1123Subdomain(s).map((m) => invalid(p, s, m)));
    }
  });
  (cfg.options ?? []).forEach((o, i) => {
    if (!o.name) errs.push(required(path.child('options').at(i), 'must not be empty'));
  });
  return errs;
}

function validateHostNetworkPorts(spec: PodSpec, path: FieldPath, opts: PodValidationOptions): FieldError[] {
  if (!spec.hostNetwork) return [];
  const errs: FieldError[] = [];
  (spec.containers ?? []).forEach((ctr, i) => {
    (ctr.ports ?? []).forEach((port, j) => {
      const hp = port.hostPort ?? 0;
      const cp = port.containerPort ?? 0;
      if ((opts.resourceIsPod || hp !== 0) && hp !== cp) {
        errs.push(invalid(path.child('containers').at(i).child('ports').at(j).child('hostPort'), hp, 'must match `containerPort` when `hostNetwork` is true'));
      }
    });
  });
  return errs;
}

function validateImagePullSecrets(secrets: Array<Record<string, unknown>> | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (secrets ?? []).forEach((ref, i) => {
    const extra = Object.keys(ref).some((k) => k !== 'name' && ref[k] !== undefined);
    if (extra) errs.push(invalid(path.at(i), goStruct('core.LocalObjectReference', [['Name', goQuote(String(ref['name'] ?? ''))]]), 'only name may be set'));
  });
  return errs;
}

function visitContainers(spec: PodSpec, path: FieldPath, fn: (c: Container, p: FieldPath) => void): void {
  (spec.initContainers ?? []).forEach((c, i) => fn(c, path.child('initContainers').at(i)));
  (spec.containers ?? []).forEach((c, i) => fn(c, path.child('containers').at(i)));
  (spec.ephemeralContainers ?? []).forEach((c, i) => fn(c as unknown as Container, path.child('ephemeralContainers').at(i)));
}

function validateWindowsHostProcessPod(spec: PodSpec, path: FieldPath, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  let containers = 0;
  let hostProcess = 0;
  const podHostProcess = spec.securityContext?.windowsOptions?.hostProcess;
  visitContainers(spec, path, (c, p) => {
    containers++;
    const ctrHostProcess = c.securityContext?.windowsOptions?.hostProcess;
    if (podHostProcess !== undefined && podHostProcess !== null && ctrHostProcess !== undefined && ctrHostProcess !== null && podHostProcess !== ctrHostProcess) {
      errs.push(
        invalid(
          p.child('securityContext', 'windowsOptions', 'hostProcess'),
          ctrHostProcess,
          `pod hostProcess value must be identical if both are specified, was ${String(podHostProcess)}`,
        ),
      );
    }
    if (ctrHostProcess === true || ((ctrHostProcess === undefined || ctrHostProcess === null) && podHostProcess === true)) hostProcess++;
  });
  if (hostProcess > 0) {
    if (hostProcess !== containers) {
      errs.push(invalid(path, '', 'If pod contains any hostProcess containers then all containers must be HostProcess containers'));
    }
    if (!spec.hostNetwork) {
      errs.push(invalid(path.child('hostNetwork'), false, 'hostNetwork must be true if pod contains any hostProcess containers'));
    }
    if (!opts.allowPrivileged) errs.push(forbidden(path, 'hostProcess containers are disallowed by cluster policy'));
  }
  return errs;
}

function validateHostUsers(spec: PodSpec, path: FieldPath): FieldError[] {
  if (spec.hostUsers !== false) return [];
  const errs: FieldError[] = [];
  const msg = 'when `pod.Spec.HostUsers` is false';
  if (spec.hostNetwork) errs.push(forbidden(path.child('hostNetwork'), msg));
  if (spec.hostPID) errs.push(forbidden(path.child('HostPID'), msg));
  if (spec.hostIPC) errs.push(forbidden(path.child('HostIPC'), msg));
  return errs;
}

function validateOSSpecific(spec: PodSpec, path: FieldPath): FieldError[] {
  const os = spec.os;
  if (!os) return [];
  if (!os.name) return [required(path.child('os').child('name'), 'cannot be empty')];
  if (os.name !== 'linux' && os.name !== 'windows') return [notSupported(path.child('os'), os.name, ['linux', 'windows'])];
  const errs: FieldError[] = [];
  const sc = spec.securityContext;
  const msg = 'cannot be set for a windows pod';
  if (os.name === 'linux') {
    if (sc?.windowsOptions) errs.push(forbidden(path.child('securityContext').child('windowsOptions'), 'windows options cannot be set for a linux pod'));
    visitContainers(spec, path, (c, p) => {
      if (c.securityContext?.windowsOptions) {
        errs.push(forbidden(p.child('securityContext').child('windowsOptions'), 'windows options cannot be set for a linux pod'));
      }
    });
    return errs;
  }
  if (sc) {
    const scPath = path.child('securityContext');
    if (sc.appArmorProfile) errs.push(forbidden(scPath.child('appArmorProfile'), msg));
    if (sc.seLinuxOptions) errs.push(forbidden(scPath.child('seLinuxOptions'), msg));
  }
  if (spec.hostUsers !== undefined && spec.hostUsers !== null) errs.push(forbidden(path.child('hostUsers'), msg));
  if (spec.hostPID) errs.push(forbidden(path.child('hostPID'), msg));
  if (spec.hostIPC) errs.push(forbidden(path.child('hostIPC'), msg));
  if (sc) {
    const scPath = path.child('securityContext');
    if (sc.seccompProfile) errs.push(forbidden(scPath.child('seccompProfile'), msg));
    if (sc.fsGroup !== undefined && sc.fsGroup !== null) errs.push(forbidden(scPath.child('fsGroup'), msg));
    if (sc.fsGroupChangePolicy) errs.push(forbidden(scPath.child('fsGroupChangePolicy'), msg));
    if ((sc.sysctls ?? []).length > 0) errs.push(forbidden(scPath.child('sysctls'), msg));
  }
  if (spec.shareProcessNamespace !== undefined && spec.shareProcessNamespace !== null) errs.push(forbidden(path.child('shareProcessNamespace'), msg));
  if (sc) {
    const scPath = path.child('securityContext');
    if (sc.runAsUser !== undefined && sc.runAsUser !== null) errs.push(forbidden(scPath.child('runAsUser'), msg));
    if (sc.runAsGroup !== undefined && sc.runAsGroup !== null) errs.push(forbidden(scPath.child('runAsGroup'), msg));
    if (sc.supplementalGroups) errs.push(forbidden(scPath.child('supplementalGroups'), msg));
    if (sc.supplementalGroupsPolicy) errs.push(forbidden(scPath.child('supplementalGroupsPolicy'), msg));
    if ((sc as { seLinuxChangePolicy?: string }).seLinuxChangePolicy) errs.push(forbidden(scPath.child('seLinuxChangePolicy'), msg));
  }
  visitContainers(spec, path, (c, p) => {
    const csc = c.securityContext;
    if (!csc) return;
    const cp = p.child('securityContext');
    if (csc.appArmorProfile) errs.push(forbidden(cp.child('appArmorProfile'), msg));
    if (csc.seLinuxOptions) errs.push(forbidden(cp.child('seLinuxOptions'), msg));
    if (csc.seccompProfile) errs.push(forbidden(cp.child('seccompProfile'), msg));
    if (csc.capabilities) errs.push(forbidden(cp.child('capabilities'), msg));
    if (csc.readOnlyRootFilesystem !== undefined && csc.readOnlyRootFilesystem !== null) errs.push(forbidden(cp.child('readOnlyRootFilesystem'), msg));
    if (csc.privileged !== undefined && csc.privileged !== null) errs.push(forbidden(cp.child('privileged'), msg));
    if (csc.allowPrivilegeEscalation !== undefined && csc.allowPrivilegeEscalation !== null) errs.push(forbidden(cp.child('allowPrivilegeEscalation'), msg));
    if (csc.procMount) errs.push(forbidden(cp.child('procMount'), msg));
    if (csc.runAsUser !== undefined && csc.runAsUser !== null) errs.push(forbidden(cp.child('runAsUser'), msg));
    if (csc.runAsGroup !== undefined && csc.runAsGroup !== null) errs.push(forbidden(cp.child('runAsGroup'), msg));
  });
  return errs;
}

function goPodResourceClaim(claim: { name?: string; resourceClaimName?: string | null; resourceClaimTemplateName?: string | null }): GoValue {
  const ptr = (v: unknown): string => goPointer('string', v !== undefined && v !== null);
  return goStruct('core.PodResourceClaim', [
    ['Name', goQuote(claim.name ?? '')],
    ['ResourceClaimName', ptr(claim.resourceClaimName)],
    ['ResourceClaimTemplateName', ptr(claim.resourceClaimTemplateName)],
  ]);
}

function validateResourceClaims(
  annotations: Record<string, string> | undefined,
  claims: PodSpec['resourceClaims'],
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  for (const [i, claim] of (claims ?? []).entries()) {
    if (annotations && Object.prototype.hasOwnProperty.call(annotations, MIRROR_POD_ANNOTATION)) {
      errs.push(forbidden('[]', 'static pods do not support resource claims'));
      continue;
    }
    const p = path.at(i);
    const name = claim.name ?? '';
    if (!name) errs.push(required(p.child('name')));
    else if (names.has(name)) errs.push(duplicate(p.child('name'), name));
    else {
      errs.push(...isDNS1123Label(name).map((m) => invalid(p.child('name'), name, m)));
      names.add(name);
    }
    const c = claim as { name?: string; resourceClaimName?: string | null; resourceClaimTemplateName?: string | null };
    const hasName = c.resourceClaimName !== undefined && c.resourceClaimName !== null;
    const hasTemplate = c.resourceClaimTemplateName !== undefined && c.resourceClaimTemplateName !== null;
    if (hasName && hasTemplate) {
      errs.push(invalid(p, goPodResourceClaim(c), 'at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified'));
    }
    if (!hasName && !hasTemplate) {
      errs.push(invalid(p, goPodResourceClaim(c), 'must specify one of: `resourceClaimName`, `resourceClaimTemplateName`'));
    }
    if (hasName) {
      errs.push(...nameIsDNSSubdomain(c.resourceClaimName!, false).map((m) => invalid(p.child('resourceClaimName'), c.resourceClaimName, m)));
    }
    if (hasTemplate) {
      errs.push(
        ...nameIsDNSSubdomain(c.resourceClaimTemplateName!, false).map((m) =>
          invalid(p.child('resourceClaimTemplateName'), c.resourceClaimTemplateName, m),
        ),
      );
    }
  }
  return errs;
}

/** ValidatePodSpec. `podName` is set for Pods (not templates): it names ephemeral-volume PVCs. */
export function validatePodSpec(
  spec: PodSpec | undefined,
  podName: string | undefined,
  path: FieldPath,
  opts: PodValidationOptions,
  podAnnotations?: Record<string, string>,
): FieldError[] {
  const s = spec ?? ({} as PodSpec);
  const errs: FieldError[] = [];
  const grace = s.terminationGracePeriodSeconds ?? undefined;
  if (s.terminationGracePeriodSeconds === undefined || s.terminationGracePeriodSeconds === null) {
    errs.push(required(path.child('terminationGracePeriodSeconds')));
  }
  const hostUsers = s.hostUsers !== false;
  const volumes = validateVolumes(s.volumes, podName, path.child('volumes'), opts.allowNonLocalProjectedTokenPath);
  errs.push(...volumes.errors);
  const podClaimNames = new Set((s.resourceClaims ?? []).map((c) => c.name ?? '').filter((n) => n));
  errs.push(...validateResourceClaims(podAnnotations, s.resourceClaims, path.child('resourceClaims')));
  const ctx: ContainerContext = { volumes: volumes.volumes, podClaimNames, podRestartPolicy: s.restartPolicy ?? '', hostUsers, opts };
  const osName = s.os?.name;
  errs.push(...validateContainers(s.containers, osName, grace, ctx, path.child('containers')));
  errs.push(...validateInitContainers(s.initContainers, osName, s.containers, grace, ctx, path.child('initContainers')));
  errs.push(...validateEphemeralContainers(s.ephemeralContainers, s.containers, s.initContainers, ctx, path.child('ephemeralContainers')));
  errs.push(...validateHostNetworkPorts(s, path, opts));
  const restartPolicy = s.restartPolicy ?? '';
  if (restartPolicy === '') errs.push(required(path.child('restartPolicy')));
  else if (!RESTART_POLICIES.includes(restartPolicy)) errs.push(notSupported(path.child('restartPolicy'), restartPolicy, RESTART_POLICIES));
  const dnsPolicy = s.dnsPolicy ?? '';
  if (dnsPolicy === '') errs.push(required(path.child('dnsPolicy')));
  else if (!DNS_POLICIES.includes(dnsPolicy)) errs.push(notSupported(path.child('dnsPolicy'), dnsPolicy, DNS_POLICIES));
  errs.push(...validateLabels(s.nodeSelector, path.child('nodeSelector')));
  errs.push(...validatePodSecurityContext(s, path.child('securityContext'), opts));
  errs.push(...validateImagePullSecrets(s.imagePullSecrets as Array<Record<string, unknown>> | undefined, path.child('imagePullSecrets')));
  errs.push(
    ...validateAffinity(
      s.affinity,
      {
        allowInvalidLabelValueInSelector: opts.allowInvalidLabelValueInSelector,
        allowInvalidLabelValueInRequiredNodeAffinity: opts.allowInvalidLabelValueInRequiredNodeAffinity,
      },
      path.child('affinity'),
    ),
  );
  errs.push(...validatePodDNSConfig(s, path.child('dnsConfig'), opts));
  (s.readinessGates ?? []).forEach((gate, i) => {
    const type = gate.conditionType ?? '';
    errs.push(...isQualifiedName(type).map((m) => invalid(path.child('readinessGates').at(i).child('conditionType'), type, m)));
  });
  const gates = new Set<string>();
  (s.schedulingGates ?? []).forEach((gate, i) => {
    const name = gate.name ?? '';
    errs.push(...isQualifiedName(name).map((m) => invalid(path.child('schedulingGates').at(i), name, m)));
    if (gates.has(name)) errs.push(duplicate(path.child('schedulingGates').at(i), name));
    gates.add(name);
  });
  errs.push(...validateTopologySpreadConstraints(s.topologySpreadConstraints, opts.allowInvalidTopologySpreadConstraintLabelSelector, path.child('topologySpreadConstraints')));
  errs.push(...validateWindowsHostProcessPod(s, path, opts));
  errs.push(...validateHostUsers(s, path));
  if (s.serviceAccountName) {
    errs.push(...nameIsDNSSubdomain(s.serviceAccountName, false).map((m) => invalid(path.child('serviceAccountName'), s.serviceAccountName, m)));
  }
  if (s.nodeName) errs.push(...nameIsDNSSubdomain(s.nodeName, false).map((m) => invalid(path.child('nodeName'), s.nodeName, m)));
  if (s.activeDeadlineSeconds !== undefined && s.activeDeadlineSeconds !== null) {
    const v = s.activeDeadlineSeconds;
    if (v < 1 || v > MAX_INT32) errs.push(invalid(path.child('activeDeadlineSeconds'), v, inclusiveRangeError(1, MAX_INT32)));
  }
  if (s.hostname) errs.push(...isDNS1123Label(s.hostname).map((m) => invalid(path.child('hostname'), s.hostname, m)));
  if (s.subdomain) errs.push(...isDNS1123Label(s.subdomain).map((m) => invalid(path.child('subdomain'), s.subdomain, m)));
  if ((s.tolerations ?? []).length > 0) errs.push(...validateTolerations(s.tolerations, path.child('tolerations')));
  (s.hostAliases ?? []).forEach((alias, i) => {
    const p = path.child('hostAliases').at(i);
    errs.push(...ipLegacyErrors(alias.ip ?? '').map((m) => invalid(p.child('ip'), alias.ip ?? '', m)));
    (alias.hostnames ?? []).forEach((h, j) => errs.push(...isDNS1123Subdomain(h).map((m) => invalid(p.child('hostnames').at(j), h, m))));
  });
  if (s.priorityClassName) {
    errs.push(...nameIsDNSSubdomain(s.priorityClassName, false).map((m) => invalid(path.child('priorityClassName'), s.priorityClassName, m)));
  }
  if (s.runtimeClassName !== undefined && s.runtimeClassName !== null) {
    errs.push(...nameIsDNSSubdomain(s.runtimeClassName, false).map((m) => invalid(path.child('runtimeClassName'), s.runtimeClassName, m)));
  }
  if (s.preemptionPolicy !== undefined && s.preemptionPolicy !== null) {
    const p = path.child('preemptionPolicy');
    if (s.preemptionPolicy === '') errs.push(required(p));
    else if (s.preemptionPolicy !== 'PreemptLowerPriority' && s.preemptionPolicy !== 'Never') {
      errs.push(notSupported(p, s.preemptionPolicy, ['PreemptLowerPriority', 'Never']));
    }
  }
  if (s.overhead) {
    errs.push(...validateContainerResourceRequirements({ limits: s.overhead }, podClaimNames, path.child('overhead'), opts));
  }
  errs.push(...validateOSSpecific(s, path));
  return errs;
}

const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
const TOLERATIONS_ANNOTATION = 'scheduler.alpha.kubernetes.io/tolerations';
const DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';
const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function validateSeccompAnnotationValue(p: string, path: FieldPath): FieldError[] {
  if (p === 'runtime/default' || p === 'docker/default' || p === 'unconfined') return [];
  if (p.startsWith('localhost/')) return validateLocalDescendingPath(p.slice('localhost/'.length), path);
  return [invalid(path, p, 'must be a valid seccomp profile')];
}

function podSpecHasContainer(spec: PodSpec, name: string): boolean {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])].some((c) => c.name === name);
}

/** ValidatePodSpecificAnnotations. */
export function validatePodSpecificAnnotations(
  annotations: Record<string, string> | undefined,
  spec: PodSpec,
  path: FieldPath,
  opts: PodValidationOptions,
): FieldError[] {
  const a = annotations ?? {};
  const errs: FieldError[] = [];
  if (Object.prototype.hasOwnProperty.call(a, MIRROR_POD_ANNOTATION) && !spec.nodeName) {
    errs.push(invalid(path.key(MIRROR_POD_ANNOTATION), a[MIRROR_POD_ANNOTATION], 'must set spec.nodeName if mirror pod annotation is set'));
  }
  if (a[TOLERATIONS_ANNOTATION]) {
    let tolerations: unknown;
    try {
      tolerations = JSON.parse(a[TOLERATIONS_ANNOTATION]);
    } catch (e) {
      errs.push(invalid(path, TOLERATIONS_ANNOTATION, (e as Error).message));
    }
    if (Array.isArray(tolerations) && tolerations.length > 0) {
      errs.push(...validateTolerations(tolerations as Toleration[], path.child(TOLERATIONS_ANNOTATION)));
    }
  }
  if (!opts.allowInvalidPodDeletionCost && Object.prototype.hasOwnProperty.call(a, DELETION_COST_ANNOTATION)) {
    const v = a[DELETION_COST_ANNOTATION]!;
    const ok = /^[+-]?\d+$/.test(v) && Number(v) >= -2147483648 && Number(v) <= MAX_INT32;
    if (!ok) errs.push(invalid(path.key(DELETION_COST_ANNOTATION), v, 'must be a 32bit integer'));
  }
  if (Object.prototype.hasOwnProperty.call(a, SECCOMP_POD_ANNOTATION)) {
    errs.push(...validateSeccompAnnotationValue(a[SECCOMP_POD_ANNOTATION]!, path.child(SECCOMP_POD_ANNOTATION)));
  }
  for (const [k, v] of Object.entries(a)) {
    if (k.startsWith(SECCOMP_CONTAINER_PREFIX)) errs.push(...validateSeccompAnnotationValue(v, path.child(k)));
  }
  for (const [k, v] of Object.entries(a)) {
    if (!k.startsWith(APPARMOR_CONTAINER_PREFIX)) continue;
    const containerName = k.slice(APPARMOR_CONTAINER_PREFIX.length);
    if (!podSpecHasContainer(spec, containerName)) errs.push(invalid(path.key(k), containerName, 'container not found'));
    if (v !== '' && v !== 'runtime/default' && v !== 'unconfined' && !v.startsWith('localhost/')) {
      errs.push(invalid(path.key(k), v, `invalid AppArmor profile name: ${goQuote(v)}`));
    }
  }
  return errs;
}

/** seccomp/AppArmor annotations that disagree with the security context fields (on create). */
export function validateSecurityAnnotationsMatchFields(annotations: Record<string, string> | undefined, spec: PodSpec, specPath: FieldPath): FieldError[] {
  const a = annotations ?? {};
  const errs: FieldError[] = [];
  const seccompMatch = (annotation: string, field: { type?: string; localhostProfile?: string | null }, p: FieldPath): void => {
    switch (field.type) {
      case 'Unconfined':
        if (annotation !== 'unconfined') errs.push(forbidden(p.child('type'), 'seccomp type in annotation and field must match'));
        break;
      case 'RuntimeDefault':
        if (annotation !== 'runtime/default' && annotation !== 'docker/default') {
          errs.push(forbidden(p.child('type'), 'seccomp type in annotation and field must match'));
        }
        break;
      case 'Localhost':
        if (!annotation.startsWith('localhost/')) errs.push(forbidden(p.child('type'), 'seccomp type in annotation and field must match'));
        else if (field.localhostProfile === undefined || field.localhostProfile === null || annotation.slice(10) !== field.localhostProfile) {
          errs.push(forbidden(p.child('localhostProfile'), 'seccomp profile in annotation and field must match'));
        }
        break;
    }
  };
  const podSeccomp = spec.securityContext?.seccompProfile;
  if (podSeccomp && Object.prototype.hasOwnProperty.call(a, SECCOMP_POD_ANNOTATION)) {
    seccompMatch(a[SECCOMP_POD_ANNOTATION]!, podSeccomp, specPath.child('securityContext').child('seccompProfile'));
  }
  visitContainers(spec, specPath, (c, p) => {
    const field = c.securityContext?.seccompProfile;
    const key = SECCOMP_CONTAINER_PREFIX + (c.name ?? '');
    if (field && Object.prototype.hasOwnProperty.call(a, key)) seccompMatch(a[key]!, field, p.child('securityContext').child('seccompProfile'));
  });
  if (spec.os?.name === 'windows') return errs;
  const podProfile = spec.securityContext?.appArmorProfile;
  visitContainers(spec, specPath, (c, p) => {
    const profile = c.securityContext?.appArmorProfile ?? podProfile;
    if (!profile) return;
    const key = APPARMOR_CONTAINER_PREFIX + (c.name ?? '');
    if (!Object.prototype.hasOwnProperty.call(a, key)) return;
    const annotation = a[key]!;
    const ap = p.child('securityContext').child('appArmorProfile');
    switch (profile.type) {
      case 'Unconfined':
        if (annotation !== 'unconfined') errs.push(forbidden(ap.child('type'), 'apparmor type in annotation and field must match'));
        break;
      case 'RuntimeDefault':
        if (annotation !== 'runtime/default') errs.push(forbidden(ap.child('type'), 'apparmor type in annotation and field must match'));
        break;
      case 'Localhost':
        if (!annotation.startsWith('localhost/')) errs.push(forbidden(ap.child('type'), 'apparmor type in annotation and field must match'));
        else if (profile.localhostProfile === undefined || profile.localhostProfile === null || annotation.slice(10) !== profile.localhostProfile) {
          errs.push(forbidden(ap.child('localhostProfile'), 'apparmor profile in annotation and field must match'));
        }
        break;
    }
  });
  return errs;
}

