// SimulatedRuntime: one node's container runtime, simulated. Pod sandboxes (ready → notready)
// and containers (created → running → exited) are plain records; a container's "process" is
// the command interpreter of script.ts, or its image's known behaviour, and what it prints goes
// to its CRI log file. Starts take `startLatencyMs`; pod IPs come from the node's pod CIDR;
// stats are made-up but steady figures that grow with running time. Every CRI call the kubelet
// makes is answered; a node costs a few kilobytes plus its pods, so thousands fit in a process.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CriError, grpcStatus } from '../criError.js';
import type { ImageCalls, RuntimeCalls, ServiceHandlers } from '../services.js';
import type * as t from '../types.js';
import { ContainerLog } from './containerLog.js';
import { attachTo, podForwarder, type AttachableProcess } from './containerStreams.js';
import { ImageStore, defaultPullFailures } from './imageStore.js';
import { LabelIndex, POD_UID_LABEL } from './labelIndex.js';
import { InputPipe } from './inputPipe.js';
import { PodAddresses } from './podAddresses.js';
import { runForever, runProcess } from './script.js';
import type { ProcessStreams, StreamServer } from './streamServer.js';

/** What a container of an image does when the pod gives no command: exit at once, or run. */
export interface ImageBehaviour {
  /** Exit with this code (after `afterMs`); undefined: run until stopped. */
  exitCode?: number;
  afterMs?: number;
  /** The default command is a shell: with stdin (`kubectl run -it`), it reads commands from it. */
  shell?: boolean;
}

export const defaultImageBehaviours: Record<string, ImageBehaviour> = {
  // busybox's default command is `sh`, which ends at once without an input.
  'docker.io/library/busybox:latest': { exitCode: 0, shell: true },
  'docker.io/kubets/exit1:latest': { exitCode: 1 },
};

export interface SimulatedRuntimeOptions {
  /** The pod CIDR addresses come from until UpdateRuntimeConfig sets one (default 10.244.0.0/24). */
  podCidr?: string;
  /** How long RunPodSandbox and StartContainer take, ms (default 0). */
  startLatencyMs?: number;
  /** Behaviour of images' default processes, by normalized reference. */
  imageBehaviours?: Record<string, ImageBehaviour>;
  /** Pulls of references matching these fail (default: does-not-exist, nonexistent, unpullable). */
  pullFailures?: RegExp[];
  /** Commands whose program matches this are "not found": StartContainer fails as containerd's does. */
  missingCommand?: RegExp;
  /** Where Exec, Attach and PortForward URLs point; without one those calls fail. */
  streams?: StreamServer;
}

interface Sandbox {
  id: string;
  config: t.PodSandboxConfig;
  state: t.PodSandboxState;
  createdAt: number;
  ip: string;
  runtimeHandler: string;
}

interface Container {
  id: string;
  sandboxId: string;
  config: t.ContainerConfig;
  imageRef: string;
  state: t.ContainerState;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  reason: string;
  message: string;
  /** The log file: the sandbox's log directory joined with the container's log path. */
  logPath: string;
  log: ContainerLog;
  files: Map<string, string>;
  stop?: AbortController;
  /** Set when the runtime itself ends the process (stop): the exit code it gets. */
  stopCode?: number;
  /** Its process as attach joins it, once started. */
  process?: AttachableProcess;
}

const nanos = (ms = Date.now()) => ms * 1e6;
const newId = () => randomBytes(32).toString('hex');
const notFound = (what: string, id: string) => new CriError(grpcStatus.NOT_FOUND, `an error occurred when try to find ${what} "${id}": not found`);
function matches(labels: Record<string, string>, selector: Record<string, string> | undefined): boolean {
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}
/** A steady per-container figure in [0, 1) from its ID. */
const spread = (id: string, salt: number) => (Number.parseInt(id.slice(salt * 4, salt * 4 + 6), 16) % 1000) / 1000;

