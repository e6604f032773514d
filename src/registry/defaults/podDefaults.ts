// core/v1 defaulting of pod specs (SetDefaults_PodSpec and the per-field defaulters the
// generated call graph runs inside it) and of Pods (SetDefaults_Pod: requests from limits,
// enableServiceLinks, host ports under hostNetwork). Templates get the pod spec defaults only.
import type { Container, PersistentVolumeClaimSpec, Pod, PodSpec, Probe, Volume } from '../validation/types.js';
import { defaultPullPolicy } from './imageReference.js';

type Obj = Record<string, unknown>;

const DEFAULT_MODE = 0o644;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function setIfUnset<T extends Obj, K extends keyof T>(obj: T, key: K, value: T[K]): void {
  if (obj[key] === undefined || obj[key] === null || obj[key] === '') obj[key] = value;
}

/** ObjectFieldSelector: apiVersion defaults to v1. */
function defaultFieldRef(ref: Obj | undefined | null): void {
  if (ref && !ref['apiVersion']) ref['apiVersion'] = 'v1';
}

function defaultHTTPGet(get: Obj | undefined | null): void {
  if (!get) return;
  if (!get['path']) get['path'] = '/';
  if (!get['scheme']) get['scheme'] = 'HTTP';
}

function defaultProbe(probe: Probe | undefined): void {
  if (!probe) return;
  const p = probe as Obj;
  if (!p['timeoutSeconds']) p['timeoutSeconds'] = 1;
  if (!p['periodSeconds']) p['periodSeconds'] = 10;
  if (!p['successThreshold']) p['successThreshold'] = 1;
  if (!p['failureThreshold']) p['failureThreshold'] = 3;
  defaultHTTPGet(p['httpGet'] as Obj | undefined);
  const grpc = p['grpc'] as Obj | undefined;
  if (grpc && (grpc['service'] === undefined || grpc['service'] === null)) grpc['service'] = '';
}

/** SetDefaults_Container plus the field defaulters inside a container. */
export function defaultContainer(container: Container): void {
  const c = container as Obj;
  if (!c['imagePullPolicy']) c['imagePullPolicy'] = defaultPullPolicy(container.image);
  if (!c['terminationMessagePath']) c['terminationMessagePath'] = '/dev/termination-log';
  if (!c['terminationMessagePolicy']) c['terminationMessagePolicy'] = 'File';
  for (const port of container.ports ?? []) if (!port.protocol) port.protocol = 'TCP';
  for (const env of container.env ?? []) defaultFieldRef(env.valueFrom?.fieldRef as Obj | undefined);
  defaultProbe(container.livenessProbe);
  defaultProbe(container.readinessProbe);
  defaultProbe(container.startupProbe);
  defaultHTTPGet(container.lifecycle?.postStart?.httpGet as Obj | undefined);
  defaultHTTPGet(container.lifecycle?.preStop?.httpGet as Obj | undefined);
}

/** SetDefaults_PersistentVolumeClaimSpec. */
export function defaultPersistentVolumeClaimSpec(spec: PersistentVolumeClaimSpec | undefined): void {
  if (spec && (spec.volumeMode === undefined || spec.volumeMode === null)) spec.volumeMode = 'Filesystem';
}

const volumeSourceKeys = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume',
  'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

