// Volume sources: the pod volumes list (names, exactly one source each, per-source rules) and
// the PersistentVolume sources, with upstream's paths (including its quirks: a GCE disk's
// errors are reported under `persistentDisk`, CephFS under `cephfs`, a second downward API
// source under `downwarAPI`).
import { duplicate, forbidden, invalid, notSupported, required, sortedValues, type FieldError } from './fieldErrors.js';
import type { FieldPath } from './fieldPath.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from './formats.js';
import { GoValue, goQuote } from './goFormat.js';
import { validateLabelSelector } from './labelSelector.js';
import { nameIsDNSSubdomain } from './objectMeta.js';
import { defaultPvcSpecOptions, validatePersistentVolumeClaimTemplate } from './pvcSpec.js';
import { tryParseQuantity } from '../../api/quantity.js';
import type { DownwardAPIVolumeFile, KeyToPath, Volume } from './types.js';

export const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';
const PD_PARTITION_ERROR = 'must be between 1 and 255, inclusive';

type Source = Record<string, unknown>;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function isAbs(p: string): boolean {
  return p.startsWith('/');
}

export function validatePathNoBacksteps(target: string, path: FieldPath): FieldError[] {
  return target.split('/').includes('..') ? [invalid(path, target, "must not contain '..'")] : [];
}

export function validateLocalDescendingPath(target: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (isAbs(target)) errs.push(invalid(path, target, 'must be a relative path'));
  errs.push(...validatePathNoBacksteps(target, path));
  return errs;
}

export function validateLocalNonReservedPath(target: string, path: FieldPath): FieldError[] {
  const errs = validateLocalDescendingPath(target, path);
  if (target.startsWith('..') && !target.startsWith('../')) errs.push(invalid(path, target, "must not start with '..'"));
  return errs;
}

function validateMode(mode: unknown, path: FieldPath): FieldError[] {
  if (typeof mode === 'number' && (mode > 0o777 || mode < 0)) return [invalid(path, mode, FILE_MODE_ERROR)];
  return [];
}

function validateKeyToPath(kp: KeyToPath, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!kp.key) errs.push(required(path.child('key')));
  if (!kp.path) errs.push(required(path.child('path')));
  errs.push(...validateLocalNonReservedPath(kp.path ?? '', path.child('path')));
  errs.push(...validateMode(kp.mode, path.child('mode')));
  return errs;
}

const hostPathTypes = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

function validateHostPath(s: Source, path: FieldPath): FieldError[] {
  const p = str(s['path']);
  if (!p) return [required(path.child('path'))];
  const errs = validatePathNoBacksteps(p, path.child('path'));
  const type = s['type'];
  if (typeof type === 'string' && !hostPathTypes.includes(type)) errs.push(notSupported(path.child('type'), type, hostPathTypes));
  return errs;
}

function validateSecretSource(s: Source, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(s['secretName'])) errs.push(required(path.child('secretName')));
  errs.push(...validateMode(s['defaultMode'], path.child('defaultMode')));
  list(s['items']).forEach((kp, i) => errs.push(...validateKeyToPath(kp as KeyToPath, path.child('items').at(i))));
  return errs;
}

function validateConfigMapSource(s: Source, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(s['name'])) errs.push(required(path.child('name')));
  errs.push(...validateMode(s['defaultMode'], path.child('defaultMode')));
  list(s['items']).forEach((kp, i) => errs.push(...validateKeyToPath(kp as KeyToPath, path.child('items').at(i))));
  return errs;
}

function validateNFS(s: Source, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(s['server'])) errs.push(required(path.child('server')));
  if (!str(s['path'])) errs.push(required(path.child('path')));
  if (!isAbs(str(s['path']))) errs.push(invalid(path.child('path'), str(s['path']), 'must be an absolute path'));
  return errs;
}

const validVolumeDownwardAPIFieldPaths = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
export const validEnvDownwardAPIFieldPaths = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
export const validContainerResourceFieldPaths = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];

