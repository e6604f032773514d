// The CRI v1 messages as TypeScript sees them on either side of the wire: field names in
// camelCase, enums as their value names, 64-bit integers as numbers, bytes as Buffers. Every
// scalar and list is present on a decoded message (proto3 defaults); a message-typed field is
// null when unset. Requests are written as DeepPartial<...> (anything left out is the default).
// Field for field these mirror protocol.ts.

/** A request as callers write it: any field may be left out. */
export type DeepPartial<T> = T extends Buffer ? T
  : T extends (infer U)[] ? DeepPartial<U>[]
    : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> | null }
      : T;

export interface VersionRequest {
  version: string;
}
export interface VersionResponse {
  version: string;
  runtimeName: string;
  runtimeVersion: string;
  runtimeApiVersion: string;
}
export interface DNSConfig {
  servers: string[];
  searches: string[];
  options: string[];
}
export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export interface PortMapping {
  protocol: Protocol;
  containerPort: number;
  hostPort: number;
  hostIp: string;
}
export type MountPropagation = 'PROPAGATION_PRIVATE' | 'PROPAGATION_HOST_TO_CONTAINER' | 'PROPAGATION_BIDIRECTIONAL';
export interface Mount {
  containerPath: string;
  hostPath: string;
  readonly: boolean;
  selinuxRelabel: boolean;
  propagation: MountPropagation;
  uidMappings: IDMapping[];
  gidMappings: IDMapping[];
  recursiveReadOnly: boolean;
  image: ImageSpec | null;
  imageSubPath: string;
}
export interface IDMapping {
  hostId: number;
  containerId: number;
  length: number;
}
export type NamespaceMode = 'POD' | 'CONTAINER' | 'NODE' | 'TARGET';
export interface UserNamespace {
  mode: NamespaceMode;
  uids: IDMapping[];
  gids: IDMapping[];
}
export interface NamespaceOption {
  network: NamespaceMode;
  pid: NamespaceMode;
  ipc: NamespaceMode;
  targetId: string;
  usernsOptions: UserNamespace | null;
}
export type SupplementalGroupsPolicy = 'Merge' | 'Strict';
export interface Int64Value {
  value: number;
}
export interface LinuxSandboxSecurityContext {
  namespaceOptions: NamespaceOption | null;
  selinuxOptions: SELinuxOption | null;
  runAsUser: Int64Value | null;
  runAsGroup: Int64Value | null;
  readonlyRootfs: boolean;
  supplementalGroups: number[];
  supplementalGroupsPolicy: SupplementalGroupsPolicy;
  privileged: boolean;
  seccomp: SecurityProfile | null;
  apparmor: SecurityProfile | null;
  seccompProfilePath: string;
}
export type SecurityProfileProfileType = 'RuntimeDefault' | 'Unconfined' | 'Localhost';
export interface SecurityProfile {
  profileType: SecurityProfileProfileType;
  localhostRef: string;
}
export interface LinuxPodSandboxConfig {
  cgroupParent: string;
  securityContext: LinuxSandboxSecurityContext | null;
  sysctls: Record<string, string>;
  overhead: LinuxContainerResources | null;
  resources: LinuxContainerResources | null;
}
export interface PodSandboxMetadata {
  name: string;
  uid: string;
  namespace: string;
  attempt: number;
}
export interface PodSandboxConfig {
  metadata: PodSandboxMetadata | null;
  hostname: string;
  logDirectory: string;
  dnsConfig: DNSConfig | null;
  portMappings: PortMapping[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  linux: LinuxPodSandboxConfig | null;
  windows: WindowsPodSandboxConfig | null;
}
export interface RunPodSandboxRequest {
  config: PodSandboxConfig | null;
  runtimeHandler: string;
}
export interface RunPodSandboxResponse {
  podSandboxId: string;
}
export interface StopPodSandboxRequest {
  podSandboxId: string;
}
export type StopPodSandboxResponse = Record<string, never>;
export interface RemovePodSandboxRequest {
  podSandboxId: string;
}
export type RemovePodSandboxResponse = Record<string, never>;
export interface PodSandboxStatusRequest {
  podSandboxId: string;
  verbose: boolean;
}
export interface PodIP {
  ip: string;
}
export interface PodSandboxNetworkStatus {
  ip: string;
  additionalIps: PodIP[];
}
export interface Namespace {
  options: NamespaceOption | null;
}
export interface LinuxPodSandboxStatus {
  namespaces: Namespace | null;
}
export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
export interface PodSandboxStatus {
  id: string;
  metadata: PodSandboxMetadata | null;
  state: PodSandboxState;
  createdAt: number;
  network: PodSandboxNetworkStatus | null;
  linux: LinuxPodSandboxStatus | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  runtimeHandler: string;
}
export interface PodSandboxStatusResponse {
  status: PodSandboxStatus | null;
  info: Record<string, string>;
  containersStatuses: ContainerStatus[];
  timestamp: number;
}
export interface PodSandboxStateValue {
  state: PodSandboxState;
}
export interface PodSandboxFilter {
  id: string;
  state: PodSandboxStateValue | null;
  labelSelector: Record<string, string>;
}
export interface ListPodSandboxRequest {
  filter: PodSandboxFilter | null;
}
export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata | null;
  state: PodSandboxState;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  runtimeHandler: string;
}
export interface ListPodSandboxResponse {
  items: PodSandbox[];
}
export interface PodSandboxStatsRequest {
  podSandboxId: string;
}
export interface PodSandboxStatsResponse {
  stats: PodSandboxStats | null;
}
export interface PodSandboxStatsFilter {
  id: string;
  labelSelector: Record<string, string>;
}
export interface ListPodSandboxStatsRequest {
  filter: PodSandboxStatsFilter | null;
}
export interface ListPodSandboxStatsResponse {
  stats: PodSandboxStats[];
}
export interface PodSandboxAttributes {
  id: string;
  metadata: PodSandboxMetadata | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
export interface PodSandboxStats {
  attributes: PodSandboxAttributes | null;
  linux: LinuxPodSandboxStats | null;
  windows: WindowsPodSandboxStats | null;
}
export interface LinuxPodSandboxStats {
  cpu: CpuUsage | null;
  memory: MemoryUsage | null;
  network: NetworkUsage | null;
  process: ProcessUsage | null;
  containers: ContainerStats[];
  io: IoUsage | null;
}
export interface WindowsPodSandboxStats {
  cpu: WindowsCpuUsage | null;
  memory: WindowsMemoryUsage | null;
  network: WindowsNetworkUsage | null;
  process: WindowsProcessUsage | null;
  containers: WindowsContainerStats[];
}
export interface NetworkUsage {
  timestamp: number;
  defaultInterface: NetworkInterfaceUsage | null;
  interfaces: NetworkInterfaceUsage[];
}
export interface WindowsNetworkUsage {
  timestamp: number;
  defaultInterface: WindowsNetworkInterfaceUsage | null;
  interfaces: WindowsNetworkInterfaceUsage[];
}
export interface NetworkInterfaceUsage {
  name: string;
  rxBytes: UInt64Value | null;
  rxErrors: UInt64Value | null;
  txBytes: UInt64Value | null;
  txErrors: UInt64Value | null;
}
export interface WindowsNetworkInterfaceUsage {
  name: string;
  rxBytes: UInt64Value | null;
  rxPacketsDropped: UInt64Value | null;
  txBytes: UInt64Value | null;
  txPacketsDropped: UInt64Value | null;
}
export interface ProcessUsage {
  timestamp: number;
  processCount: UInt64Value | null;
}
export interface WindowsProcessUsage {
  timestamp: number;
  processCount: UInt64Value | null;
}
export interface ImageSpec {
  image: string;
  annotations: Record<string, string>;
  userSpecifiedImage: string;
  runtimeHandler: string;
}
export interface KeyValue {
  key: string;
  value: Buffer;
}
export interface LinuxContainerResources {
  cpuPeriod: number;
  cpuQuota: number;
  cpuShares: number;
  memoryLimitInBytes: number;
  oomScoreAdj: number;
  cpusetCpus: string;
  cpusetMems: string;
  hugepageLimits: HugepageLimit[];
  unified: Record<string, string>;
  memorySwapLimitInBytes: number;
}
export interface HugepageLimit {
  pageSize: string;
  limit: number;
}
export interface SELinuxOption {
  user: string;
  role: string;
  type: string;
  level: string;
}
export interface Capability {
  addCapabilities: string[];
  dropCapabilities: string[];
  addAmbientCapabilities: string[];
}
export interface LinuxContainerSecurityContext {
  capabilities: Capability | null;
  privileged: boolean;
  namespaceOptions: NamespaceOption | null;
  selinuxOptions: SELinuxOption | null;
  runAsUser: Int64Value | null;
  runAsGroup: Int64Value | null;
  runAsUsername: string;
  readonlyRootfs: boolean;
  supplementalGroups: number[];
  supplementalGroupsPolicy: SupplementalGroupsPolicy;
  noNewPrivs: boolean;
  maskedPaths: string[];
  readonlyPaths: string[];
  seccomp: SecurityProfile | null;
  apparmor: SecurityProfile | null;
  apparmorProfile: string;
  seccompProfilePath: string;
}
export interface LinuxContainerConfig {
  resources: LinuxContainerResources | null;
  securityContext: LinuxContainerSecurityContext | null;
}
export interface LinuxContainerUser {
  uid: number;
  gid: number;
  supplementalGroups: number[];
}
export interface WindowsNamespaceOption {
  network: NamespaceMode;
}
export interface WindowsSandboxSecurityContext {
  runAsUsername: string;
  credentialSpec: string;
  hostProcess: boolean;
  namespaceOptions: WindowsNamespaceOption | null;
}
export interface WindowsPodSandboxConfig {
  securityContext: WindowsSandboxSecurityContext | null;
}
export interface WindowsContainerSecurityContext {
  runAsUsername: string;
  credentialSpec: string;
  hostProcess: boolean;
}
export interface WindowsContainerConfig {
  resources: WindowsContainerResources | null;
  securityContext: WindowsContainerSecurityContext | null;
}
export interface WindowsContainerResources {
  cpuShares: number;
  cpuCount: number;
  cpuMaximum: number;
  memoryLimitInBytes: number;
  rootfsSizeInBytes: number;
  affinityCpus: WindowsCpuGroupAffinity[];
}
export interface WindowsCpuGroupAffinity {
  cpuMask: number;
  cpuGroup: number;
}
export interface ContainerMetadata {
  name: string;
  attempt: number;
}
export interface Device {
  containerPath: string;
  hostPath: string;
  permissions: string;
}
export interface CDIDevice {
  name: string;
}
export interface ContainerConfig {
  metadata: ContainerMetadata | null;
  image: ImageSpec | null;
  command: string[];
  args: string[];
  workingDir: string;
  envs: KeyValue[];
  mounts: Mount[];
  devices: Device[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  logPath: string;
  stdin: boolean;
  stdinOnce: boolean;
  tty: boolean;
  linux: LinuxContainerConfig | null;
  windows: WindowsContainerConfig | null;
  CDIDevices: CDIDevice[];
  stopSignal: Signal;
}
export type Signal = 'RUNTIME_DEFAULT' | 'SIGABRT' | 'SIGALRM' | 'SIGBUS' | 'SIGCHLD' | 'SIGCLD' | 'SIGCONT' | 'SIGFPE' | 'SIGHUP' | 'SIGILL' | 'SIGINT' | 'SIGIO' | 'SIGIOT' | 'SIGKILL' | 'SIGPIPE' | 'SIGPOLL' | 'SIGPROF' | 'SIGPWR' | 'SIGQUIT' | 'SIGSEGV' | 'SIGSTKFLT' | 'SIGSTOP' | 'SIGSYS' | 'SIGTERM' | 'SIGTRAP' | 'SIGTSTP' | 'SIGTTIN' | 'SIGTTOU' | 'SIGURG' | 'SIGUSR1' | 'SIGUSR2' | 'SIGVTALRM' | 'SIGWINCH' | 'SIGXCPU' | 'SIGXFSZ' | 'SIGRTMIN' | 'SIGRTMINPLUS1' | 'SIGRTMINPLUS2' | 'SIGRTMINPLUS3' | 'SIGRTMINPLUS4' | 'SIGRTMINPLUS5' | 'SIGRTMINPLUS6' | 'SIGRTMINPLUS7' | 'SIGRTMINPLUS8' | 'SIGRTMINPLUS9' | 'SIGRTMINPLUS10' | 'SIGRTMINPLUS11' | 'SIGRTMINPLUS12' | 'SIGRTMINPLUS13' | 'SIGRTMINPLUS14' | 'SIGRTMINPLUS15' | 'SIGRTMAXMINUS14' | 'SIGRTMAXMINUS13' | 'SIGRTMAXMINUS12' | 'SIGRTMAXMINUS11' | 'SIGRTMAXMINUS10' | 'SIGRTMAXMINUS9' | 'SIGRTMAXMINUS8' | 'SIGRTMAXMINUS7' | 'SIGRTMAXMINUS6' | 'SIGRTMAXMINUS5' | 'SIGRTMAXMINUS4' | 'SIGRTMAXMINUS3' | 'SIGRTMAXMINUS2' | 'SIGRTMAXMINUS1' | 'SIGRTMAX';
export interface CreateContainerRequest {
  podSandboxId: string;
  config: ContainerConfig | null;
  sandboxConfig: PodSandboxConfig | null;
}
export interface CreateContainerResponse {
  containerId: string;
}
export interface StartContainerRequest {
  containerId: string;
}
export type StartContainerResponse = Record<string, never>;
export interface StopContainerRequest {
  containerId: string;
  timeout: number;
}
export type StopContainerResponse = Record<string, never>;
export interface RemoveContainerRequest {
  containerId: string;
}
export type RemoveContainerResponse = Record<string, never>;
export type ContainerState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';
export interface ContainerStateValue {
  state: ContainerState;
}
export interface ContainerFilter {
  id: string;
  state: ContainerStateValue | null;
  podSandboxId: string;
  labelSelector: Record<string, string>;
}
export interface ListContainersRequest {
  filter: ContainerFilter | null;
}
export interface Container {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata | null;
  image: ImageSpec | null;
  imageRef: string;
  state: ContainerState;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  imageId: string;
}
export interface ListContainersResponse {
  containers: Container[];
}
export interface ContainerStatusRequest {
  containerId: string;
  verbose: boolean;
}
export interface ContainerStatus {
  id: string;
  metadata: ContainerMetadata | null;
  state: ContainerState;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  image: ImageSpec | null;
  imageRef: string;
  reason: string;
  message: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  mounts: Mount[];
  logPath: string;
  resources: ContainerResources | null;
  imageId: string;
  user: ContainerUser | null;
  stopSignal: Signal;
}
export interface ContainerStatusResponse {
  status: ContainerStatus | null;
  info: Record<string, string>;
}
export interface ContainerResources {
  linux: LinuxContainerResources | null;
  windows: WindowsContainerResources | null;
}
export interface ContainerUser {
  linux: LinuxContainerUser | null;
}
export interface UpdateContainerResourcesRequest {
  containerId: string;
  linux: LinuxContainerResources | null;
  windows: WindowsContainerResources | null;
  annotations: Record<string, string>;
}
export type UpdateContainerResourcesResponse = Record<string, never>;
export interface ExecSyncRequest {
  containerId: string;
  cmd: string[];
  timeout: number;
}
export interface ExecSyncResponse {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number;
}
export interface ExecRequest {
  containerId: string;
  cmd: string[];
  tty: boolean;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
}
export interface ExecResponse {
  url: string;
}
export interface AttachRequest {
  containerId: string;
  stdin: boolean;
  tty: boolean;
  stdout: boolean;
  stderr: boolean;
}
export interface AttachResponse {
  url: string;
}
export interface PortForwardRequest {
  podSandboxId: string;
  port: number[];
}
export interface PortForwardResponse {
  url: string;
}
export interface ImageFilter {
  image: ImageSpec | null;
}
export interface ListImagesRequest {
  filter: ImageFilter | null;
}
export interface Image {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
  uid: Int64Value | null;
  username: string;
  spec: ImageSpec | null;
  pinned: boolean;
}
export interface ListImagesResponse {
  images: Image[];
}
export interface ImageStatusRequest {
  image: ImageSpec | null;
  verbose: boolean;
}
export interface ImageStatusResponse {
  image: Image | null;
  info: Record<string, string>;
}
export interface AuthConfig {
  username: string;
  password: string;
  auth: string;
  serverAddress: string;
  identityToken: string;
  registryToken: string;
}
export interface PullImageRequest {
  image: ImageSpec | null;
  auth: AuthConfig | null;
  sandboxConfig: PodSandboxConfig | null;
}
export interface PullImageResponse {
  imageRef: string;
}
export interface RemoveImageRequest {
  image: ImageSpec | null;
}
export type RemoveImageResponse = Record<string, never>;
export interface NetworkConfig {
  podCidr: string;
}
export interface RuntimeConfig {
  networkConfig: NetworkConfig | null;
}
export interface UpdateRuntimeConfigRequest {
  runtimeConfig: RuntimeConfig | null;
}
export type UpdateRuntimeConfigResponse = Record<string, never>;
export interface RuntimeCondition {
  type: string;
  status: boolean;
  reason: string;
  message: string;
}
export interface RuntimeStatus {
  conditions: RuntimeCondition[];
}
export interface StatusRequest {
  verbose: boolean;
}
export interface RuntimeHandlerFeatures {
  recursiveReadOnlyMounts: boolean;
  userNamespaces: boolean;
}
export interface RuntimeHandler {
  name: string;
  features: RuntimeHandlerFeatures | null;
}
export interface RuntimeFeatures {
  supplementalGroupsPolicy: boolean;
}
export interface StatusResponse {
  status: RuntimeStatus | null;
  info: Record<string, string>;
  runtimeHandlers: RuntimeHandler[];
  features: RuntimeFeatures | null;
}
export type ImageFsInfoRequest = Record<string, never>;
export interface UInt64Value {
  value: number;
}
export interface FilesystemIdentifier {
  mountpoint: string;
}
export interface FilesystemUsage {
  timestamp: number;
  fsId: FilesystemIdentifier | null;
  usedBytes: UInt64Value | null;
  inodesUsed: UInt64Value | null;
}
export interface WindowsFilesystemUsage {
  timestamp: number;
  fsId: FilesystemIdentifier | null;
  usedBytes: UInt64Value | null;
}
export interface ImageFsInfoResponse {
  imageFilesystems: FilesystemUsage[];
  containerFilesystems: FilesystemUsage[];
}
export interface ContainerStatsRequest {
  containerId: string;
}
export interface ContainerStatsResponse {
  stats: ContainerStats | null;
}
export interface ListContainerStatsRequest {
  filter: ContainerStatsFilter | null;
}
export interface ContainerStatsFilter {
  id: string;
  podSandboxId: string;
  labelSelector: Record<string, string>;
}
export interface ListContainerStatsResponse {
  stats: ContainerStats[];
}
export interface ContainerAttributes {
  id: string;
  metadata: ContainerMetadata | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
export interface ContainerStats {
  attributes: ContainerAttributes | null;
  cpu: CpuUsage | null;
  memory: MemoryUsage | null;
  writableLayer: FilesystemUsage | null;
  swap: SwapUsage | null;
  io: IoUsage | null;
}
export interface WindowsContainerStats {
  attributes: ContainerAttributes | null;
  cpu: WindowsCpuUsage | null;
  memory: WindowsMemoryUsage | null;
  writableLayer: WindowsFilesystemUsage | null;
}
export interface PsiStats {
  Full: PsiData | null;
  Some: PsiData | null;
}
export interface PsiData {
  Total: number;
  Avg10: number;
  Avg60: number;
  Avg300: number;
}
export interface CpuUsage {
  timestamp: number;
  usageCoreNanoSeconds: UInt64Value | null;
  usageNanoCores: UInt64Value | null;
  psi: PsiStats | null;
}
export interface WindowsCpuUsage {
  timestamp: number;
  usageCoreNanoSeconds: UInt64Value | null;
  usageNanoCores: UInt64Value | null;
}
export interface MemoryUsage {
  timestamp: number;
  workingSetBytes: UInt64Value | null;
  availableBytes: UInt64Value | null;
  usageBytes: UInt64Value | null;
  rssBytes: UInt64Value | null;
  pageFaults: UInt64Value | null;
  majorPageFaults: UInt64Value | null;
  psi: PsiStats | null;
}
export interface IoUsage {
  timestamp: number;
  psi: PsiStats | null;
}
export interface SwapUsage {
  timestamp: number;
  swapAvailableBytes: UInt64Value | null;
  swapUsageBytes: UInt64Value | null;
}
export interface WindowsMemoryUsage {
  timestamp: number;
  workingSetBytes: UInt64Value | null;
  availableBytes: UInt64Value | null;
  pageFaults: UInt64Value | null;
  commitMemoryBytes: UInt64Value | null;
}
export interface ReopenContainerLogRequest {
  containerId: string;
}
export type ReopenContainerLogResponse = Record<string, never>;