/** SetDefaults_Volume and the source defaulters. */
export function defaultVolume(volume: Volume): void {
  const v = volume as Obj;
  if (!volumeSourceKeys.some((k) => v[k] !== undefined && v[k] !== null)) v['emptyDir'] = {};
  const hostPath = v['hostPath'] as Obj | undefined;
  if (isObj(hostPath) && (hostPath['type'] === undefined || hostPath['type'] === null)) hostPath['type'] = '';
  const secret = v['secret'] as Obj | undefined;
  if (isObj(secret) && (secret['defaultMode'] === undefined || secret['defaultMode'] === null)) secret['defaultMode'] = DEFAULT_MODE;
  const iscsi = v['iscsi'] as Obj | undefined;
  if (isObj(iscsi)) setIfUnset(iscsi, 'iscsiInterface', 'default');
  const rbd = v['rbd'] as Obj | undefined;
  if (isObj(rbd)) {
    setIfUnset(rbd, 'pool', 'rbd');
    setIfUnset(rbd, 'user', 'admin');
    setIfUnset(rbd, 'keyring', '/etc/ceph/keyring');
  }
  const downward = v['downwardAPI'] as Obj | undefined;
  if (isObj(downward)) {
    if (downward['defaultMode'] === undefined || downward['defaultMode'] === null) downward['defaultMode'] = DEFAULT_MODE;
    for (const item of (downward['items'] as Obj[] | undefined) ?? []) defaultFieldRef(item['fieldRef'] as Obj | undefined);
  }
  const configMap = v['configMap'] as Obj | undefined;
  if (isObj(configMap) && (configMap['defaultMode'] === undefined || configMap['defaultMode'] === null)) configMap['defaultMode'] = DEFAULT_MODE;
  const azureDisk = v['azureDisk'] as Obj | undefined;
  if (isObj(azureDisk)) defaultAzureDisk(azureDisk);
  const projected = v['projected'] as Obj | undefined;
  if (isObj(projected)) {
    if (projected['defaultMode'] === undefined || projected['defaultMode'] === null) projected['defaultMode'] = DEFAULT_MODE;
    for (const source of (projected['sources'] as Obj[] | undefined) ?? []) {
      const d = source['downwardAPI'] as Obj | undefined;
      if (isObj(d)) for (const item of (d['items'] as Obj[] | undefined) ?? []) defaultFieldRef(item['fieldRef'] as Obj | undefined);
      const token = source['serviceAccountToken'] as Obj | undefined;
      if (isObj(token) && (token['expirationSeconds'] === undefined || token['expirationSeconds'] === null)) token['expirationSeconds'] = 3600;
    }
  }
  const scaleIO = v['scaleIO'] as Obj | undefined;
  if (isObj(scaleIO)) {
    setIfUnset(scaleIO, 'storageMode', 'ThinProvisioned');
    setIfUnset(scaleIO, 'fsType', 'xfs');
  }
  const ephemeral = v['ephemeral'] as Obj | undefined;
  const template = isObj(ephemeral) ? (ephemeral['volumeClaimTemplate'] as Obj | undefined) : undefined;
  if (isObj(template)) {
    if (!isObj(template['spec'])) template['spec'] = {};
    defaultPersistentVolumeClaimSpec(template['spec'] as PersistentVolumeClaimSpec);
  }
}

export function defaultAzureDisk(disk: Obj): void {
  if (disk['cachingMode'] === undefined || disk['cachingMode'] === null) disk['cachingMode'] = 'ReadWrite';
  if (disk['fsType'] === undefined || disk['fsType'] === null) disk['fsType'] = 'ext4';
  if (disk['readOnly'] === undefined || disk['readOnly'] === null) disk['readOnly'] = false;
  if (disk['kind'] === undefined || disk['kind'] === null) disk['kind'] = 'Shared';
}

/** SetDefaults_PodSpec and everything the generated defaulter runs inside a pod spec. */
export function defaultPodSpec(spec: PodSpec): void {
  const s = spec as Obj;
  if (!s['dnsPolicy']) s['dnsPolicy'] = 'ClusterFirst';
  if (!s['restartPolicy']) s['restartPolicy'] = 'Always';
  if (s['securityContext'] === undefined || s['securityContext'] === null) s['securityContext'] = {};
  if (s['terminationGracePeriodSeconds'] === undefined || s['terminationGracePeriodSeconds'] === null) s['terminationGracePeriodSeconds'] = 30;
  if (!s['schedulerName']) s['schedulerName'] = 'default-scheduler';
  for (const volume of spec.volumes ?? []) defaultVolume(volume);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.ephemeralContainers ?? []) defaultContainer(c as unknown as Container);
}

function requestsFromLimits(containers: Container[] | undefined): void {
  for (const c of containers ?? []) {
    const limits = c.resources?.limits;
    if (!limits) continue;
    const resources = c.resources!;
    resources.requests ??= {};
    for (const [k, v] of Object.entries(limits)) {
      if (!Object.prototype.hasOwnProperty.call(resources.requests, k)) resources.requests[k] = v;
    }
  }
}

function hostNetworkPorts(containers: Container[] | undefined): void {
  for (const c of containers ?? []) for (const p of c.ports ?? []) if (!p.hostPort) p.hostPort = p.containerPort;
}

/** SetObjectDefaults_Pod: SetDefaults_Pod first, then the pod spec defaults. */
export function defaultPod(pod: Pod): void {
  pod.spec ??= { containers: [] };
  const spec = pod.spec;
  requestsFromLimits(spec.containers);
  requestsFromLimits(spec.initContainers);
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.hostNetwork) {
    hostNetworkPorts(spec.containers);
    hostNetworkPorts(spec.initContainers);
  }
  defaultPodSpec(spec);
}