function splitSubscripted(fieldPath: string): { path: string; subscript: string } | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const s = fieldPath.slice(0, -2);
  const idx = s.indexOf("['");
  if (idx <= 0) return undefined;
  return { path: s.slice(0, idx), subscript: s.slice(idx + 2) };
}

const convertibleFieldLabels = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/** validateObjectFieldSelector: a downward API fieldRef. */
export function validateObjectFieldSelector(
  fs: { apiVersion?: string; fieldPath?: string },
  expressions: readonly string[],
  path: FieldPath,
): FieldError[] {
  if (!fs.apiVersion) return [required(path.child('apiVersion'))];
  if (!fs.fieldPath) return [required(path.child('fieldPath'))];
  const fieldPath = fs.fieldPath;
  let internal: string;
  let conversionError: string | undefined;
  if (fs.apiVersion !== 'v1') {
    conversionError = `unsupported pod version: ${fs.apiVersion}`;
  } else {
    const sub = splitSubscripted(fieldPath);
    if (sub) {
      if (sub.path !== 'metadata.annotations' && sub.path !== 'metadata.labels') {
        conversionError = `field label does not support subscript: ${fieldPath}`;
      }
    } else if (fieldPath === 'spec.host') {
      internal = 'spec.nodeName';
    } else if (!convertibleFieldLabels.has(fieldPath)) {
      conversionError = `field label not supported: ${fieldPath}`;
    }
  }
  if (conversionError) return [invalid(path.child('fieldPath'), fieldPath, `error converting fieldPath: ${conversionError}`)];
  internal = fieldPath === 'spec.host' ? 'spec.nodeName' : fieldPath;
  const sub = splitSubscripted(internal);
  if (sub) {
    if (sub.path === 'metadata.annotations') return isQualifiedName(sub.subscript.toLowerCase()).map((m) => invalid(path, sub.subscript.toLowerCase(), m));
    if (sub.path === 'metadata.labels') return isQualifiedName(sub.subscript).map((m) => invalid(path, sub.subscript, m));
    return [invalid(path, sub.path, 'does not support subscript')];
  }
  if (!expressions.includes(internal)) return [notSupported(path.child('fieldPath'), internal, sortedValues(expressions))];
  return [];
}

const cpuDivisors = new Set(['1m', '1']);
const byteDivisors = new Set(['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei']);

function validateContainerResourceDivisor(resource: string, divisor: unknown, path: FieldPath): FieldError[] {
  if (divisor === undefined || divisor === null) return [];
  const q = tryParseQuantity(divisor);
  if (!q || q.isZero()) return [];
  const text = q.toString();
  const errs: FieldError[] = [];
  const bytesMsg = 'only divisor\'s values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the';
  switch (resource) {
    case 'limits.cpu':
    case 'requests.cpu':
      if (!cpuDivisors.has(text)) errs.push(invalid(path.child('divisor'), resource, "only divisor's values 1m and 1 are supported with the cpu resource"));
      break;
    case 'limits.memory':
    case 'requests.memory':
      if (!byteDivisors.has(text)) errs.push(invalid(path.child('divisor'), resource, `${bytesMsg} memory resource`));
      break;
    case 'limits.ephemeral-storage':
    case 'requests.ephemeral-storage':
      if (!byteDivisors.has(text)) errs.push(invalid(path.child('divisor'), resource, `${bytesMsg} local ephemeral storage resource`));
      break;
  }
  if (resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-')) {
    if (!byteDivisors.has(text)) errs.push(invalid(path.child('divisor'), resource, `${bytesMsg} hugepages resource`));
  }
  return errs;
}

/** validateContainerResourceFieldSelector (`volume`: in a downward API volume, containerName is required). */
export function validateContainerResourceFieldSelector(
  fs: { containerName?: string; resource?: string; divisor?: unknown },
  path: FieldPath,
  volume: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  const resource = fs.resource ?? '';
  if (volume && !fs.containerName) {
    errs.push(required(path.child('containerName')));
  } else if (!resource) {
    errs.push(required(path.child('resource')));
  } else if (!validContainerResourceFieldPaths.includes(resource)) {
    const prefixed = resource.startsWith('limits.hugepages-') || resource.startsWith('requests.hugepages-');
    if (!prefixed) errs.push(notSupported(path.child('resource'), resource, validContainerResourceFieldPaths));
  }
  errs.push(...validateContainerResourceDivisor(resource, fs.divisor, path));
  return errs;
}

