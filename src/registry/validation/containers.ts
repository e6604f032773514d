// Container validation inside a pod spec: names and images, ports, env and envFrom, volume
// mounts and devices against the pod's volumes, pull policy, resources (names, quantities,
// requests against limits), resize policy, security context, probes and lifecycle handlers;
// and the lists: containers, init containers (sidecars), ephemeral containers.
import {
  duplicate,
  forbidden,
  invalid,
  notFound,
  notSupported,
  required,
  sortedValues,
  type FieldError,
} from './fieldErrors.js';
import type { FieldPath } from './fieldPath.js';
import {
  isConfigMapKey,
  isDNS1123Label,
  isEnvVarName,
  isHTTPHeaderName,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidGroupID,
  isValidPortName,
  isValidPortNum,
  isValidUserID,
} from './formats.js';
import { GoValue, goPointer, goQuote, goStruct } from './goFormat.js';
import { nameIsDNSSubdomain, validateNonnegativeField } from './objectMeta.js';
import { tryParseQuantity, type Quantity } from '../../api/quantity.js';
import type {
  Container,
  ContainerPort,
  EnvFromSource,
  EnvVar,
  EphemeralContainer,
  Lifecycle,
  LifecycleHandler,
  Probe,
  ResourceRequirements,
  SecurityContext,
  VolumeDevice,
  VolumeMount,
} from './types.js';
import {
  validateContainerResourceFieldSelector,
  validateLocalDescendingPath,
  validateObjectFieldSelector,
  validatePathNoBacksteps,
  validEnvDownwardAPIFieldPaths,
} from './volumeSources.js';

export interface PodValidationOptions {
  allowInvalidPodDeletionCost: boolean;
  allowInvalidLabelValueInSelector: boolean;
  allowIndivisibleHugePagesValues: boolean;
  allowInvalidTopologySpreadConstraintLabelSelector: boolean;
  allowNonLocalProjectedTokenPath: boolean;
  allowNamespacedSysctlsForHostNetAndHostIPC: boolean;
  /** The object is a Pod (not a template): stricter hostNetwork port rules. */
  resourceIsPod: boolean;
  allowRelaxedEnvironmentVariableValidation: boolean;
  allowRelaxedDNSSearchValidation: boolean;
  allowPodLifecycleSleepActionZeroValue: boolean;
  allowOnlyRecursiveSELinuxChangePolicy: boolean;
  allowInvalidLabelValueInRequiredNodeAffinity: boolean;
  /** kube-apiserver --allow-privileged (kubeadm, kind and most clusters set it). */
  allowPrivileged: boolean;
}

/** The options a v1.33 API server uses for a new object (feature gates at their defaults). */
export function defaultPodValidationOptions(resourceIsPod: boolean): PodValidationOptions {
  return {
    allowInvalidPodDeletionCost: false,
    allowInvalidLabelValueInSelector: false,
    allowIndivisibleHugePagesValues: false,
    allowInvalidTopologySpreadConstraintLabelSelector: false,
    allowNonLocalProjectedTokenPath: false,
    allowNamespacedSysctlsForHostNetAndHostIPC: false,
    resourceIsPod,
    allowRelaxedEnvironmentVariableValidation: true,
    allowRelaxedDNSSearchValidation: true,
    allowPodLifecycleSleepActionZeroValue: true,
    allowOnlyRecursiveSELinuxChangePolicy: true,
    allowInvalidLabelValueInRequiredNodeAffinity: false,
    allowPrivileged: true,
  };
}

/** The pod's valid volumes: name → whether it is a claim (PVC or ephemeral). */
export type VolumeIndex = Map<string, { isClaim: boolean }>;

const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

export function validateContainerPorts(ports: ContainerPort[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const p = path.at(i);
    const name = port.name ?? '';
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) msgs.forEach((m) => errs.push(invalid(p.child('name'), name, m)));
      else if (names.has(name)) errs.push(duplicate(p.child('name'), name));
      else names.add(name);
    }
    const containerPort = port.containerPort ?? 0;
    if (containerPort === 0) errs.push(required(p.child('containerPort')));
    else for (const m of isValidPortNum(containerPort)) errs.push(invalid(p.child('containerPort'), containerPort, m));
    const hostPort = port.hostPort ?? 0;
    if (hostPort !== 0) for (const m of isValidPortNum(hostPort)) errs.push(invalid(p.child('hostPort'), hostPort, m));
    const protocol = port.protocol ?? '';
    if (!protocol) errs.push(required(p.child('protocol')));
    else if (!PORT_PROTOCOLS.includes(protocol)) errs.push(notSupported(p.child('protocol'), protocol, PORT_PROTOCOLS));
  });
  return errs;
}

function envNameErrors(name: string, opts: PodValidationOptions): string[] {
  return opts.allowRelaxedEnvironmentVariableValidation ? isRelaxedEnvVarName(name) : isEnvVarName(name);
}