export class SimulatedRuntime implements ServiceHandlers<RuntimeCalls>, ServiceHandlers<ImageCalls> {
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly containers = new Map<string, Container>();
  private readonly sandboxesByPod = new LabelIndex<Sandbox>(POD_UID_LABEL);
  private readonly containersByPod = new LabelIndex<Container>(POD_UID_LABEL);
  private readonly images: ImageStore;
  private addresses: PodAddresses;
  private readonly startLatencyMs: number;
  private readonly imageBehaviours: Record<string, ImageBehaviour>;
  private readonly missingCommand: RegExp;
  private readonly streams?: StreamServer;

  constructor(options: SimulatedRuntimeOptions = {}) {
    this.addresses = new PodAddresses(options.podCidr ?? '10.244.0.0/24');
    this.images = new ImageStore(options.pullFailures ?? defaultPullFailures);
    this.startLatencyMs = options.startLatencyMs ?? 0;
    this.imageBehaviours = options.imageBehaviours ?? defaultImageBehaviours;
    this.missingCommand = options.missingCommand ?? /^(nonexistent|does-not-exist|missing)/;
    this.streams = options.streams;
  }

  /** Stops every process, so nothing of this node keeps the process alive. */
  shutdown(): void {
    for (const container of this.containers.values()) container.stop?.abort();
  }

  async version(): Promise<t.DeepPartial<t.VersionResponse>> {
    return { version: '0.1.0', runtimeName: 'kubets-simulator', runtimeVersion: '0.1.0', runtimeApiVersion: 'v1' };
  }

  async status(): Promise<t.DeepPartial<t.StatusResponse>> {
    return {
      status: { conditions: [{ type: 'RuntimeReady', status: true }, { type: 'NetworkReady', status: true }] },
      runtimeHandlers: [{ name: '', features: {} }],
    };
  }

  async updateRuntimeConfig(request: t.UpdateRuntimeConfigRequest): Promise<t.DeepPartial<t.UpdateRuntimeConfigResponse>> {
    const cidr = request.runtimeConfig?.networkConfig?.podCidr;
    if (cidr && this.sandboxes.size === 0) this.addresses = new PodAddresses(cidr);
    return {};
  }

  // --- pod sandboxes

  async runPodSandbox(request: t.RunPodSandboxRequest): Promise<t.DeepPartial<t.RunPodSandboxResponse>> {
    const config = request.config;
    if (!config?.metadata) throw new CriError(grpcStatus.INVALID_ARGUMENT, 'sandbox config must include metadata');
    const hostNetwork = config.linux?.securityContext?.namespaceOptions?.network === 'NODE';
    if (this.startLatencyMs > 0) await sleep(this.startLatencyMs);
    const sandbox: Sandbox = {
      id: newId(), config, state: 'SANDBOX_READY', createdAt: nanos(),
      ip: hostNetwork ? '' : this.addresses.allocate(), runtimeHandler: request.runtimeHandler,
    };
    this.sandboxes.set(sandbox.id, sandbox);
    this.sandboxesByPod.add(sandbox, config.labels);
    return { podSandboxId: sandbox.id };
  }

  async stopPodSandbox(request: t.StopPodSandboxRequest): Promise<t.DeepPartial<t.StopPodSandboxResponse>> {
    const sandbox = this.sandboxes.get(request.podSandboxId);
    if (!sandbox) return {};
    for (const container of this.containers.values()) {
      if (container.sandboxId === sandbox.id) this.kill(container, 137);
    }
    sandbox.state = 'SANDBOX_NOTREADY';
    return {};
  }

  async removePodSandbox(request: t.RemovePodSandboxRequest): Promise<t.DeepPartial<t.RemovePodSandboxResponse>> {
    const sandbox = this.sandboxes.get(request.podSandboxId);
    if (!sandbox) return {};
    for (const container of [...this.containers.values()]) {
      if (container.sandboxId === sandbox.id) {
        this.kill(container, 137);
        this.forgetContainer(container);
      }
    }
    if (sandbox.ip) this.addresses.release(sandbox.ip);
    this.sandboxes.delete(sandbox.id);
    this.sandboxesByPod.remove(sandbox, sandbox.config.labels);
    return {};
  }

  async podSandboxStatus(request: t.PodSandboxStatusRequest): Promise<t.DeepPartial<t.PodSandboxStatusResponse>> {
    const sandbox = this.sandbox(request.podSandboxId);
    return {
      status: {
        ...this.sandboxSummary(sandbox),
        network: { ip: sandbox.ip },
        linux: { namespaces: { options: sandbox.config.linux?.securityContext?.namespaceOptions ?? {} } },
      },
    };
  }