function validateDownwardAPIVolumeFile(file: DownwardAPIVolumeFile, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!file.path) errs.push(required(path.child('path')));
  errs.push(...validateLocalNonReservedPath(file.path ?? '', path.child('path')));
  if (file.fieldRef) {
    errs.push(...validateObjectFieldSelector(file.fieldRef, validVolumeDownwardAPIFieldPaths, path.child('fieldRef')));
    if (file.resourceFieldRef) errs.push(invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (file.resourceFieldRef) {
    errs.push(...validateContainerResourceFieldSelector(file.resourceFieldRef, path.child('resourceFieldRef'), true));
  } else {
    errs.push(required(path, 'one of fieldRef and resourceFieldRef is required'));
  }
  errs.push(...validateMode(file.mode, path.child('mode')));
  return errs;
}

function validateDownwardAPISource(s: Source, path: FieldPath): FieldError[] {
  const errs = validateMode(s['defaultMode'], path.child('defaultMode'));
  for (const file of list(s['items'])) errs.push(...validateDownwardAPIVolumeFile(file as DownwardAPIVolumeFile, path));
  return errs;
}

function validateProjectedSource(s: Source, path: FieldPath, allowNonLocalTokenPath: boolean): FieldError[] {
  const errs = validateMode(s['defaultMode'], path.child('defaultMode'));
  const allPaths = new Set<string>();
  list(s['sources']).forEach((raw, i) => {
    const source = raw as Record<string, Source | undefined>;
    let count = 0;
    const srcPath = path.child('sources').at(i);
    for (const kind of ['secret', 'configMap'] as const) {
      const ref = source[kind];
      if (!ref) continue;
      count++;
      const projPath = srcPath.child(kind);
      if (!str(ref['name'])) errs.push(required(projPath.child('name')));
      list(ref['items']).forEach((item, j) => {
        const kp = item as KeyToPath;
        errs.push(...validateKeyToPath(kp, projPath.child('items').at(j)));
        if (kp.path) {
          if (allPaths.has(kp.path)) errs.push(invalid(path, str(ref['name']), 'conflicting duplicate paths'));
          else allPaths.add(kp.path);
        }
      });
    }
    const downward = source['downwardAPI'];
    if (downward) {
      count++;
      for (const f of list(downward['items'])) {
        const file = f as DownwardAPIVolumeFile;
        errs.push(...validateDownwardAPIVolumeFile(file, srcPath.child('downwardAPI')));
        if (file.path) {
          if (allPaths.has(file.path)) errs.push(invalid(path, file.path, 'conflicting duplicate paths'));
          else allPaths.add(file.path);
        }
      }
    }
    const token = source['serviceAccountToken'];
    if (token) {
      count++;
      const tokenPath = srcPath.child('serviceAccountToken');
      const seconds = num(token['expirationSeconds']);
      if (seconds < 600) errs.push(invalid(tokenPath.child('expirationSeconds'), seconds, 'may not specify a duration less than 10 minutes'));
      if (seconds > 2 ** 32) errs.push(invalid(tokenPath.child('expirationSeconds'), seconds, 'may not specify a duration larger than 2^32 seconds'));
      const tokenFile = str(token['path']);
      if (!tokenFile) errs.push(required(path.child('path')));
      else if (!allowNonLocalTokenPath) errs.push(...validateLocalNonReservedPath(tokenFile, path.child('path')));
    }
    const bundle = source['clusterTrustBundle'];
    if (bundle) {
      count++;
      const bPath = srcPath.child('clusterTrustBundle');
      const hasName = bundle['name'] !== undefined && bundle['name'] !== null;
      const hasSigner = bundle['signerName'] !== undefined && bundle['signerName'] !== null;
      if (hasName && hasSigner) {
        errs.push(invalid(bPath, new GoValue('core.ClusterTrustBundleProjection{...}'), 'only one of name and signerName may be used'));
      } else if (hasName) {
        if (!str(bundle['name'])) errs.push(required(bPath.child('name'), 'must be a valid object name'));
        if (bundle['labelSelector']) errs.push(invalid(bPath.child('labelSelector'), bundle['labelSelector'], 'labelSelector must be unset if name is specified'));
      } else if (hasSigner) {
        if (!str(bundle['signerName'])) errs.push(required(bPath.child('signerName'), 'must be a valid signer name'));
        errs.push(...validateLabelSelector(bundle['labelSelector'] as never, { allowInvalidLabelValueInSelector: false }, bPath.child('labelSelector')));
      } else {
        errs.push(required(bPath, 'either name or signerName must be specified'));
      }
      const bundlePath = str(bundle['path']);
      if (!bundlePath) errs.push(required(bPath.child('path')));
      errs.push(...validateLocalNonReservedPath(bundlePath, bPath.child('path')));
      if (allPaths.has(bundlePath)) errs.push(invalid(path, bundlePath, 'conflicting duplicate paths'));
      else allPaths.add(bundlePath);
    }
    if (count > 1) errs.push(forbidden(srcPath, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

function validateCSIDriverName(driver: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!driver) errs.push(required(path));
  if (driver.length > 63) errs.push({ type: 'FieldValueTooLong', field: path.toString(), badValue: '<value omitted>', detail: 'may not be more than 63 bytes' });
  for (const msg of isDNS1123Subdomain(driver.toLowerCase())) errs.push(invalid(path, driver, msg));
  return errs;
}

function validateCSISource(s: Source, path: FieldPath): FieldError[] {
  const errs = validateCSIDriverName(str(s['driver']), path.child('driver'));
  const ref = s['nodePublishSecretRef'] as Source | undefined;
  if (ref) {
    const name = str(ref['name']);
    if (!name) errs.push(required(path.child('nodePublishSecretRef', 'name')));
    else for (const msg of nameIsDNSSubdomain(name, true)) errs.push(invalid(path.child('name'), name, msg));
  }
  return errs;
}

function requireFields(...fields: Array<[string, string?]>): (s: Source, path: FieldPath) => FieldError[] {
  return (s, path) => fields.filter(([f]) => !str(s[f]) && list(s[f]).length === 0).map(([f, detail]) => required(path.child(f), detail ?? ''));
}

function validatePartitioned(nameField: string): (s: Source, path: FieldPath) => FieldError[] {
  return (s, path) => {
    const errs: FieldError[] = [];
    if (!str(s[nameField])) errs.push(required(path.child(nameField)));
    const partition = num(s['partition']);
    if (partition < 0 || partition > 255) errs.push(invalid(path.child('partition'), partition, PD_PARTITION_ERROR));
    return errs;
  };
}

function validateFlocker(s: Source, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(s['datasetName']);
  const uuid = str(s['datasetUUID']);
  if (!name && !uuid) errs.push(required(p, 'one of datasetName and datasetUUID is required'));
  if (name && uuid) errs.push(invalid(p, 'resource', 'datasetName and datasetUUID can not be specified simultaneously'));
  if (name.includes('/')) errs.push(invalid(p.child('datasetName'), name, "must not contain '/'"));
  return errs;
}

function validateFC(s: Source, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const wwns = list(s['targetWWNs']);
  const wwids = list(s['wwids']);
  if (wwns.length < 1 && wwids.length < 1) errs.push(required(path.child('targetWWNs'), 'must specify either targetWWNs or wwids, but not both'));
  if (wwns.length !== 0 && wwids.length !== 0) errs.push(invalid(path.child('targetWWNs'), wwns, 'targetWWNs and wwids can not be specified simultaneously'));
  if (wwns.length !== 0) {
    const lun = s['lun'];
    if (lun === undefined || lun === null) errs.push(required(path.child('lun'), 'lun is required if targetWWNs is specified'));
    else if (num(lun) < 0 || num(lun) > 255) errs.push(invalid(path.child('lun'), lun, 'must be between 0 and 255, inclusive'));
  }
  return errs;
}

function validateISCSI(s: Source, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(s['targetPortal'])) errs.push(required(path.child('targetPortal')));
  const iqn = str(s['iqn']);
  if (!iqn) errs.push(required(path.child('iqn')));
  else if (!/^(iqn|eui|naa)/.test(iqn)) errs.push(invalid(path.child('iqn'), iqn, 'must be valid format starting with iqn, eui, or naa'));
  const lun = num(s['lun']);
  if (lun < 0 || lun > 255) errs.push(invalid(path.child('lun'), lun, 'must be between 0 and 255, inclusive'));
  if ((s['chapAuthDiscovery'] === true || s['chapAuthSession'] === true) && !s['secretRef']) errs.push(required(path.child('secretRef')));
  return errs;
}

function validateFlex(s: Source, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(s['driver'])) errs.push(required(path.child('driver')));
  for (const k of Object.keys((s['options'] as Record<string, string> | undefined) ?? {})) {
    const ns = k.includes('/') ? k.slice(0, k.indexOf('/')) : k;
    const normalized = '.' + ns.toLowerCase();
    if (normalized.endsWith('.kubernetes.io') || normalized.endsWith('.k8s.io')) {
      errs.push(invalid(path.child('options').key(k), k, 'kubernetes.io and k8s.io namespaces are reserved'));
    }
  }
  return errs;
}

function validateStorageOS(s: Source, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(s['volumeName']);
  if (!name) errs.push(required(path.child('volumeName')));
  else errs.push(...isDNS1123Label(name).map((m) => invalid(path.child('volumeName'), name, m)));
  const ns = str(s['volumeNamespace']);
  if (ns) errs.push(...isDNS1123Label(ns).map((m) => invalid(path.child('volumeNamespace'), ns, m)));
  const ref = s['secretRef'] as Source | undefined;
  if (ref && !str(ref['name'])) errs.push(required(path.child('secretRef', 'name')));
  return errs;
}

function validateEphemeral(s: Source, path: FieldPath): FieldError[] {
  const template = s['volumeClaimTemplate'];
  if (!template) return [required(path.child('volumeClaimTemplate'))];
  return validatePersistentVolumeClaimTemplate(template as never, path.child('volumeClaimTemplate'), defaultPvcSpecOptions);
}

type SourceValidator = (s: Source, path: FieldPath) => FieldError[];

interface SourceRule {
  /** JSON field of the source. */
  json: string;
  /** Path child for the "more than 1 volume type" error. */
  forbiddenAs: string;
  /** Path child the source's own errors are reported under. */
  errorsAs: string;
  validate: SourceValidator;
}

function podSourceRules(allowNonLocalTokenPath: boolean): SourceRule[] {
  const rule = (json: string, validate: SourceValidator, forbiddenAs = json, errorsAs = json): SourceRule => ({ json, forbiddenAs, errorsAs, validate });
  return [
    rule('hostPath', validateHostPath),
    rule('gitRepo', (s, p) => [
      ...(str(s['repository']) ? [] : [required(p.child('repository'))]),
      ...validateLocalDescendingPath(str(s['directory']), p.child('directory')),
    ]),
    rule('gcePersistentDisk', validatePartitioned('pdName'), 'gcePersistentDisk', 'persistentDisk'),
    rule('awsElasticBlockStore', validatePartitioned('volumeID')),
    rule('secret', validateSecretSource),
    rule('nfs', validateNFS),
    rule('iscsi', validateISCSI),
    rule('glusterfs', requireFields(['endpoints'], ['path'])),
    rule('flocker', validateFlocker),
    rule('persistentVolumeClaim', requireFields(['claimName'])),
    rule('rbd', requireFields(['monitors'], ['image'])),
    rule('cinder', (s, p) => {
      const errs = requireFields(['volumeID'])(s, p);
      const ref = s['secretRef'] as Source | undefined;
      if (ref && !str(ref['name'])) errs.push(required(p.child('secretRef', 'name')));
      return errs;
    }),
    rule('cephfs', requireFields(['monitors']), 'cephFS', 'cephfs'),
    rule('quobyte', requireFields(['registry', 'must be a host:port pair or multiple pairs separated by commas'], ['volume'])),
    rule('downwardAPI', validateDownwardAPISource, 'downwarAPI', 'downwardAPI'),
    rule('fc', validateFC),
    rule('flexVolume', validateFlex),
    rule('configMap', validateConfigMapSource),
    rule('azureFile', requireFields(['secretName'], ['shareName'])),
    rule('vsphereVolume', requireFields(['volumePath'])),
    rule('photonPersistentDisk', requireFields(['pdID'])),
    rule('portworxVolume', requireFields(['volumeID'])),
    rule('azureDisk', requireFields(['diskName'], ['diskURI'])),
    rule('storageos', validateStorageOS),
    rule('projected', (s, p) => validateProjectedSource(s, p, allowNonLocalTokenPath)),
    rule('scaleIO', requireFields(['gateway'], ['system'], ['volumeName'])),
    rule('csi', validateCSISource),
    rule('ephemeral', validateEphemeral),
    rule('image', () => []),
  ];
}

function validatePodVolumeSource(
  volume: Volume,
  path: FieldPath,
  podName: string | undefined,
  allowNonLocalTokenPath: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  const v = volume as unknown as Record<string, unknown>;
  let count = 0;
  const emptyDir = v['emptyDir'] as Source | undefined | null;
  if (emptyDir) {
    count++;
    const q = emptyDir['sizeLimit'] !== undefined && emptyDir['sizeLimit'] !== null ? tryParseQuantity(emptyDir['sizeLimit']) : undefined;
    if (q && q.sign() < 0) errs.push(forbidden(path.child('emptyDir').child('sizeLimit'), 'SizeLimit field must be a valid resource quantity'));
  }
  for (const rule of podSourceRules(allowNonLocalTokenPath)) {
    const source = v[rule.json] as Source | undefined | null;
    if (!source) continue;
    if (count > 0) {
      errs.push(forbidden(path.child(rule.forbiddenAs), 'may not specify more than 1 volume type'));
    } else {
      count++;
      errs.push(...rule.validate(source, path.child(rule.errorsAs)));
      if (rule.json === 'ephemeral' && podName && volume.name) {
        const pvcName = `${podName}-${volume.name}`;
        for (const msg of nameIsDNSSubdomain(pvcName, false)) {
          errs.push(invalid(path.child('name'), volume.name, `PVC name ${goQuote(pvcName)}: ${msg}`));
        }
      }
    }
    if (rule.json === 'iscsi' && source['initiatorName'] !== undefined && source['initiatorName'] !== null) {
      if (`${volume.name ?? ''}:${str(source['targetPortal'])}`.length > 64) {
        errs.push(
          invalid(
            path.child('name'),
            volume.name ?? '',
            'Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.',
          ),
        );
      }
    }
  }
  if (count === 0) errs.push(required(path, 'must specify a volume type'));
  return errs;
}

export interface VolumeValidationResult {
  /** Valid volumes by name, with whether each is a claim (for volumeDevices). */
  volumes: Map<string, { isClaim: boolean }>;
  errors: FieldError[];
}

/** ValidateVolumes: names are DNS labels and unique; each volume has exactly one valid source. */
export function validateVolumes(
  volumes: Volume[] | undefined,
  podName: string | undefined,
  path: FieldPath,
  allowNonLocalTokenPath = false,
): VolumeValidationResult {
  const errors: FieldError[] = [];
  const valid = new Map<string, { isClaim: boolean }>();
  const allNames = new Set<string>();
  const createdPVCs = new Set<string>();
  if (podName) for (const v of volumes ?? []) if (v.ephemeral) createdPVCs.add(`${podName}-${v.name}`);
  (volumes ?? []).forEach((vol, i) => {
    const idxPath = path.at(i);
    const namePath = idxPath.child('name');
    const name = vol.name ?? '';
    const el = validatePodVolumeSource(vol, idxPath, podName, allowNonLocalTokenPath);
    if (!name) el.push(required(namePath));
    else el.push(...isDNS1123Label(name).map((m) => invalid(namePath, name, m)));
    if (allNames.has(name)) el.push(duplicate(namePath, name));
    if (el.length === 0) {
      allNames.add(name);
      valid.set(name, { isClaim: Boolean(vol.persistentVolumeClaim || vol.ephemeral) });
    } else {
      errors.push(...el);
    }
    const claimName = vol.persistentVolumeClaim?.claimName;
    if (claimName !== undefined && createdPVCs.has(claimName)) {
      errors.push(invalid(idxPath.child('persistentVolumeClaim').child('claimName'), claimName, 'must not reference a PVC that gets created for an ephemeral volume'));
    }
  });
  return { volumes: valid, errors };
}

function validatePVSecretReference(ref: Source, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(ref['name']);
  if (!name) errs.push(required(path.child('name')));
  else errs.push(...isDNS1123Subdomain(name).map((m) => invalid(path.child('name'), name, m)));
  const ns = str(ref['namespace']);
  if (!ns) errs.push(required(path.child('namespace')));
  else errs.push(...isDNS1123Label(ns).map((m) => invalid(path.child('namespace'), ns, m)));
  return errs;
}

function validateCSIPersistentSource(s: Source, path: FieldPath): FieldError[] {
  const errs = validateCSIDriverName(str(s['driver']), path.child('driver'));
  if (!str(s['volumeHandle'])) errs.push(required(path.child('volumeHandle')));
  for (const ref of ['controllerPublishSecretRef', 'controllerExpandSecretRef', 'nodePublishSecretRef', 'nodeExpandSecretRef']) {
    if (s[ref]) errs.push(...validatePVSecretReference(s[ref] as Source, path.child(ref)));
  }
  return errs;
}

/** The PersistentVolume sources in upstream's order: [json field, path child, validator]. */
export function persistentVolumeSourceRules(): Array<{ json: string; errorsAs: string; validate: SourceValidator }> {
  const r = (json: string, validate: SourceValidator, errorsAs = json): { json: string; errorsAs: string; validate: SourceValidator } => ({ json, errorsAs, validate });
  return [
    r('hostPath', validateHostPath),
    r('gcePersistentDisk', validatePartitioned('pdName'), 'persistentDisk'),
    r('awsElasticBlockStore', validatePartitioned('volumeID')),
    r('glusterfs', requireFields(['endpoints'], ['path'])),
    r('flocker', validateFlocker),
    r('nfs', validateNFS),
    r('rbd', requireFields(['monitors'], ['image'])),
    r('quobyte', requireFields(['registry', 'must be a host:port pair or multiple pairs separated by commas'], ['volume'])),
    r('cephfs', requireFields(['monitors'])),
    r('iscsi', validateISCSI),
    r('cinder', requireFields(['volumeID'])),
    r('fc', validateFC),
    r('flexVolume', validateFlex),
    r('azureFile', requireFields(['secretName'], ['shareName'])),
    r('vsphereVolume', requireFields(['volumePath'])),
    r('photonPersistentDisk', requireFields(['pdID'])),
    r('portworxVolume', requireFields(['volumeID'])),
    r('azureDisk', requireFields(['diskName'], ['diskURI'])),
    r('scaleIO', requireFields(['gateway'], ['system'], ['volumeName'])),
    r('local', (s, p) => (str(s['path']) ? validatePathNoBacksteps(str(s['path']), p.child('path')) : [required(p.child('path'))])),
    r('storageos', validateStorageOS),
    r('csi', validateCSIPersistentSource),
  ];
}
