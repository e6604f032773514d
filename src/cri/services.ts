// The two CRI services as TypeScript interfaces: one method per call, request → response,
// named as the protocol names them with a lower-case first letter (RunPodSandbox →
// runPodSandbox). The gRPC client, the in-process simulator and anything else a node agent
// drives implement these same interfaces.
import type * as t from './types.js';

/** Per-call options: how long the call may take before it fails with DEADLINE_EXCEEDED. */
export interface CallOptions {
  timeoutMs?: number;
}

/** Each call's request and response types, keyed by method name. */
export interface RuntimeCalls {
  version: [t.VersionRequest, t.VersionResponse];
  runPodSandbox: [t.RunPodSandboxRequest, t.RunPodSandboxResponse];
  stopPodSandbox: [t.StopPodSandboxRequest, t.StopPodSandboxResponse];
  removePodSandbox: [t.RemovePodSandboxRequest, t.RemovePodSandboxResponse];
  podSandboxStatus: [t.PodSandboxStatusRequest, t.PodSandboxStatusResponse];
  listPodSandbox: [t.ListPodSandboxRequest, t.ListPodSandboxResponse];
  createContainer: [t.CreateContainerRequest, t.CreateContainerResponse];
  startContainer: [t.StartContainerRequest, t.StartContainerResponse];
  stopContainer: [t.StopContainerRequest, t.StopContainerResponse];
  removeContainer: [t.RemoveContainerRequest, t.RemoveContainerResponse];
  listContainers: [t.ListContainersRequest, t.ListContainersResponse];
  containerStatus: [t.ContainerStatusRequest, t.ContainerStatusResponse];
  updateContainerResources: [t.UpdateContainerResourcesRequest, t.UpdateContainerResourcesResponse];
  reopenContainerLog: [t.ReopenContainerLogRequest, t.ReopenContainerLogResponse];
  execSync: [t.ExecSyncRequest, t.ExecSyncResponse];
  exec: [t.ExecRequest, t.ExecResponse];
  attach: [t.AttachRequest, t.AttachResponse];
  portForward: [t.PortForwardRequest, t.PortForwardResponse];
  containerStats: [t.ContainerStatsRequest, t.ContainerStatsResponse];
  listContainerStats: [t.ListContainerStatsRequest, t.ListContainerStatsResponse];
  podSandboxStats: [t.PodSandboxStatsRequest, t.PodSandboxStatsResponse];
  listPodSandboxStats: [t.ListPodSandboxStatsRequest, t.ListPodSandboxStatsResponse];
  status: [t.StatusRequest, t.StatusResponse];
  updateRuntimeConfig: [t.UpdateRuntimeConfigRequest, t.UpdateRuntimeConfigResponse];
}

export interface ImageCalls {
  listImages: [t.ListImagesRequest, t.ListImagesResponse];
  imageStatus: [t.ImageStatusRequest, t.ImageStatusResponse];
  pullImage: [t.PullImageRequest, t.PullImageResponse];
  removeImage: [t.RemoveImageRequest, t.RemoveImageResponse];
  imageFsInfo: [t.ImageFsInfoRequest, t.ImageFsInfoResponse];
}

type Calls<C> = { [K in keyof C]: [unknown, unknown] };

/** What a caller sees: partial requests in, complete (defaulted) responses out. */
export type Service<C extends Calls<C>> = {
  [K in keyof C]: (request: t.DeepPartial<C[K][0]>, options?: CallOptions) => Promise<C[K][1]>;
};

/**
 * What an implementation sees: complete (defaulted) requests, as decoded from the wire. It may
 * answer with fields left out: they are filled with defaults on their way to the caller.
 */
export type ServiceHandlers<C extends Calls<C>> = {
  [K in keyof C]: (request: C[K][0]) => Promise<t.DeepPartial<C[K][1]>>;
};

export type RuntimeService = Service<RuntimeCalls>;
export type ImageService = Service<ImageCalls>;

/** A container runtime as a node agent holds it: both services, and a way to let go of it. */
export interface Cri {
  runtime: RuntimeService;
  image: ImageService;
  close(): void;
}