function validateKeySelector(s: { name?: string; key?: string }, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = s.name ?? '';
  for (const m of nameIsDNSSubdomain(name, false)) errs.push(invalid(path.child('name'), name, m));
  if (!s.key) errs.push(required(path.child('key')));
  else for (const m of isConfigMapKey(s.key)) errs.push(invalid(path.child('key'), s.key, m));
  return errs;
}

function validateEnvVarValueFrom(ev: EnvVar, path: FieldPath): FieldError[] {
  const from = ev.valueFrom;
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  if (from.fieldRef) {
    sources++;
    errs.push(...validateObjectFieldSelector(from.fieldRef, validEnvDownwardAPIFieldPaths, path.child('fieldRef')));
  }
  if (from.resourceFieldRef) {
    sources++;
    errs.push(...validateContainerResourceFieldSelector(from.resourceFieldRef, path.child('resourceFieldRef'), false));
  }
  if (from.configMapKeyRef) {
    sources++;
    errs.push(...validateKeySelector(from.configMapKeyRef, path.child('configMapKeyRef')));
  }
  if (from.secretKeyRef) {
    sources++;
    errs.push(...validateKeySelector(from.secretKeyRef, path.child('secretKeyRef')));
  }
  if (sources === 0) {
    errs.push(invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  } else if (ev.value) {
    errs.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}

export function validateEnv(vars: EnvVar[] | undefined, path: FieldPath, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  (vars ?? []).forEach((ev, i) => {
    const p = path.at(i);
    const name = ev.name ?? '';
    if (!name) errs.push(required(p.child('name')));
    else for (const m of envNameErrors(name, opts)) errs.push(invalid(p.child('name'), name, m));
    errs.push(...validateEnvVarValueFrom(ev, p.child('valueFrom')));
  });
  return errs;
}

export function validateEnvFrom(vars: EnvFromSource[] | undefined, path: FieldPath, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  (vars ?? []).forEach((ev, i) => {
    const p = path.at(i);
    if (ev.prefix) for (const m of envNameErrors(ev.prefix, opts)) errs.push(invalid(p.child('prefix'), ev.prefix, m));
    let sources = 0;
    for (const kind of ['configMapRef', 'secretRef'] as const) {
      const ref = ev[kind];
      if (!ref) continue;
      sources++;
      const name = ref.name ?? '';
      if (!name) errs.push(required(p.child(kind).child('name')));
      else for (const m of nameIsDNSSubdomain(name, true)) errs.push(invalid(p.child(kind).child('name'), name, m));
    }
    if (sources === 0) errs.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

const MOUNT_PROPAGATIONS = ['Bidirectional', 'HostToContainer', 'None'];
const RECURSIVE_READ_ONLY = ['Disabled', 'Enabled', 'IfPossible'];

export function validateVolumeMounts(
  mounts: VolumeMount[] | undefined,
  devices: Map<string, string>,
  volumes: VolumeIndex,
  container: Container | undefined,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  const devicePaths = new Set(devices.values());
  (mounts ?? []).forEach((mnt, i) => {
    const p = path.at(i);
    const name = mnt.name ?? '';
    const mountPath = mnt.mountPath ?? '';
    if (!name) errs.push(required(p.child('name')));
    if (!volumes.has(name)) errs.push(notFound(p.child('name'), name));
    if (!mountPath) errs.push(required(p.child('mountPath')));
    if (mountPoints.has(mountPath)) errs.push(invalid(p.child('mountPath'), mountPath, 'must be unique'));
    mountPoints.add(mountPath);
    if (devices.has(name)) errs.push(invalid(p.child('name'), name, 'must not already exist in volumeDevices'));
    if (devicePaths.has(mountPath)) errs.push(invalid(p.child('mountPath'), mountPath, 'must not already exist as a path in volumeDevices'));
    if (mnt.subPath) errs.push(...validateLocalDescendingPath(mnt.subPath, path.child('subPath')));
    if (mnt.subPathExpr) {
      if (mnt.subPath) errs.push(invalid(p.child('subPathExpr'), mnt.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(mnt.subPathExpr, path.child('subPathExpr')));
    }
    if (mnt.mountPropagation !== undefined && mnt.mountPropagation !== null) {
      const mp = mnt.mountPropagation;
      const mpPath = path.child('mountPropagation');
      if (!MOUNT_PROPAGATIONS.includes(mp)) errs.push(notSupported(mpPath, mp, MOUNT_PROPAGATIONS));
      if (container) {
        const privileged = container.securityContext?.privileged === true;
        if (mp === 'Bidirectional' && !privileged) {
          errs.push(forbidden(mpPath, 'Bidirectional mount propagation is available only to privileged containers'));
        }
      }
    }
    const rro = mnt.recursiveReadOnly;
    if (rro !== undefined && rro !== null) {
      const rroPath = path.child('recursiveReadOnly');
      if (rro === 'Enabled' || rro === 'IfPossible') {
        if (!mnt.readOnly) errs.push(forbidden(rroPath, 'may only be specified when readOnly is true'));
        if (mnt.mountPropagation && mnt.mountPropagation !== 'None') {
          errs.push(forbidden(rroPath, 'may only be specified when mountPropagation is None or not specified'));
        }
      } else if (rro !== 'Disabled') {
        errs.push(notSupported(rroPath, rro, RECURSIVE_READ_ONLY));
      }
    }
  });
  return errs;
}

export function validateVolumeDevices(
  devices: VolumeDevice[] | undefined,
  mounts: Map<string, string>,
  volumes: VolumeIndex,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const devicePaths = new Set<string>();
  const deviceNames = new Set<string>();
  const mountPaths = new Set(mounts.values());
  (devices ?? []).forEach((dev, i) => {
    const p = path.at(i);
    const name = dev.name ?? '';
    const devPath = dev.devicePath ?? '';
    const volume = volumes.get(name);
    if (!name) errs.push(required(p.child('name')));
    if (deviceNames.has(name)) errs.push(invalid(p.child('name'), name, 'must be unique'));
    if (volume && !volume.isClaim) {
      errs.push(invalid(p.child('name'), name, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'));
    }
    if (!volume) errs.push(notFound(p.child('name'), name));
    if (!devPath) errs.push(required(p.child('devicePath')));
    if (devicePaths.has(devPath)) errs.push(invalid(p.child('devicePath'), devPath, 'must be unique'));
    if (devPath && validatePathNoBacksteps(devPath, path.child('devicePath')).length > 0) {
      errs.push(invalid(p.child('devicePath'), devPath, "can not contain backsteps ('..')"));
    } else {
      devicePaths.add(devPath);
    }
    if (mounts.has(name)) errs.push(invalid(p.child('name'), name, 'must not already exist in volumeMounts'));
    if (mountPaths.has(devPath)) errs.push(invalid(p.child('devicePath'), devPath, 'must not already exist as a path in volumeMounts'));
    if (name) deviceNames.add(name);
  });
  return errs;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

function validatePullPolicy(policy: string | undefined, path: FieldPath): FieldError[] {
  if (!policy) return [required(path)];
  return PULL_POLICIES.includes(policy) ? [] : [notSupported(path, policy, PULL_POLICIES)];
}

const standardResources = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu',
  'limits.memory', 'limits.ephemeral-storage', 'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets',
  'configmaps', 'persistentvolumeclaims', 'storage', 'requests.storage', 'services.nodeports', 'services.loadbalancers',
]);
const integerResources = new Set([
  'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers',
]);

export function isHugePageResourceName(name: string): boolean {
  return name.startsWith('hugepages-');
}

export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePageResourceName(name);
}

function isStandardResourceName(name: string): boolean {
  return standardResources.has(name) || name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
}

function isStandardContainerResourceName(name: string): boolean {
  return name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || isHugePageResourceName(name);
}

export function validateResourceName(name: string, path: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (errs.length > 0) return errs;
  if (!name.includes('/') && !isStandardResourceName(name)) {
    return [invalid(path, name, 'must be a standard resource type or fully qualified')];
  }
  return [];
}

export function validateContainerResourceName(name: string, path: FieldPath): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes('/')) {
    if (!isStandardContainerResourceName(name)) errs.push(invalid(path, name, 'must be a standard resource for containers'));
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** ValidateResourceQuantityValue: not negative; whole for integer resources. */
export function validateResourceQuantityValue(resource: string, q: Quantity, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (q.sign() < 0) errs.push(invalid(path, q.toString(), 'must be greater than or equal to 0'));
  if (integerResources.has(resource) || isExtendedResourceName(resource)) {
    if (q.milliValue() % 1000n !== 0n) errs.push(invalid(path, new GoValue(q.goString()), 'must be an integer'));
  }
  return errs;
}

function hugePageValueError(name: string, q: Quantity, opts: PodValidationOptions): string | undefined {
  if (!isHugePageResourceName(name) || opts.allowIndivisibleHugePagesValues) return undefined;
  const pageSize = tryParseQuantity(name.slice('hugepages-'.length));
  const divisible =
    pageSize !== undefined &&
    pageSize.sign() > 0 &&
    pageSize.milliValue() % 1000n === 0n &&
    q.value() % pageSize.value() === 0n;
  return divisible ? undefined : `${q.toString()} is not positive integer multiple of ${name}`;
}

export function validateContainerResourceRequirements(
  reqs: ResourceRequirements | undefined,
  podClaimNames: Set<string>,
  path: FieldPath,
  opts: PodValidationOptions,
): FieldError[] {
  const errs: FieldError[] = [];
  const limPath = path.child('limits');
  const reqPath = path.child('requests');
  const limits = (reqs?.limits ?? {}) as Record<string, unknown>;
  const requests = (reqs?.requests ?? {}) as Record<string, unknown>;
  let limCpuMem = false;
  let reqCpuMem = false;
  let limHuge = false;
  let reqHuge = false;
  const parsedLimits = new Map<string, Quantity>();
  for (const [name, raw] of Object.entries(limits)) {
    const p = limPath.key(name);
    errs.push(...validateContainerResourceName(name, p));
    const q = tryParseQuantity(raw);
    if (!q) continue;
    parsedLimits.set(name, q);
    errs.push(...validateResourceQuantityValue(name, q, p));
    if (isHugePageResourceName(name)) {
      limHuge = true;
      const msg = hugePageValueError(name, q, opts);
      if (msg) errs.push(invalid(p, q.toString(), msg));
    }
    if (name === 'cpu' || name === 'memory') limCpuMem = true;
  }
  for (const [name, raw] of Object.entries(requests)) {
    const p = reqPath.key(name);
    errs.push(...validateContainerResourceName(name, p));
    const q = tryParseQuantity(raw);
    if (!q) continue;
    errs.push(...validateResourceQuantityValue(name, q, p));
    const limit = parsedLimits.get(name);
    if (Object.prototype.hasOwnProperty.call(limits, name) && limit) {
      if (q.cmp(limit) !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalid(reqPath, q.toString(), `must be equal to ${name} limit of ${limit.toString()}`));
      } else if (q.cmp(limit) > 0) {
        errs.push(invalid(reqPath, q.toString(), `must be less than or equal to ${name} limit of ${limit.toString()}`));
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePageResourceName(name)) {
      reqHuge = true;
      const msg = hugePageValueError(name, q, opts);
      if (msg) errs.push(invalid(p, q.toString(), msg));
    }
    if (name === 'cpu' || name === 'memory') reqCpuMem = true;
  }
  if (!limCpuMem && !reqCpuMem && (reqHuge || limHuge)) errs.push(forbidden(path, 'HugePages require cpu or memory'));
  errs.push(...validateResourceClaimNames(reqs?.claims, podClaimNames, path.child('claims')));
  return errs;
}

function validateResourceClaimNames(
  claims: Array<{ name?: string; request?: string }> | undefined,
  podClaimNames: Set<string>,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (claims ?? []).forEach((claim, i) => {
    const name = claim.name ?? '';
    if (!name) {
      errs.push(required(path.at(i)));
      return;
    }
    if (names.has(name)) {
      errs.push(duplicate(path.at(i), name));
    } else {
      let key = name;
      if (claim.request) {
        errs.push(...isDNS1123Label(claim.request).map((m) => invalid(path.at(i).child('request'), claim.request, m)));
        key += `/${claim.request}`;
      }
      if (names.has(key)) {
        errs.push(duplicate(path.at(i), key));
      } else if (!claim.request) {
        for (const existing of names) {
          const slash = existing.indexOf('/');
          if (slash >= 0 && existing.slice(0, slash) === name) errs.push(duplicate(path.at(i), name));
        }
      }
      names.add(key);
    }
    if (!podClaimNames.has(name)) {
      const detail =
        podClaimNames.size === 0
          ? 'must be one of the names in pod.spec.resourceClaims which is empty'
          : `must be one of the names in pod.spec.resourceClaims: ${sortedValues(podClaimNames).join(', ')}`;
      errs.push(notFound(path.at(i), name, detail));
    }
  });
  return errs;
}

function validateResizePolicy(
  policies: Array<{ resourceName?: string; restartPolicy?: string }> | undefined,
  path: FieldPath,
  podRestartPolicy: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (policies ?? []).forEach((p, i) => {
    const name = p.resourceName ?? '';
    if (seen.has(name)) errs.push(duplicate(path.at(i), name));
    seen.add(name);
    if (name === '') errs.push(required(path));
    else if (name !== 'cpu' && name !== 'memory') errs.push(notSupported(path, name, ['cpu', 'memory']));
    const policy = p.restartPolicy ?? '';
    if (policy === '') errs.push(required(path));
    else if (policy !== 'NotRequired' && policy !== 'RestartContainer') errs.push(notSupported(path, policy, ['NotRequired', 'RestartContainer']));
    if (podRestartPolicy === 'Never' && policy !== 'NotRequired') {
      errs.push(invalid(path, policy, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
    }
  });
  return errs;
}

function goSecurityContext(sc: SecurityContext): GoValue {
  const ptr = (type: string, v: unknown): string => goPointer(type, v !== undefined && v !== null);
  return goStruct('core.SecurityContext', [
    ['Capabilities', ptr('core.Capabilities', sc.capabilities)],
    ['Privileged', ptr('bool', sc.privileged)],
    ['SELinuxOptions', ptr('core.SELinuxOptions', sc.seLinuxOptions)],
    ['WindowsOptions', ptr('core.WindowsSecurityContextOptions', sc.windowsOptions)],
    ['RunAsUser', ptr('int64', sc.runAsUser)],
    ['RunAsGroup', ptr('int64', sc.runAsGroup)],
    ['RunAsNonRoot', ptr('bool', sc.runAsNonRoot)],
    ['ReadOnlyRootFilesystem', ptr('bool', sc.readOnlyRootFilesystem)],
    ['AllowPrivilegeEscalation', ptr('bool', sc.allowPrivilegeEscalation)],
    ['ProcMount', ptr('core.ProcMountType', sc.procMount)],
    ['SeccompProfile', ptr('core.SeccompProfile', sc.seccompProfile)],
    ['AppArmorProfile', ptr('core.AppArmorProfile', sc.appArmorProfile)],
  ]);
}

export function validateSeccompProfileField(sp: { type?: string; localhostProfile?: string | null } | undefined, path: FieldPath): FieldError[] {
  if (!sp) return [];
  const errs: FieldError[] = [];
  const type = sp.type ?? '';
  if (type === '') errs.push(required(path.child('type'), 'type is required when seccompProfile is set'));
  else if (!['Localhost', 'RuntimeDefault', 'Unconfined'].includes(type)) {
    errs.push(notSupported(path.child('type'), type, ['Localhost', 'RuntimeDefault', 'Unconfined']));
  }
  if (type === 'Localhost') {
    if (sp.localhostProfile === undefined || sp.localhostProfile === null) {
      errs.push(required(path.child('localhostProfile'), 'must be set when seccomp type is Localhost'));
    } else {
      errs.push(...validateLocalDescendingPath(sp.localhostProfile, path.child('localhostProfile')));
    }
  } else if (sp.localhostProfile !== undefined && sp.localhostProfile !== null) {
    const value = goStruct('core.SeccompProfile', [
      ['Type', goQuote(type)],
      ['LocalhostProfile', goPointer('string', true)],
    ]);
    errs.push(invalid(path.child('localhostProfile'), value, 'can only be set when seccomp type is Localhost'));
  }
  return errs;
}

export function validateAppArmorProfileField(
  profile: { type?: string; localhostProfile?: string | null } | undefined,
  path: FieldPath,
): FieldError[] {
  if (!profile) return [];
  const errs: FieldError[] = [];
  const type = profile.type ?? '';
  const local = profile.localhostProfile;
  switch (type) {
    case 'Localhost':
      if (local === undefined || local === null) {
        errs.push(required(path.child('localhostProfile'), 'must be set when AppArmor type is Localhost'));
      } else {
        const trimmed = local.trim();
        if (trimmed !== local) errs.push(invalid(path.child('localhostProfile'), local, 'must not be padded with whitespace'));
        else if (trimmed === '') errs.push(required(path.child('localhostProfile'), 'must be set when AppArmor type is Localhost'));
        if (Buffer.byteLength(local) > 4095) {
          errs.push({ type: 'FieldValueTooLong', field: path.child('localhostProfile').toString(), badValue: '<value omitted>', detail: 'may not be more than 4095 bytes' });
        }
      }
      break;
    case 'RuntimeDefault':
    case 'Unconfined':
      if (local !== undefined && local !== null) {
        errs.push(invalid(path.child('localhostProfile'), local, 'can only be set when AppArmor type is Localhost'));
      }
      break;
    case '':
      errs.push(required(path.child('type'), 'type is required when appArmorProfile is set'));
      break;
    default:
      errs.push(notSupported(path.child('type'), type, ['Localhost', 'RuntimeDefault', 'Unconfined']));
  }
  return errs;
}

export function validateSecurityContext(sc: SecurityContext | undefined, path: FieldPath, hostUsers: boolean, opts: PodValidationOptions): FieldError[] {
  if (!sc) return [];
  const errs: FieldError[] = [];
  if (sc.privileged === true && !opts.allowPrivileged) errs.push(forbidden(path.child('privileged'), 'disallowed by cluster policy'));
  if (sc.runAsUser !== undefined && sc.runAsUser !== null) {
    for (const m of isValidUserID(sc.runAsUser)) errs.push(invalid(path.child('runAsUser'), sc.runAsUser, m));
  }
  if (sc.runAsGroup !== undefined && sc.runAsGroup !== null) {
    for (const m of isValidGroupID(sc.runAsGroup)) errs.push(invalid(path.child('runAsGroup'), sc.runAsGroup, m));
  }
  if (sc.procMount !== undefined && sc.procMount !== null) {
    if (sc.procMount !== 'Default' && sc.procMount !== 'Unmasked') {
      errs.push(notSupported(path.child('procMount'), sc.procMount, ['Default', 'Unmasked']));
    }
    if (hostUsers && sc.procMount === 'Unmasked') {
      errs.push(invalid(path.child('procMount'), sc.procMount, '`hostUsers` must be false to use `Unmasked`'));
    }
  }
  errs.push(...validateSeccompProfileField(sc.seccompProfile, path.child('seccompProfile')));
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) {
      errs.push(invalid(path, goSecurityContext(sc), 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    }
    for (const cap of sc.capabilities?.add ?? []) {
      if (cap === 'CAP_SYS_ADMIN') {
        errs.push(invalid(path, goSecurityContext(sc), 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
      }
    }
  }
  errs.push(...validateAppArmorProfileField(sc.appArmorProfile, path.child('appArmorProfile')));
  return errs;
}

interface Handler {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port?: number | string; scheme?: string; httpHeaders?: Array<{ name?: string }> };
  tcpSocket?: { port?: number | string };
  grpc?: { port?: number };
  sleep?: { seconds?: number };
}

export function validatePortNumOrName(port: number | string | undefined, path: FieldPath): FieldError[] {
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(path, port, m));
  const n = port ?? 0;
  return isValidPortNum(n).map((m) => invalid(path, n, m));
}

function validateHandler(handler: Handler, gracePeriod: number | undefined, path: FieldPath, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  const take = (name: keyof Handler, validate: () => FieldError[]): void => {
    if (!handler[name]) return;
    if (count > 0) {
      errs.push(forbidden(path.child(name), 'may not specify more than 1 handler type'));
      return;
    }
    count++;
    errs.push(...validate());
  };
  take('exec', () => ((handler.exec!.command ?? []).length === 0 ? [required(path.child('exec').child('command'))] : []));
  take('httpGet', () => {
    const h = handler.httpGet!;
    const p = path.child('httpGet');
    const out: FieldError[] = [];
    if (!h.path) out.push(required(p.child('path')));
    out.push(...validatePortNumOrName(h.port, p.child('port')));
    const scheme = h.scheme ?? '';
    if (scheme !== 'HTTP' && scheme !== 'HTTPS') out.push(notSupported(p.child('scheme'), scheme, ['HTTP', 'HTTPS']));
    for (const header of h.httpHeaders ?? []) {
      for (const m of isHTTPHeaderName(header.name ?? '')) out.push(invalid(p.child('httpHeaders'), header.name ?? '', m));
    }
    return out;
  });
  take('tcpSocket', () => validatePortNumOrName(handler.tcpSocket!.port, path.child('tcpSocket').child('port')));
  take('grpc', () => validatePortNumOrName(handler.grpc!.port ?? 0, path.child('grpc').child('port')));
  take('sleep', () => {
    const seconds = handler.sleep!.seconds ?? 0;
    if (gracePeriod === undefined) return [];
    if (opts.allowPodLifecycleSleepActionZeroValue) {
      if (seconds < 0 || seconds > gracePeriod) {
        return [invalid(path.child('sleep'), seconds, `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`)];
      }
    } else if (seconds <= 0 || seconds > gracePeriod) {
      return [
        invalid(
          path.child('sleep'),
          seconds,
          `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
        ),
      ];
    }
    return [];
  });
  if (count === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

function validateProbe(probe: Probe, gracePeriod: number | undefined, path: FieldPath, opts: PodValidationOptions): FieldError[] {
  const errs = validateHandler({ exec: probe.exec, httpGet: probe.httpGet, tcpSocket: probe.tcpSocket, grpc: probe.grpc }, gracePeriod, path, opts);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    errs.push(...validateNonnegativeField(probe[f] ?? 0, path.child(f)));
  }
  const tgps = probe.terminationGracePeriodSeconds;
  if (tgps !== undefined && tgps !== null && tgps <= 0) {
    errs.push(invalid(path.child('terminationGracePeriodSeconds'), tgps, 'must be greater than 0'));
  }
  return errs;
}

function validateLivenessOrStartupProbe(probe: Probe | undefined, gracePeriod: number | undefined, path: FieldPath, opts: PodValidationOptions): FieldError[] {
  if (!probe) return [];
  const errs = validateProbe(probe, gracePeriod, path, opts);
  if ((probe.successThreshold ?? 0) !== 1) errs.push(invalid(path.child('successThreshold'), probe.successThreshold ?? 0, 'must be 1'));
  return errs;
}

function validateReadinessProbe(probe: Probe | undefined, gracePeriod: number | undefined, path: FieldPath, opts: PodValidationOptions): FieldError[] {
  if (!probe) return [];
  const errs = validateProbe(probe, gracePeriod, path, opts);
  if (probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds !== null) {
    errs.push(invalid(path.child('terminationGracePeriodSeconds'), probe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  }
  return errs;
}

const linuxStopSignals = [
  'SIGABRT', 'SIGALRM', 'SIGBUS', 'SIGCHLD', 'SIGCLD', 'SIGCONT', 'SIGFPE', 'SIGHUP', 'SIGILL', 'SIGINT', 'SIGIO', 'SIGIOT',
  'SIGKILL', 'SIGPIPE', 'SIGPOLL', 'SIGPROF', 'SIGPWR', 'SIGQUIT', 'SIGSEGV', 'SIGSTKFLT', 'SIGSTOP', 'SIGSYS', 'SIGTERM',
  'SIGTRAP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGUSR1', 'SIGUSR2', 'SIGVTALRM', 'SIGWINCH', 'SIGXCPU', 'SIGXFSZ',
  'SIGRTMIN', 'SIGRTMIN+1', 'SIGRTMIN+2', 'SIGRTMIN+3', 'SIGRTMIN+4', 'SIGRTMIN+5', 'SIGRTMIN+6', 'SIGRTMIN+7', 'SIGRTMIN+8',
  'SIGRTMIN+9', 'SIGRTMIN+10', 'SIGRTMIN+11', 'SIGRTMIN+12', 'SIGRTMIN+13', 'SIGRTMIN+14', 'SIGRTMIN+15', 'SIGRTMAX-14',
  'SIGRTMAX-13', 'SIGRTMAX-12', 'SIGRTMAX-11', 'SIGRTMAX-10', 'SIGRTMAX-9', 'SIGRTMAX-8', 'SIGRTMAX-7', 'SIGRTMAX-6',
  'SIGRTMAX-5', 'SIGRTMAX-4', 'SIGRTMAX-3', 'SIGRTMAX-2', 'SIGRTMAX-1', 'SIGRTMAX',
];

function validateLifecycle(
  lifecycle: Lifecycle,
  gracePeriod: number | undefined,
  path: FieldPath,
  opts: PodValidationOptions,
  osName: string | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  const handler = (h: LifecycleHandler): Handler => ({ exec: h.exec, httpGet: h.httpGet, tcpSocket: h.tcpSocket, sleep: h.sleep });
  if (lifecycle.postStart) errs.push(...validateHandler(handler(lifecycle.postStart), gracePeriod, path.child('postStart'), opts));
  if (lifecycle.preStop) errs.push(...validateHandler(handler(lifecycle.preStop), gracePeriod, path.child('preStop'), opts));
  const stopSignal = (lifecycle as { stopSignal?: string }).stopSignal;
  if (stopSignal !== undefined && stopSignal !== null) {
    const p = path.child('stopSignal');
    if (osName === undefined) errs.push(forbidden(p, 'may not be set for containers with empty `spec.os.name`'));
    else if (osName === 'windows' && stopSignal !== 'SIGKILL' && stopSignal !== 'SIGTERM') errs.push(notSupported(p, stopSignal, ['SIGKILL', 'SIGTERM']));
    else if (osName === 'linux' && !linuxStopSignals.includes(stopSignal)) errs.push(notSupported(p, stopSignal, sortedValues(linuxStopSignals)));
  }
  return errs;
}

const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];

function mapBy<T>(items: T[] | undefined, key: (t: T) => string | undefined, value: (t: T) => string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of items ?? []) out.set(key(item) ?? '', value(item) ?? '');
  return out;
}

export interface ContainerContext {
  volumes: VolumeIndex;
  podClaimNames: Set<string>;
  podRestartPolicy: string;
  hostUsers: boolean;
  opts: PodValidationOptions;
}

/** validateContainerCommon: what every kind of container shares. */
export function validateContainerCommon(ctr: Container, ctx: ContainerContext, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = ctr.name ?? '';
  if (!name) errs.push(required(path.child('name')));
  else errs.push(...isDNS1123Label(name).map((m) => invalid(path.child('name'), name, m)));
  if (!ctr.image) errs.push(required(path.child('image')));
  const tmp = ctr.terminationMessagePolicy ?? '';
  if (tmp === '') errs.push(required(path.child('terminationMessagePolicy')));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(tmp)) errs.push(notSupported(path.child('terminationMessagePolicy'), tmp, TERMINATION_MESSAGE_POLICIES));
  const mounts = mapBy(ctr.volumeMounts, (m) => m.name, (m) => m.mountPath);
  const devices = mapBy(ctr.volumeDevices, (d) => d.name, (d) => d.devicePath);
  errs.push(...validateContainerPorts(ctr.ports, path.child('ports')));
  errs.push(...validateEnv(ctr.env, path.child('env'), ctx.opts));
  errs.push(...validateEnvFrom(ctr.envFrom, path.child('envFrom'), ctx.opts));
  errs.push(...validateVolumeMounts(ctr.volumeMounts, devices, ctx.volumes, ctr, path.child('volumeMounts')));
  errs.push(...validateVolumeDevices(ctr.volumeDevices, mounts, ctx.volumes, path.child('volumeDevices')));
  errs.push(...validatePullPolicy(ctr.imagePullPolicy, path.child('imagePullPolicy')));
  errs.push(...validateContainerResourceRequirements(ctr.resources, ctx.podClaimNames, path.child('resources'), ctx.opts));
  errs.push(...validateResizePolicy(ctr.resizePolicy, path.child('resizePolicy'), ctx.podRestartPolicy));
  errs.push(...validateSecurityContext(ctr.securityContext, path.child('securityContext'), ctx.hostUsers, ctx.opts));
  return errs;
}

function hostPortConflicts(containers: Container[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((ctr, ci) => {
    (ctr.ports ?? []).forEach((port, pi) => {
      const hostPort = port.hostPort ?? 0;
      if (hostPort === 0) return;
      const key = `${port.protocol ?? ''}/${port.hostIP ?? ''}/${hostPort}`;
      if (seen.has(key)) errs.push(duplicate(path.at(ci).child('ports').at(pi).child('hostPort'), key));
      else seen.add(key);
    });
  });
  return errs;
}

export function validateContainers(
  containers: Container[] | undefined,
  osName: string | undefined,
  gracePeriod: number | undefined,
  ctx: ContainerContext,
  path: FieldPath,
): FieldError[] {
  const list = containers ?? [];
  if (list.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((ctr, i) => {
    const p = path.at(i);
    errs.push(...validateContainerCommon(ctr, ctx, p));
    if (names.has(ctr.name ?? '')) errs.push(duplicate(p.child('name'), ctr.name ?? ''));
    else names.add(ctr.name ?? '');
    if (ctr.lifecycle) errs.push(...validateLifecycle(ctr.lifecycle, gracePeriod, p.child('lifecycle'), ctx.opts, osName));
    errs.push(...validateLivenessOrStartupProbe(ctr.livenessProbe, gracePeriod, p.child('livenessProbe'), ctx.opts));
    errs.push(...validateReadinessProbe(ctr.readinessProbe, gracePeriod, p.child('readinessProbe'), ctx.opts));
    errs.push(...validateLivenessOrStartupProbe(ctr.startupProbe, gracePeriod, p.child('startupProbe'), ctx.opts));
    if (ctr.restartPolicy !== undefined && ctr.restartPolicy !== null) {
      errs.push(forbidden(p.child('restartPolicy'), 'may not be set for non-init containers'));
    }
  });
  errs.push(...hostPortConflicts(list, path));
  return errs;
}

export function validateInitContainers(
  containers: Container[] | undefined,
  osName: string | undefined,
  regular: Container[] | undefined,
  gracePeriod: number | undefined,
  ctx: ContainerContext,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set((regular ?? []).map((c) => c.name ?? ''));
  (containers ?? []).forEach((ctr, i) => {
    const p = path.at(i);
    errs.push(...validateContainerCommon(ctr, ctx, p));
    let restartAlways = false;
    if (ctr.restartPolicy !== undefined && ctr.restartPolicy !== null) {
      if (ctr.restartPolicy !== 'Always') errs.push(notSupported(p.child('restartPolicy'), ctr.restartPolicy, ['Always']));
      restartAlways = ctr.restartPolicy === 'Always';
    }
    const name = ctr.name ?? '';
    if (names.has(name)) errs.push(duplicate(p.child('name'), name));
    else if (name) names.add(name);
    errs.push(...hostPortConflicts([ctr], path));
    if (restartAlways) {
      if (ctr.lifecycle) errs.push(...validateLifecycle(ctr.lifecycle, gracePeriod, p.child('lifecycle'), ctx.opts, osName));
      errs.push(...validateLivenessOrStartupProbe(ctr.livenessProbe, gracePeriod, p.child('livenessProbe'), ctx.opts));
      errs.push(...validateReadinessProbe(ctr.readinessProbe, gracePeriod, p.child('readinessProbe'), ctx.opts));
      errs.push(...validateLivenessOrStartupProbe(ctr.startupProbe, gracePeriod, p.child('startupProbe'), ctx.opts));
    } else {
      const msg = 'may not be set for init containers without restartPolicy=Always';
      if (ctr.lifecycle) errs.push(forbidden(p.child('lifecycle'), msg));
      if (ctr.livenessProbe) errs.push(forbidden(p.child('livenessProbe'), msg));
      if (ctr.readinessProbe) errs.push(forbidden(p.child('readinessProbe'), msg));
      if (ctr.startupProbe) errs.push(forbidden(p.child('startupProbe'), msg));
    }
  });
  return errs;
}

/** Fields an ephemeral container may set (in the Go struct's field order); the rest are forbidden. */
const ephemeralForbiddenFields = ['ports', 'resources', 'resizePolicy', 'restartPolicy', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'];

export function validateEphemeralContainers(
  ephemeral: EphemeralContainer[] | undefined,
  containers: Container[] | undefined,
  initContainers: Container[] | undefined,
  ctx: ContainerContext,
  path: FieldPath,
): FieldError[] {
  const list = ephemeral ?? [];
  if (list.length === 0) return [];
  const errs: FieldError[] = [];
  const others = new Set([...(containers ?? []), ...(initContainers ?? [])].map((c) => c.name ?? ''));
  const all = new Set(others);
  list.forEach((ec, i) => {
    const p = path.at(i);
    const ctr = ec as unknown as Container;
    errs.push(...validateContainerCommon(ctr, ctx, p));
    if (ec.image && ec.image.trim().length !== ec.image.length) {
      errs.push(invalid(p.child('image'), ec.image, 'must not have leading or trailing whitespace'));
    }
    if (all.has(ec.name ?? '')) errs.push(duplicate(p.child('name'), ec.name ?? ''));
    else all.add(ec.name ?? '');
    if (ec.targetContainerName && !others.has(ec.targetContainerName)) {
      errs.push(notFound(p.child('targetContainerName'), ec.targetContainerName));
    }
    const raw = ec as unknown as Record<string, unknown>;
    for (const f of ephemeralForbiddenFields) {
      const v = raw[f];
      const empty =
        v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
      if (!empty) errs.push(forbidden(p.child(f), 'cannot be set for an Ephemeral Container'));
    }
    (ec.volumeMounts ?? []).forEach((vm, j) => {
      if (vm.subPath) errs.push(forbidden(p.child('volumeMounts').at(j).child('subPath'), 'cannot be set for an Ephemeral Container'));
      if (vm.subPathExpr) errs.push(forbidden(p.child('volumeMounts').at(j).child('subPathExpr'), 'cannot be set for an Ephemeral Container'));
    });
  });
  return errs;
}