  async listPodSandbox(request: t.ListPodSandboxRequest): Promise<t.DeepPartial<t.ListPodSandboxResponse>> {
    const filter = request.filter;
    const items: t.DeepPartial<t.PodSandbox>[] = [];
    for (const sandbox of this.sandboxesByPod.candidates(filter?.labelSelector, this.sandboxes.values())) {
      if ((!filter?.id || sandbox.id.startsWith(filter.id))
        && (!filter?.state || sandbox.state === filter.state.state)
        && matches(sandbox.config.labels, filter?.labelSelector)) items.push(this.sandboxSummary(sandbox));
    }
    return { items };
  }

  // --- containers

  async createContainer(request: t.CreateContainerRequest): Promise<t.DeepPartial<t.CreateContainerResponse>> {
    const sandbox = this.sandbox(request.podSandboxId);
    if (sandbox.state !== 'SANDBOX_READY') {
      throw new CriError(grpcStatus.UNKNOWN, `failed to create containerd container: sandbox "${sandbox.id}" is not running`);
    }
    const requested = request.config;
    if (!requested?.metadata) throw new CriError(grpcStatus.INVALID_ARGUMENT, 'container config must include metadata');
    // Kept without its security context, which only a real runtime applies: with every default
    // filled in, it is much of a config's size, and a node holds thousands of configs.
    const config: t.ContainerConfig = { ...requested, linux: requested.linux && { resources: requested.linux.resources, securityContext: null } };
    const reference = config.image?.image ?? '';
    const image = this.images.find(reference);
    if (!image) throw new CriError(grpcStatus.NOT_FOUND, `failed to create containerd container: get image info: image "${reference}": not found`);
    const logDirectory = sandbox.config.logDirectory;
    const logPath = config.logPath && logDirectory ? join(logDirectory, config.logPath) : '';
    const container: Container = {
      id: newId(), sandboxId: sandbox.id, config, imageRef: image.id, state: 'CONTAINER_CREATED',
      createdAt: nanos(), startedAt: 0, finishedAt: 0, exitCode: 0, reason: '', message: '',
      logPath, log: new ContainerLog(logPath),
      files: new Map([['/etc/hostname', `${sandbox.config.hostname}\n`]]),
    };
    this.containers.set(container.id, container);
    this.containersByPod.add(container, config.labels);
    return { containerId: container.id };
  }

  async startContainer(request: t.StartContainerRequest): Promise<t.DeepPartial<t.StartContainerResponse>> {
    const container = this.container(request.containerId);
    if (container.state !== 'CONTAINER_CREATED') {
      throw new CriError(grpcStatus.UNKNOWN, `container "${container.id}" is in ${container.state} state, not created`);
    }
    const argv = [...container.config.command, ...container.config.args];
    if (argv.length > 0 && this.missingCommand.test(argv[0])) {
      const message = `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown`;
      Object.assign(container, { state: 'CONTAINER_EXITED', exitCode: 128, reason: 'StartError', message, finishedAt: nanos() });
      throw new CriError(grpcStatus.UNKNOWN, message);
    }
    if (this.startLatencyMs > 0) await sleep(this.startLatencyMs);
    container.stop = new AbortController();
    container.state = 'CONTAINER_RUNNING';
    container.startedAt = nanos();
    const { config } = container;
    container.process = { attached: new Set(), stdin: config.stdin ? new InputPipe() : undefined, stdinOnce: config.stdinOnce, exited: Promise.resolve() };
    container.process.exited = this.run(container, argv, container.stop.signal).then(async (code) => {
      // As with a real process, what it wrote is in its log before it is seen to have exited.
      await container.log.flushed();
      if (container.state !== 'CONTAINER_RUNNING') return;
      const exitCode = container.stopCode ?? code;
      Object.assign(container, { state: 'CONTAINER_EXITED', exitCode, finishedAt: nanos(), reason: exitCode === 0 ? 'Completed' : 'Error' });
      container.stop = undefined;
    });
    return {};
  }

