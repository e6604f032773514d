// Names for the nested v1 types validation and defaulting walk, derived from the generated kind
// types (src/api). Objects arrive as decoded JSON: required fields may still be missing, so code
// reading them guards with `?? ''` and friends.
export type {
  ConfigMap,
  CronJob,
  DaemonSet,
  Deployment,
  Ingress,
  Job,
  Namespace,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  ReplicaSet,
  Secret,
  Service,
  StatefulSet,
} from '../../api/index.js';
import type { CronJob, Deployment, Job, PersistentVolume, PersistentVolumeClaim, Pod, Service } from '../../api/index.js';

export type PodSpec = NonNullable<Pod['spec']>;
export type PodTemplateSpec = NonNullable<Deployment['spec']>['template'];
export type Container = PodSpec['containers'][number];
export type EphemeralContainer = NonNullable<PodSpec['ephemeralContainers']>[number];
export type Volume = NonNullable<PodSpec['volumes']>[number];
export type ContainerPort = NonNullable<Container['ports']>[number];
export type EnvVar = NonNullable<Container['env']>[number];
export type EnvFromSource = NonNullable<Container['envFrom']>[number];
export type VolumeMount = NonNullable<Container['volumeMounts']>[number];
export type VolumeDevice = NonNullable<Container['volumeDevices']>[number];
export type Probe = NonNullable<Container['livenessProbe']>;
export type Lifecycle = NonNullable<Container['lifecycle']>;
export type LifecycleHandler = NonNullable<Lifecycle['postStart']>;
export type ResourceRequirements = NonNullable<Container['resources']>;
export type SecurityContext = NonNullable<Container['securityContext']>;
export type PodSecurityContext = NonNullable<PodSpec['securityContext']>;
export type Affinity = NonNullable<PodSpec['affinity']>;
export type NodeSelector = NonNullable<NonNullable<Affinity['nodeAffinity']>['requiredDuringSchedulingIgnoredDuringExecution']>;
export type NodeSelectorTerm = NodeSelector['nodeSelectorTerms'][number];
export type NodeSelectorRequirement = NonNullable<NodeSelectorTerm['matchExpressions']>[number];
export type PodAffinityTerm = NonNullable<NonNullable<Affinity['podAffinity']>['requiredDuringSchedulingIgnoredDuringExecution']>[number];
export type Toleration = NonNullable<PodSpec['tolerations']>[number];
export type TopologySpreadConstraint = NonNullable<PodSpec['topologySpreadConstraints']>[number];
export type KeyToPath = NonNullable<NonNullable<Volume['secret']>['items']>[number];
export type DownwardAPIVolumeFile = NonNullable<NonNullable<Volume['downwardAPI']>['items']>[number];
export type PersistentVolumeClaimSpec = NonNullable<PersistentVolumeClaim['spec']>;
export type PersistentVolumeSpec = NonNullable<PersistentVolume['spec']>;
export type ServiceSpec = NonNullable<Service['spec']>;
export type ServicePort = NonNullable<ServiceSpec['ports']>[number];
export type JobSpec = NonNullable<Job['spec']>;
export type CronJobSpec = NonNullable<CronJob['spec']>;
export type LabelSelectorType = NonNullable<NonNullable<Deployment['spec']>['selector']>;
export type ResourceList = Record<string, string | number>;

/** Any API object as decoded JSON. */
export type KubeObject = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
};