  async stopContainer(request: t.StopContainerRequest): Promise<t.DeepPartial<t.StopContainerResponse>> {
    // A simulated process ends on SIGTERM (143) unless the stop gives it no time at all.
    this.kill(this.container(request.containerId), request.timeout > 0 ? 143 : 137);
    return {};
  }

  async removeContainer(request: t.RemoveContainerRequest): Promise<t.DeepPartial<t.RemoveContainerResponse>> {
    const container = this.containers.get(request.containerId);
    if (container?.state === 'CONTAINER_RUNNING') {
      throw new CriError(grpcStatus.UNKNOWN, `failed to remove container "${container.id}": container is in running state, please stop it first`);
    }
    if (container) this.forgetContainer(container);
    return {};
  }

  async listContainers(request: t.ListContainersRequest): Promise<t.DeepPartial<t.ListContainersResponse>> {
    const filter = request.filter;
    const containers: t.DeepPartial<t.Container>[] = [];
    for (const container of this.containersByPod.candidates(filter?.labelSelector, this.containers.values())) {
      if ((!filter?.id || container.id.startsWith(filter.id))
        && (!filter?.podSandboxId || container.sandboxId === filter.podSandboxId)
        && (!filter?.state || container.state === filter.state.state)
        && matches(container.config.labels, filter?.labelSelector)) containers.push(this.containerSummary(container));
    }
    return { containers };
  }

  async containerStatus(request: t.ContainerStatusRequest): Promise<t.DeepPartial<t.ContainerStatusResponse>> {
    const container = this.container(request.containerId);
    const { config } = container;
    return {
      status: {
        ...this.containerSummary(container),
        startedAt: container.startedAt, finishedAt: container.finishedAt, exitCode: container.exitCode,
        reason: container.reason, message: container.message, mounts: config.mounts,
        logPath: container.logPath,
        resources: config.linux?.resources ? { linux: config.linux.resources } : null,
      },
    };
  }

  async updateContainerResources(request: t.UpdateContainerResourcesRequest): Promise<t.DeepPartial<t.UpdateContainerResourcesResponse>> {
    const container = this.container(request.containerId);
    if (request.linux) container.config.linux = { ...(container.config.linux ?? {}), resources: request.linux } as t.LinuxContainerConfig;
    return {};
  }

  async reopenContainerLog(request: t.ReopenContainerLogRequest): Promise<t.DeepPartial<t.ReopenContainerLogResponse>> {
    const container = this.container(request.containerId);
    if (container.state !== 'CONTAINER_RUNNING') throw new CriError(grpcStatus.UNKNOWN, 'container is not running');
    return {};
  }

  async execSync(request: t.ExecSyncRequest): Promise<t.DeepPartial<t.ExecSyncResponse>> {
    const container = this.container(request.containerId);
    if (container.state !== 'CONTAINER_RUNNING') {
      throw new CriError(grpcStatus.UNKNOWN, `container ${container.id} is not running`);
    }
    return this.runCommand(container, request.cmd, request.timeout);
  }

  /** Runs a command in a running container, as ExecSync and the stream server's exec do. */
  private async runCommand(container: Container, cmd: string[], timeoutSeconds = 0): Promise<{ stdout: Buffer; stderr: Buffer; exitCode: number }> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const abort = new AbortController();
    const timer = timeoutSeconds > 0 ? setTimeout(() => abort.abort(), timeoutSeconds * 1000) : undefined;
    try {
      const exitCode = await runProcess(cmd, this.processContext(container, abort.signal, (text) => stdout.push(text), (text) => stderr.push(text)));
      if (abort.signal.aborted) throw new CriError(grpcStatus.DEADLINE_EXCEEDED, `timeout ${timeoutSeconds}s exceeded: context deadline exceeded`);
      return { stdout: Buffer.from(stdout.join('')), stderr: Buffer.from(stderr.join('')), exitCode };
    } finally {
      clearTimeout(timer);
    }
  }

  async exec(request: t.ExecRequest): Promise<t.DeepPartial<t.ExecResponse>> {
    return { url: this.streamUrl('exec', this.running(request.containerId), request) };
  }

  async attach(request: t.AttachRequest): Promise<t.DeepPartial<t.AttachResponse>> {
    return { url: this.streamUrl('attach', this.running(request.containerId), request) };
  }

  async portForward(request: t.PortForwardRequest): Promise<t.DeepPartial<t.PortForwardResponse>> {
    return { url: this.streamUrl('portforward', undefined, request, this.sandbox(request.podSandboxId)) };
  }

  // --- stats

  async containerStats(request: t.ContainerStatsRequest): Promise<t.DeepPartial<t.ContainerStatsResponse>> {
    return { stats: this.statsOf(this.container(request.containerId)) };
  }

  async listContainerStats(request: t.ListContainerStatsRequest): Promise<t.DeepPartial<t.ListContainerStatsResponse>> {
    const filter = request.filter;
    const containers = [...this.containers.values()].filter((container) =>
      container.state === 'CONTAINER_RUNNING'
      && (!filter?.id || container.id === filter.id)
      && (!filter?.podSandboxId || container.sandboxId === filter.podSandboxId)
      && matches(container.config.labels, filter?.labelSelector));
    return { stats: containers.map((container) => this.statsOf(container)) };
  }

  async podSandboxStats(request: t.PodSandboxStatsRequest): Promise<t.DeepPartial<t.PodSandboxStatsResponse>> {
    return { stats: this.sandboxStatsOf(this.sandbox(request.podSandboxId)) };
  }

  async listPodSandboxStats(request: t.ListPodSandboxStatsRequest): Promise<t.DeepPartial<t.ListPodSandboxStatsResponse>> {
    const filter = request.filter;
    const sandboxes = [...this.sandboxes.values()].filter((sandbox) =>
      sandbox.state === 'SANDBOX_READY' && (!filter?.id || sandbox.id === filter.id) && matches(sandbox.config.labels, filter?.labelSelector));
    return { stats: sandboxes.map((sandbox) => this.sandboxStatsOf(sandbox)) };
  }

  // --- images

  async listImages(request: t.ListImagesRequest): Promise<t.DeepPartial<t.ListImagesResponse>> {
    const wanted = request.filter?.image?.image;
    const images = wanted ? [this.images.find(wanted)].filter((image) => image !== undefined) : this.images.list();
    return { images };
  }

  async imageStatus(request: t.ImageStatusRequest): Promise<t.DeepPartial<t.ImageStatusResponse>> {
    return { image: this.images.find(request.image?.image ?? '') ?? null };
  }

  async pullImage(request: t.PullImageRequest): Promise<t.DeepPartial<t.PullImageResponse>> {
    return { imageRef: this.images.pull(request.image?.image ?? '').id };
  }

  async removeImage(request: t.RemoveImageRequest): Promise<t.DeepPartial<t.RemoveImageResponse>> {
    this.images.remove(request.image?.image ?? '');
    return {};
  }

  async imageFsInfo(): Promise<t.DeepPartial<t.ImageFsInfoResponse>> {
    const timestamp = nanos();
    const images = this.images.list();
    const usage = (mountpoint: string, usedBytes: number, inodesUsed: number) =>
      ({ timestamp, fsId: { mountpoint }, usedBytes: { value: usedBytes }, inodesUsed: { value: inodesUsed } });
    return {
      imageFilesystems: [usage('/var/lib/kubets-simulator/images', images.reduce((sum, image) => sum + image.size, 0), images.length * 100)],
      containerFilesystems: [usage('/var/lib/kubets-simulator/containers', this.containers.size * 4096, this.containers.size * 10)],
    };
  }

  // --- internals

  private forgetContainer(container: Container): void {
    this.containers.delete(container.id);
    this.containersByPod.remove(container, container.config.labels);
  }

  private sandbox(id: string): Sandbox {
    const sandbox = this.sandboxes.get(id);
    if (!sandbox) throw notFound('sandbox', id);
    return sandbox;
  }

  private container(id: string): Container {
    const container = this.containers.get(id);
    if (!container) throw notFound('container', id);
    return container;
  }

  private running(id: string): Container {
    const container = this.container(id);
    if (container.state !== 'CONTAINER_RUNNING') throw new CriError(grpcStatus.UNKNOWN, `container ${id} is not running`);
    return container;
  }

  private streamUrl(kind: 'exec' | 'attach' | 'portforward', container: Container | undefined, request: object, sandbox?: Sandbox): string {
    if (!this.streams) throw new CriError(grpcStatus.UNIMPLEMENTED, 'this simulated runtime has no stream server');
    const process = container?.process;
    return this.streams.register({
      kind, request,
      exec: container && ((cmd, streams, signal) => runProcess(cmd, this.streamedContext(container, signal, streams))),
      attach: process && ((streams, signal) => attachTo(process, streams, signal)),
      forward: sandbox && ((port) => this.forwarder(sandbox)(port)),
    });
  }

  /** The reference of a container's image (its first tag). */
  private imageName(container: Container): string {
    return this.images.list().find((image) => image.id === container.imageRef)?.repoTags[0] ?? '';
  }

  private streamedContext(container: Container, signal: AbortSignal, streams: ProcessStreams) {
    return { ...this.processContext(container, signal, streams.stdout, streams.stderr), stdin: streams.stdin, tty: streams.tty };
  }

  /** Port-forward to a pod: its running containers' web servers, or a closed port's refusal. */
  private forwarder(sandbox: Sandbox) {
    const containers = [...this.containers.values()].filter((c) => c.sandboxId === sandbox.id && c.state === 'CONTAINER_RUNNING').map((c) => {
      const { files, readMounted } = this.processContext(c, AbortSignal.abort(), () => undefined, () => undefined);
      return { name: c.config.metadata?.name ?? '', argv: [...c.config.command, ...c.config.args], image: this.imageName(c), file: (path: string) => files.get(path) ?? readMounted(path) };
    });
    const mapped = sandbox.config.portMappings.map((m) => m.containerPort);
    return podForwarder(containers, mapped, (port) => `failed to execute portforward in network namespace "/var/run/netns/cni-${sandbox.id.slice(0, 8)}": failed to connect to localhost:${port} inside namespace "${sandbox.id}", IPv4: 127.0.0.1 IPv6 ::1 : dial tcp4 127.0.0.1:${port}: connect: connection refused`);
  }

  private kill(container: Container, exitCode: number): void {
    if (container.state === 'CONTAINER_CREATED') {
      Object.assign(container, { state: 'CONTAINER_EXITED', exitCode: 0, finishedAt: nanos(), reason: 'Completed' });
    }
    if (container.state !== 'CONTAINER_RUNNING') return;
    Object.assign(container, { state: 'CONTAINER_EXITED', exitCode, finishedAt: nanos(), reason: 'Error', stopCode: exitCode });
    container.stop?.abort();
    container.stop = undefined;
  }

  private processContext(container: Container, signal: AbortSignal, stdout: (text: string) => void, stderr: (text: string) => void) {
    const sandbox = this.sandboxes.get(container.sandboxId);
    const env: Record<string, string> = { HOSTNAME: sandbox?.config.hostname ?? '' };
    for (const { key, value } of container.config.envs) env[key] = Buffer.from(value).toString();
    const mounts = container.config.mounts;
    return {
      files: container.files, env, signal, stdout, stderr,
      readMounted: (path: string) => {
        const mount = mounts.find((m) => path === m.containerPath || path.startsWith(`${m.containerPath}/`));
        if (!mount) return undefined;
        try {
          return readFileSync(mount.hostPath + path.slice(mount.containerPath.length), 'utf8');
        } catch {
          return undefined;
        }
      },
    };
  }

  private run(container: Container, argv: string[], signal: AbortSignal): Promise<number> {
    const output = (stream: 'stdout' | 'stderr') => (text: string) => {
      container.log.write(stream, text);
      for (const attached of container.process?.attached ?? []) attached[stream](text);
    };
    const context = { ...this.processContext(container, signal, output('stdout'), output('stderr')), stdin: container.process?.stdin, tty: container.config.tty };
    if (argv.length > 0) return runProcess(argv, context);
    const behaviour = this.imageBehaviours[this.imageName(container)];
    if (behaviour?.shell && context.stdin) return runProcess(['sh'], context);
    if (behaviour?.exitCode === undefined) return runForever(signal);
    const exitCode = behaviour.exitCode;
    return sleep(behaviour.afterMs ?? 0, undefined, { signal, ref: false }).then(() => exitCode, () => 137);
  }

  private sandboxSummary(sandbox: Sandbox): t.DeepPartial<t.PodSandbox> {
    const { config } = sandbox;
    return {
      id: sandbox.id, metadata: config.metadata, state: sandbox.state, createdAt: sandbox.createdAt,
      labels: config.labels, annotations: config.annotations, runtimeHandler: sandbox.runtimeHandler,
    };
  }

  private containerSummary(container: Container): t.DeepPartial<t.Container> {
    const { config } = container;
    return {
      id: container.id, podSandboxId: container.sandboxId, metadata: config.metadata, image: config.image,
      imageRef: container.imageRef, imageId: container.imageRef, state: container.state,
      createdAt: container.createdAt, labels: config.labels, annotations: config.annotations,
    };
  }

  private statsOf(container: Container): t.DeepPartial<t.ContainerStats> {
    const timestamp = nanos();
    const running = container.state === 'CONTAINER_RUNNING';
    const runningNanos = running ? timestamp - container.startedAt : 0;
    const cores = 0.001 + 0.02 * spread(container.id, 0);
    const workingSet = running ? (4 + Math.round(12 * spread(container.id, 1))) * 1024 * 1024 : 0;
    const limit = container.config.linux?.resources?.memoryLimitInBytes ?? 0;
    return {
      attributes: { id: container.id, metadata: container.config.metadata, labels: container.config.labels, annotations: container.config.annotations },
      cpu: { timestamp, usageCoreNanoSeconds: { value: Math.round(runningNanos * cores) }, usageNanoCores: { value: running ? Math.round(cores * 1e9) : 0 } },
      memory: {
        timestamp, workingSetBytes: { value: workingSet }, usageBytes: { value: workingSet + 512 * 1024 },
        rssBytes: { value: Math.round(workingSet * 0.8) }, availableBytes: { value: limit > workingSet ? limit - workingSet : 0 },
        pageFaults: { value: 0 }, majorPageFaults: { value: 0 },
      },
      writableLayer: { timestamp, fsId: { mountpoint: '/var/lib/kubets-simulator/containers' }, usedBytes: { value: 4096 }, inodesUsed: { value: 10 } },
    };
  }

  private sandboxStatsOf(sandbox: Sandbox): t.DeepPartial<t.PodSandboxStats> {
    const timestamp = nanos();
    const containers = [...this.containers.values()]
      .filter((container) => container.sandboxId === sandbox.id && container.state === 'CONTAINER_RUNNING')
      .map((container) => this.statsOf(container));
    const sum = (pick: (stats: t.DeepPartial<t.ContainerStats>) => number | null | undefined) =>
      containers.reduce((total, stats) => total + (pick(stats) ?? 0), 0);
    const pauseBytes = 1024 * 1024;
    const traffic = Math.round((timestamp - sandbox.createdAt) / 1e6);
    return {
      attributes: { id: sandbox.id, metadata: sandbox.config.metadata, labels: sandbox.config.labels, annotations: sandbox.config.annotations },
      linux: {
        cpu: { timestamp, usageCoreNanoSeconds: { value: sum((s) => s.cpu?.usageCoreNanoSeconds?.value) }, usageNanoCores: { value: sum((s) => s.cpu?.usageNanoCores?.value) } },
        memory: {
          timestamp, workingSetBytes: { value: pauseBytes + sum((s) => s.memory?.workingSetBytes?.value) },
          usageBytes: { value: pauseBytes + sum((s) => s.memory?.usageBytes?.value) }, rssBytes: { value: pauseBytes + sum((s) => s.memory?.rssBytes?.value) },
        },
        network: sandbox.ip ? {
          timestamp,
          defaultInterface: { name: 'eth0', rxBytes: { value: traffic }, rxErrors: { value: 0 }, txBytes: { value: traffic }, txErrors: { value: 0 } },
        } : null,
        process: { timestamp, processCount: { value: containers.length + 1 } },
        containers,
      },
    };
  }
}
